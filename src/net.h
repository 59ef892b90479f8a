/*
 * net.h - the SIP sockets: a UDP socket on every SIP address, what comes
 * in handed to the proxy, and what the proxy says to send sent (or, in
 * test mode, printed).
 */
#ifndef NET_H
#define NET_H

#include <stdio.h>

#include "addr.h"
#include "proxy.h"

int		net_init(int);
int		net_bind(const struct addr *);
void		net_close_listeners(void);
unsigned	net_busy(void);
void		net_emit(const struct proxy_out *);
void		net_print(FILE *, const struct proxy_out *);

#endif
