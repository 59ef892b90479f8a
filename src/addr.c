/*
 * addr.c - address literals. inet_pton wants a C string, so a literal is
 * copied into a small local array after its length has been checked.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

uint16_t
addr_port(const struct addr *a)
{
	if (a->u.sa.sa_family == AF_INET)
		return ntohs(a->u.in4.sin_port);
	if (a->u.sa.sa_family == AF_INET6)
		return ntohs(a->u.in6.sin6_port);
	return 0;
}

void
addr_set_port(struct addr *a, uint16_t port)
{
	if (a->u.sa.sa_family == AF_INET)
		a->u.in4.sin_port = htons(port);
	else if (a->u.sa.sa_family == AF_INET6)
		a->u.in6.sin6_port = htons(port);
}

socklen_t
addr_len(const struct addr *a)
{
	return a->u.sa.sa_family == AF_INET ? sizeof(a->u.in4) :
	    sizeof(a->u.in6);
}

size_t
addr_iplen(const struct addr *a)
{
	return a->u.sa.sa_family == AF_INET ? 4 : 16;
}

const unsigned char *
addr_ipbytes(const struct addr *a)
{
	if (a->u.sa.sa_family == AF_INET)
		return (const unsigned char *)&a->u.in4.sin_addr;
	return (const unsigned char *)&a->u.in6.sin6_addr;
}

int
addr_from_bytes(struct addr *a, const unsigned char *ip, size_t n,
    uint16_t port)
{
	memset(a, 0, sizeof(*a));
	if (n == 4) {
		a->u.in4.sin_family = AF_INET;
		memcpy(&a->u.in4.sin_addr, ip, 4);
	} else if (n == 16) {
		a->u.in6.sin6_family = AF_INET6;
		memcpy(&a->u.in6.sin6_addr, ip, 16);
	} else
		return -1;
	addr_set_port(a, port);
	return 0;
}

int
addr_eq_ip(const struct addr *a, const struct addr *b)
{
	if (a->u.sa.sa_family != b->u.sa.sa_family)
		return 0;
	if (a->u.sa.sa_family != AF_INET && a->u.sa.sa_family != AF_INET6)
		return 0;
	return memcmp(addr_ipbytes(a), addr_ipbytes(b), addr_iplen(a)) == 0;
}

int
addr_eq(const struct addr *a, const struct addr *b)
{
	return addr_eq_ip(a, b) && addr_port(a) == addr_port(b);
}

int
addr_is_unspec(const struct addr *a)
{
	static const unsigned char zero[16];

	if (a->u.sa.sa_family != AF_INET && a->u.sa.sa_family != AF_INET6)
		return 1;
	return memcmp(addr_ipbytes(a), zero, addr_iplen(a)) == 0;
}

/*
 * Addresses sipproxy64 must never advertise as its own: unspecified,
 * multicast, IPv4-mapped and link-local IPv6 (SPEC 4).
 */
int
addr_is_bad_local(const struct addr *a)
{
	const unsigned char *b = addr_ipbytes(a);

	if (addr_is_unspec(a))
		return 1;
	if (a->u.sa.sa_family == AF_INET)
		return b[0] >= 224;
	if (IN6_IS_ADDR_V4MAPPED(&a->u.in6.sin6_addr) ||
	    IN6_IS_ADDR_LINKLOCAL(&a->u.in6.sin6_addr) ||
	    IN6_IS_ADDR_MULTICAST(&a->u.in6.sin6_addr))
		return 1;
	return 0;
}

/*
 * Addresses that a message may name but that sipproxy64 never carries and
 * never sends to (SPEC 3): besides the bad local ones, loopback, "this
 * network" (0.0.0.0/8), IPv4 link-local and broadcast.
 */
int
addr_is_special(const struct addr *a)
{
	const unsigned char *b = addr_ipbytes(a);

	if (addr_is_bad_local(a))
		return 1;
	if (a->u.sa.sa_family == AF_INET)
		return b[0] == 127 || b[0] == 0 || (b[0] == 169 && b[1] == 254);
	return IN6_IS_ADDR_LOOPBACK(&a->u.in6.sin6_addr) ||
	    IN6_IS_ADDR_SITELOCAL(&a->u.in6.sin6_addr) ||
	    IN6_IS_ADDR_V4COMPAT(&a->u.in6.sin6_addr);
}

/*
 * Parse exactly the slice as one IP literal, IPv4 dotted quad or IPv6
 * without brackets. Port 0. Returns 0 or -1.
 */
int
addr_parse_ip(struct sl s, struct addr *a)
{
	char tmp[48];
	int af;

	if (s.n == 0 || s.n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	memset(a, 0, sizeof(*a));
	/* inet_pton(AF_INET) takes exactly four decimal parts, nothing else */
	af = memchr(tmp, ':', s.n) == NULL ? AF_INET : AF_INET6;
	if (inet_pton(af, tmp, af == AF_INET ? (void *)&a->u.in4.sin_addr :
	    (void *)&a->u.in6.sin6_addr) != 1)
		return -1;
	a->u.sa.sa_family = (sa_family_t)af;
	return 0;
}

/*
 * Command-line address: IPV4, IPV4:PORT, IPV6, [IPV6] or [IPV6]:PORT.
 * Numeric only. Returns 0 or -1.
 */
int
addr_parse_arg(const char *z, uint16_t defport, struct addr *a)
{
	const char *c, *port = NULL;
	uint32_t pv = defport;
	struct sl ip;

	if (z[0] == '[') {
		if ((c = strchr(z, ']')) == NULL)
			return -1;
		ip = sl_make(z + 1, (size_t)(c - z - 1));
		if (c[1] == ':')
			port = c + 2;
		else if (c[1] != '\0')
			return -1;
	} else if ((c = strchr(z, ':')) != NULL && strchr(c + 1, ':') == NULL) {
		ip = sl_make(z, (size_t)(c - z));
		port = c + 1;
	} else
		ip = sl_make(z, strlen(z));
	/* ([IPv4] is not an IPv6 reference) */
	if (addr_parse_ip(ip, a) != 0 ||
	    (z[0] == '[' && a->u.sa.sa_family != AF_INET6))
		return -1;
	/* (an empty port is no number either) */
	if (port != NULL && (sl_u32(sl_make(port, strlen(port)), 65535,
	    &pv) != 0 || pv == 0))
		return -1;
	addr_set_port(a, (uint16_t)pv);
	return 0;
}

/* Format into buf (always NUL-terminated); returns the length. */
size_t
addr_fmt(const struct addr *a, char *buf, size_t cap, int brackets,
    int withport)
{
	char ip[INET6_ADDRSTRLEN];
	int n, v6 = a->u.sa.sa_family == AF_INET6;

	if (cap == 0)
		return 0;
	if (inet_ntop(a->u.sa.sa_family, addr_ipbytes(a), ip,
	    sizeof(ip)) == NULL) {
		buf[0] = '\0';
		return 0;
	}
	/* (a port forces brackets; the port is ignored where not printed) */
	n = snprintf(buf, cap, v6 && (brackets || withport) ?
	    (withport ? "[%s]:%u" : "[%s]") : (withport ? "%s:%u" : "%s"),
	    ip, (unsigned)addr_port(a));
	if (n < 0)
		n = 0;
	return (size_t)n < cap ? (size_t)n : cap - 1;
}

/* For logs: a static buffer, rotated so two calls fit in one printf;
 * errno as it was (a %m after it tells the caller's error). */
const char *
addr_str(const struct addr *a)
{
	static char buf[4][ADDR_STRLEN];
	static unsigned k;
	int e = errno;

	k = (k + 1) % 4;
	addr_fmt(a, buf[k], sizeof(buf[k]), 1, 1);
	errno = e;
	return buf[k];
}
