/*
 * addr.h - one address type for both families (an IP and a UDP port),
 * parsing of numeric literals from slices and formatting for the two
 * places they appear: SIP (IPv6 in brackets) and SDP (never brackets).
 */
#ifndef ADDR_H
#define ADDR_H

#include <sys/socket.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "sl.h"

struct addr {
	union {
		struct sockaddr		sa;
		struct sockaddr_in	in4;
		struct sockaddr_in6	in6;
	} u;
};

/* Longest text addr_fmt can produce: "[" v6 "]:" port, plus NUL. */
#define ADDR_STRLEN	64

#define FI(af)		((af) == AF_INET6)	/* family index: 0 v4, 1 v6 */
#define AF_OTHER(af)	((af) == AF_INET ? AF_INET6 : AF_INET)

uint16_t	addr_port(const struct addr *);
void		addr_set_port(struct addr *, uint16_t);
socklen_t	addr_len(const struct addr *);
int		addr_eq(const struct addr *, const struct addr *);
int		addr_eq_ip(const struct addr *, const struct addr *);
int		addr_is_unspec(const struct addr *);
int		addr_is_bad_local(const struct addr *);
int		addr_is_special(const struct addr *);
size_t		addr_iplen(const struct addr *);
const unsigned char *addr_ipbytes(const struct addr *);
int		addr_from_bytes(struct addr *, const unsigned char *, size_t,
		    uint16_t);
int		addr_parse_ip(struct sl, struct addr *);
int		addr_parse_arg(const char *, uint16_t, struct addr *);
size_t		addr_fmt(const struct addr *, char *, size_t, int, int);
const char     *addr_str(const struct addr *);

static inline int
addr_af(const struct addr *a)
{
	return a->u.sa.sa_family;
}

/* addr_fmt flags */
#define AF_BRACKETS	1	/* IPv6 in [ ] (SIP) */
#define AF_WITHPORT	2	/* append :port */

#endif
