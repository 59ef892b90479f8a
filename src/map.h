/*
 * map.h - the address table (SPEC section 2): bijective pairs of an IPv4
 * and an IPv6 address, each with its SIP port; exactly one side of each is
 * an address of this host (the stand-in), the other the real host. Built
 * once at start-up, read-only afterwards.
 */
#ifndef MAP_H
#define MAP_H

#include "acl.h"
#include "addr.h"

#define SIP_PORT	5060

enum pair_kind {
	PAIR_OPERAND,		/* A4=A6 on the command line */
	PAIR_UPLINK,		/* general address of one family = uplink */
	PAIR_GENERAL		/* the two general addresses */
};

struct pair {
	struct addr	 side[2];	/* [0] IPv4, [1] IPv6 */
	int		 local;		/* index of the local (stand-in) side */
	int		 from;		/* bit FI(af): looked up from that family */
	enum pair_kind	 kind;
	const char	*arg;		/* for messages */
};

struct map {
	struct addr	 gen[2];	/* -l, -L */
	struct addr	 uplink[2];	/* -u, -U; family 0 when absent */
	struct pair	*pairs;
	size_t		 npairs;
	struct addr	*locals;	/* every address sipproxy64 listens on */
	size_t		 nlocals;
	struct acl	 allow;		/* -a: strangers at a general address */
	int		 bad;		/* operand refused by map_build, or -1 */
};

typedef int (*map_islocal_fn)(const struct addr *);

int		 map_build(struct map *, const char *, const char *,
		    const char *, const char *, char **, int, map_islocal_fn,
		    char *, size_t);
void		 map_free(struct map *);
const struct pair *map_lookup(const struct map *, const struct addr *, int);
const struct addr *map_partner(const struct pair *, const struct addr *);
int		 map_is_local(const struct map *, const struct addr *, int);
const struct pair *map_real_host(const struct map *, const struct addr *);
int		 map_is_known_target(const struct map *, const struct addr *);
const struct addr *map_leaving(const struct map *, const struct addr *);
int		 map_has_uplink(const struct map *, int);
int		 map_system_islocal(const struct addr *);

#endif
