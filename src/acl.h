/*
 * acl.h - address prefixes (IPv4 or IPv6, ADDRESS/LENGTH) and the list
 * of them that says which strangers may use a general address (-a).
 */
#ifndef ACL_H
#define ACL_H

#include <stddef.h>

#include "addr.h"

#define ACL_MAX		64

struct prefix {
	struct addr	a;
	unsigned	len;	/* bits */
};

struct acl {
	struct prefix	p[ACL_MAX];
	size_t		n;
	int		has[2];	/* [FI(af)]: a prefix of that family given */
};

int	prefix_parse(const char *, struct prefix *, char *, size_t);
int	prefix_match(const struct prefix *, const struct addr *);
int	acl_add(struct acl *, const char *, char *, size_t);
int	acl_allows(const struct acl *, const struct addr *);

#endif
