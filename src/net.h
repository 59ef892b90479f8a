/*
 * net.h - what the proxy needs from the outside: sending one SIP message
 * from one of its local addresses. The daemon sends it (or, in test mode,
 * prints it); the replay driver of the tests prints it.
 */
#ifndef NET_H
#define NET_H

#include <stddef.h>

#include "addr.h"

void	net_send_sip(const struct addr *, const struct addr *, const char *,
	    size_t);
void	net_print_sip(const struct addr *, const struct addr *, const char *,
	    size_t);

/* Test seam: called with every message test mode prints. */
extern void (*net_tap)(const struct addr *, const struct addr *,
	    const char *, size_t);

#endif
