/*
 * net.h - the SIP sockets: a UDP socket and a TCP listener on every SIP
 * address, the TCP connections (the only TCP state), what comes in
 * handed to the proxy, and what the proxy says to send sent (or, in test
 * mode, printed).
 */
#ifndef NET_H
#define NET_H

#include "addr.h"
#include "proxy.h"

#define NET_TCP_IDLE	300	/* s: a connection with no traffic closes */
#define NET_TCP_MAX	1024	/* connections, at most (-c) */
#define NET_TCP_INMAX	65536	/* bytes of one message over TCP */
#define NET_TCP_OUTMAX	262144	/* bytes queued for one connection */
#define NET_TCP_CONNECT	4000	/* ms for a connection to be made */

int		net_init(int, unsigned, unsigned);
int		net_bind(const struct addr *);
void		net_close_listeners(void);
unsigned	net_busy(void);
void		net_emit(const struct proxy_out *);
void		net_print(int, const struct proxy_out *);

#endif
