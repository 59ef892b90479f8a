/*
 * proxy.h - the stateless proxy (SPEC 3, RFC 3261 16.11): one message
 * in, at most one message out. What goes out is described by an out
 * record, which the caller sends (src/net.c), prints or checks: the
 * proxy itself does no input or output.
 */
#ifndef PROXY_H
#define PROXY_H

#include <stddef.h>

#include "addr.h"
#include "map.h"

enum transport { TP_UDP, TP_TCP };

struct proxy_out {
	const char	*p;	/* the message, in the proxy's buffer: valid */
	size_t		 n;	/* until the next call */
	struct addr	 from;	/* the local address it leaves from */
	struct addr	 to;	/* where it goes */
	enum transport	 tp;	/* how */
};

void	proxy_init(const struct map *, int);
int	proxy_input(const char *, size_t, const struct addr *,
	    const struct addr *, enum transport, struct proxy_out *);

#endif
