/*
 * acl.c - prefixes, for source control (-a). A prefix is written
 * ADDRESS/LENGTH (a bare address is a host: /32 or /128), numeric, with no
 * bit set past its length, so that a typo such as 198.51.100.1/16 is
 * refused instead of quietly meaning something else. An IPv4-mapped
 * IPv6 prefix is refused too: the IPv6 sockets are IPv6-only, so it
 * could never match; the IPv4 prefix is what the operator means.
 */
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>

#include "acl.h"

/* Is any bit of the address bytes b set past the first len? */
static int
bits_past(const unsigned char *b, size_t nbytes, unsigned len)
{
	size_t i;

	for (i = len / 8; i < nbytes; i++) {
		unsigned char mask = i == len / 8 ?
		    (unsigned char)(0xff >> (len % 8)) : 0xff;

		if (b[i] & mask)
			return 1;
	}
	return 0;
}

/* -1, and the line that says why z is refused in err. */
static int
refuse(const char *z, const char *why, char *err, size_t errlen)
{
	snprintf(err, errlen, "-a %s: %s", z, why);
	return -1;
}

/* Parse z into *p; -1 with one line in err (naming z) if it is not one. */
int
prefix_parse(const char *z, struct prefix *p, char *err, size_t errlen)
{
	const char *slash = strchr(z, '/');
	size_t iplen = slash != NULL ? (size_t)(slash - z) : strlen(z);
	unsigned max;
	uint32_t v;

	memset(p, 0, sizeof(*p));
	if (addr_parse_ip(sl_make(z, iplen), &p->a) != 0)
		return refuse(z, "not a numeric IPv4 or IPv6 prefix (ADDRESS "
		    "or ADDRESS/LENGTH)", err, errlen);
	max = addr_af(&p->a) == AF_INET ? 32 : 128;
	p->len = max;
	if (slash != NULL) {
		if (sl_u32(sl_make(slash + 1, strlen(slash + 1)), max,
		    &v) != 0) {
			snprintf(err, errlen, "-a %s: the length is not a "
			    "number from 0 to %u", z, max);
			return -1;
		}
		p->len = v;
	}
	if (addr_af(&p->a) == AF_INET6 &&
	    IN6_IS_ADDR_V4MAPPED(&p->a.u.in6.sin6_addr))
		return refuse(z, "an IPv4-mapped prefix never matches (write "
		    "the IPv4 prefix)", err, errlen);
	if (bits_past(addr_ipbytes(&p->a), addr_iplen(&p->a), p->len))
		return refuse(z, "bits set past the prefix length", err,
		    errlen);
	return 0;
}

/* Is a (its IP; the port does not count) inside p? */
int
prefix_match(const struct prefix *p, const struct addr *a)
{
	const unsigned char *x = addr_ipbytes(&p->a), *y = addr_ipbytes(a);
	size_t full = p->len / 8;
	unsigned rest = p->len % 8;
	unsigned char mask;

	if (addr_af(a) != addr_af(&p->a))
		return 0;
	if (memcmp(x, y, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	mask = (unsigned char)(0xff << (8 - rest));
	return (x[full] & mask) == (y[full] & mask);
}

int
acl_add(struct acl *l, const char *z, char *err, size_t errlen)
{
	if (l->n >= ACL_MAX) {
		snprintf(err, errlen, "-a %s: more than %d prefixes", z,
		    ACL_MAX);
		return -1;
	}
	if (prefix_parse(z, &l->p[l->n], err, errlen) != 0)
		return -1;
	l->has[FI(addr_af(&l->p[l->n].a))] = 1;
	l->n++;
	return 0;
}

/* Is a inside one of the prefixes of the list? */
int
acl_allows(const struct acl *l, const struct addr *a)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (prefix_match(&l->p[i], a))
			return 1;
	return 0;
}
