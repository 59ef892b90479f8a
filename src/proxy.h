/*
 * proxy.h - the stateless proxy (SPEC 3, RFC 3261 16.11): one datagram
 * in, at most one message out.
 */
#ifndef PROXY_H
#define PROXY_H

#include <stddef.h>

#include "addr.h"
#include "map.h"

void	proxy_init(const struct map *, int);
void	proxy_input(const char *, size_t, const struct addr *,
	    const struct addr *);

#endif
