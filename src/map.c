/*
 * map.c - building and searching the address table. Every refusal of
 * SPEC section 1 about addresses is made here, with one line that names
 * the offending argument; the caller prints it and exits 2.
 */
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"

static void
add_local(struct map *m, const struct addr *a)
{
	if (!map_is_local(m, a, 1))
		m->locals[m->nlocals++] = *a;
}

/* Is either address of a (IPv4, IPv6) already a side of a pair? */
static int
seen(const struct map *m, const struct addr a[2])
{
	size_t i;

	for (i = 0; i < m->npairs; i++)
		if (addr_eq(&m->pairs[i].side[0], &a[0]) ||
		    addr_eq(&m->pairs[i].side[1], &a[1]))
			return 1;
	return 0;
}

static void
add_pair(struct map *m, const struct addr *a4, const struct addr *a6,
    int local, int from, enum pair_kind kind, const char *arg)
{
	struct pair *p = &m->pairs[m->npairs++];

	p->side[0] = *a4;
	p->side[1] = *a6;
	p->local = local;
	p->from = from;
	p->kind = kind;
	p->arg = arg;
}

/*
 * -l, -L, -u, -U, in that order (z[i] NULL when absent): a general
 * address is a usable address of this host, an uplink a unicast address
 * of another.
 */
static int
parse_options(struct map *m, const char *const z[4], map_islocal_fn islocal,
    char *err, size_t errlen)
{
	static const char opt[] = "lLuU";
	const char *why;
	struct addr *a;
	int i;

	for (i = 0; i < 4; i++) {
		if (z[i] == NULL)
			continue;
		a = i < 2 ? &m->gen[i] : &m->uplink[i - 2];
		if (addr_parse_arg(z[i], SIP_PORT, a) != 0 ||
		    addr_af(a) != (i % 2 ? AF_INET6 : AF_INET))
			why = i % 2 ? "not a numeric IPv6 address" :
			    "not a numeric IPv4 address";
		else if (i >= 2 && (addr_is_bad_local(a) || islocal(a)))
			why = "an uplink must be a unicast address of another "
			    "host";
		else if (i < 2 && addr_is_bad_local(a))
			why = "not usable as a local address (unspecified, "
			    "multicast, link-local or IPv4-mapped)";
		else if (i < 2 && !islocal(a))
			why = "not an address of this host";
		else
			continue;
		snprintf(err, errlen, "-%c %s: %s", opt[i], z[i], why);
		return -1;
	}
	return 0;
}

/*
 * One operand IPV4[:PORT]=IPV6|[IPV6]:PORT, in either order, into a[0]
 * (IPv4) and a[1] (IPv6); *local gets the index of the side that is an
 * address of this host, the stand-in.
 */
static int
parse_pair(const char *op, struct addr a[2], int *local,
    map_islocal_fn islocal, char *err, size_t errlen)
{
	const char *eq = strchr(op, '=');
	char buf[256], *side[2];
	struct addr t;
	int s, f[2], loc[2];

	if (eq == NULL || strchr(eq + 1, '=') != NULL || eq - op >= 128 ||
	    strlen(eq + 1) >= 128) {
		snprintf(err, errlen, "%s: a pair is IPV4[:PORT]="
		    "IPV6|[IPV6]:PORT", op);
		return -1;
	}
	memcpy(buf, op, strlen(op) + 1);
	buf[eq - op] = '\0';
	side[0] = buf;
	side[1] = buf + (eq - op) + 1;
	for (s = 0; s < 2; s++) {
		if (addr_parse_arg(side[s], SIP_PORT, &t) != 0) {
			snprintf(err, errlen, "%s: %s is not a numeric "
			    "address", op, side[s]);
			return -1;
		}
		f[s] = FI(addr_af(&t));
		a[f[s]] = t;
	}
	if (f[0] == f[1]) {
		snprintf(err, errlen, "%s: both sides are %s addresses; a "
		    "pair joins an IPv4 and an IPv6 address", op,
		    f[0] ? "IPv6" : "IPv4");
		return -1;
	}
	for (s = 0; s < 2; s++) {
		if (addr_is_unspec(&a[s])) {
			snprintf(err, errlen, "%s: unspecified address", op);
			return -1;
		}
		loc[s] = islocal(&a[s]);
	}
	if (loc[0] == loc[1]) {
		snprintf(err, errlen, "%s: %s side is an address of this host; "
		    "exactly one must be", op, loc[0] ? "each" : "neither");
		return -1;
	}
	*local = loc[1];
	return 0;
}

/*
 * An operand's pair joins the table: its stand-in must be usable, and
 * neither of its addresses already there (nor a general address or an
 * uplink, in its place).
 */
static int
add_operand(struct map *m, const char *op, map_islocal_fn islocal,
    char *err, size_t errlen)
{
	struct addr a[2];
	int s;

	if (parse_pair(op, a, &s, islocal, err, errlen) != 0)
		return -1;
	if (addr_is_bad_local(&a[s])) {
		snprintf(err, errlen, "%s: %s cannot be a stand-in (multicast, "
		    "link-local or IPv4-mapped)", op, addr_str(&a[s]));
		return -1;
	}
	if (seen(m, a)) {
		snprintf(err, errlen, "%s: duplicate pair (an address of it is "
		    "already in the table)", op);
		return -1;
	}
	/* (an absent uplink, of family 0, equals no address) */
	if (addr_eq(&a[s], &m->gen[s]) || addr_eq(&a[!s], &m->uplink[!s])) {
		snprintf(err, errlen, "%s: duplicate pair (it repeats a general "
		    "address or an uplink)", op);
		return -1;
	}
	add_pair(m, &a[0], &a[1], s, 3, PAIR_OPERAND, op);
	add_local(m, &a[s]);
	return 0;
}

/*
 * The pairs of the general addresses (SPEC 2), after the operands' ones:
 * u4, u6 the uplinks' arguments (NULL when absent).
 */
static void
add_general(struct map *m, const char *u4, const char *u6)
{
	int k;

	/* SPEC 2: the general address of one family faces the other's uplink. */
	if (u6 != NULL)
		add_pair(m, &m->gen[0], &m->uplink[1], 0, 3, PAIR_UPLINK, u6);
	if (u4 != NULL)
		add_pair(m, &m->uplink[0], &m->gen[1], 1, 3, PAIR_UPLINK, u4);
	/*
	 * Without an uplink the general addresses stand for each other; with
	 * one uplink only, the other general address still needs a partner,
	 * but just in the direction where it is not already taken.
	 */
	k = 0;
	if (u4 == NULL)
		k |= 2;		/* -L appears in IPv6 messages: to -l */
	if (u6 == NULL)
		k |= 1;		/* -l appears in IPv4 messages: to -L */
	if (k != 0)
		add_pair(m, &m->gen[0], &m->gen[1], 0, k, PAIR_GENERAL,
		    "general");
}

/*
 * Build the table from -l, -L, -u, -U (NULL when absent) and the pair
 * operands. Returns 0, or -1 with one line in err.
 */
int
map_build(struct map *m, const char *l4, const char *l6, const char *u4,
    const char *u6, char **ops, int nops, map_islocal_fn islocal,
    char *err, size_t errlen)
{
	const char *const opt[4] = { l4, l6, u4, u6 };
	int i;

	memset(m, 0, sizeof(*m));
	m->bad = -1;
	if (l4 == NULL || l6 == NULL) {
		snprintf(err, errlen, "both -l (IPv4) and -L (IPv6) general "
		    "addresses are required");
		return -1;
	}
	m->pairs = calloc((size_t)nops + 3, sizeof(*m->pairs));
	m->locals = calloc((size_t)nops + 2, sizeof(*m->locals));
	if (m->pairs == NULL || m->locals == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (parse_options(m, opt, islocal, err, errlen) != 0)
		return -1;
	add_local(m, &m->gen[0]);
	add_local(m, &m->gen[1]);
	for (i = 0; i < nops; i++) {
		m->bad = i;
		if (add_operand(m, ops[i], islocal, err, errlen) != 0)
			return -1;
	}
	m->bad = -1;

	add_general(m, u4, u6);
	return 0;
}

void
map_free(struct map *m)
{
	free(m->pairs);
	free(m->locals);
	memset(m, 0, sizeof(*m));
}

/* a is b: with the port when withport, by IP alone otherwise. */
static int
same(const struct addr *a, const struct addr *b, int withport)
{
	return withport ? addr_eq(a, b) : addr_eq_ip(a, b);
}

/*
 * The pair whose side of a's family is a (see same()), usable for a
 * message from that family.
 */
const struct pair *
map_lookup(const struct map *m, const struct addr *a, int withport)
{
	int f = FI(addr_af(a));
	size_t i;

	for (i = 0; i < m->npairs; i++)
		if ((m->pairs[i].from & (1 << f)) &&
		    same(&m->pairs[i].side[f], a, withport))
			return &m->pairs[i];
	return NULL;
}

const struct addr *
map_partner(const struct pair *p, const struct addr *a)
{
	return &p->side[!FI(addr_af(a))];
}

int
map_is_local(const struct map *m, const struct addr *a, int withport)
{
	size_t i;

	for (i = 0; i < m->nlocals; i++)
		if (same(&m->locals[i], a, withport))
			return 1;
	return 0;
}

/* The pair whose real (not local) side is a (see same()): a known host. */
static const struct pair *
real_host(const struct map *m, const struct addr *a, int withport)
{
	int f = FI(addr_af(a));
	size_t i;

	for (i = 0; i < m->npairs; i++) {
		const struct pair *p = &m->pairs[i];

		if (p->kind != PAIR_GENERAL && p->local != f &&
		    same(&p->side[f], a, withport))
			return p;
	}
	return NULL;
}

/* The known host that has a's IP. */
const struct pair *
map_real_host(const struct map *m, const struct addr *a)
{
	return real_host(m, a, 0);
}

/* A destination sipproxy64 may send a request to: a known real host. */
int
map_is_known_target(const struct map *m, const struct addr *a)
{
	return real_host(m, a, 1) != NULL;
}

/*
 * SPEC 3: traffic from a known host leaves from its stand-in, from
 * anywhere else from the general address of the other family.
 */
const struct addr *
map_leaving(const struct map *m, const struct addr *src)
{
	const struct pair *p = map_real_host(m, src);
	int g = !FI(addr_af(src));

	if (p != NULL)
		return &p->side[g];
	return &m->gen[g];
}

int
map_has_uplink(const struct map *m, int af)
{
	return m->uplink[FI(af)].u.sa.sa_family != 0;
}

/*
 * Is a one of this host's addresses (getifaddrs)? An IPv6 address still
 * tentative (duplicate address detection) is listed too, and sock.c binds
 * it freely: t/08-tentative.t.
 */
int
map_system_islocal(const struct addr *a)
{
	struct ifaddrs *ifa, *i;
	struct addr b;
	int found = 0;

	if (getifaddrs(&ifa) != 0)
		return 0;
	for (i = ifa; i != NULL && !found; i = i->ifa_next) {
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != addr_af(a))
			continue;
		memcpy(&b.u, i->ifa_addr, addr_len(a));	/* a's family */
		found = addr_eq_ip(&b, a);
	}
	freeifaddrs(ifa);
	return found;
}
