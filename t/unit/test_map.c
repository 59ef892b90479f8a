/*
 * test_map.c - the address table: start-up refusals (SPEC 1), each with
 * one line naming the offending argument, and the look-ups of a good
 * table, with and without an uplink.
 */
#include <string.h>

#include "map.h"
#include "unit.h"

#define OP1	"198.51.100.10=[2001:db8::10]"
#define OP2	"192.0.2.20=[2001:db8:1::20]"

struct mcase {
	const char	*name;
	const char	*l4, *l6, *u4, *u6;
	const char	*ops[3];
	int		 ret;
	const char	*names;		/* err must contain this */
	const char	*says;		/* ... and this */
};

static const struct mcase mcases[] = {
	{ "good world", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { OP1, OP2 }, 0, "", "" },
	{ "good, ports and reversed pair", "192.0.2.1:5080",
	    "[2001:db8::1]:5080", "203.0.113.1:5070", "[2001:db8:2::1]",
	    { "[2001:db8::10]:5062=198.51.100.10:5064" }, 0, "", "" },
	{ "missing -l", NULL, "[2001:db8::1]", NULL, NULL, { NULL }, -1,
	    "-l", "required" },
	{ "missing -L", "192.0.2.1", NULL, NULL, NULL, { NULL }, -1, "-L",
	    "required" },
	{ "-l host name", "localhost", "[2001:db8::1]", NULL, NULL, { NULL },
	    -1, "-l localhost", "numeric" },
	{ "-l of the wrong family", "2001:db8::1", "[2001:db8::1]", NULL,
	    NULL, { NULL }, -1, "-l 2001:db8::1", "IPv4" },
	{ "-L host name", "192.0.2.1", "ip6-localhost", NULL, NULL, { NULL },
	    -1, "-L ip6-localhost", "numeric" },
	{ "-l port 0", "192.0.2.1:0", "[2001:db8::1]", NULL, NULL, { NULL },
	    -1, "-l 192.0.2.1:0", "" },
	{ "-L port 70000", "192.0.2.1", "[2001:db8::1]:70000", NULL, NULL,
	    { NULL }, -1, "-L [2001:db8::1]:70000", "" },
	{ "-l not of this host", "198.51.100.10", "[2001:db8::1]", NULL,
	    NULL, { NULL }, -1, "-l 198.51.100.10", "this host" },
	{ "-l unspecified", "0.0.0.0", "[2001:db8::1]", NULL, NULL,
	    { NULL }, -1, "-l 0.0.0.0", "unspecified" },
	{ "-u host name", "192.0.2.1", "[2001:db8::1]", "proxy.example",
	    NULL, { NULL }, -1, "-u proxy.example", "numeric" },
	{ "-u of this host", "192.0.2.1", "[2001:db8::1]", "192.0.2.20",
	    NULL, { NULL }, -1, "-u 192.0.2.20", "another host" },
	{ "-U port 0", "192.0.2.1", "[2001:db8::1]", NULL, "[2001:db8:2::1]:0",
	    { NULL }, -1, "-U [2001:db8:2::1]:0", "" },
	{ "pair: two IPv4", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10=192.0.2.20" }, -1, "198.51.100.10=192.0.2.20",
	    "IPv4" },
	{ "pair: two IPv6", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "[2001:db8::10]=[2001:db8:1::20]" }, -1,
	    "[2001:db8::10]=[2001:db8:1::20]", "IPv6" },
	{ "pair: both sides local", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "192.0.2.20=[2001:db8::10]" }, -1, "192.0.2.20=[2001:db8::10]",
	    "each" },
	{ "pair: neither side local", "192.0.2.1", "[2001:db8::1]", NULL,
	    NULL, { "198.51.100.10=[2001:db8:1::20]" }, -1,
	    "198.51.100.10=[2001:db8:1::20]", "neither" },
	{ "pair: duplicate", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { OP1, OP2, OP1 }, -1, OP1, "duplicate" },
	{ "pair: real host again", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { OP1, "198.51.100.10=[2001:db8::1]:5070" }, -1,
	    "198.51.100.10=[2001:db8::1]:5070", "duplicate" },
	{ "pair: stand-in is the general address", "192.0.2.1",
	    "[2001:db8::1]", NULL, NULL, { "198.51.100.11=[2001:db8::1]" },
	    -1, "198.51.100.11=[2001:db8::1]", "general" },
	{ "pair: host name", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "phone.example=[2001:db8::10]" }, -1,
	    "phone.example=[2001:db8::10]", "numeric" },
	{ "pair: port 0", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10:0=[2001:db8::10]" }, -1,
	    "198.51.100.10:0=[2001:db8::10]", "" },
	{ "pair: port 70000", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10:70000=[2001:db8::10]" }, -1,
	    "198.51.100.10:70000", "" },
	{ "pair: IPv6 port 70000", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10=[2001:db8::10]:70000" }, -1,
	    "[2001:db8::10]:70000", "" },
	{ "pair: no =", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10" }, -1, "198.51.100.10", "IPV4" },
	{ "pair: two =", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "198.51.100.10=[2001:db8::10]=x" }, -1,
	    "198.51.100.10=[2001:db8::10]=x", "" },
	{ "pair: unspecified", "192.0.2.1", "[2001:db8::1]", NULL, NULL,
	    { "0.0.0.0=[2001:db8::10]" }, -1, "0.0.0.0=[2001:db8::10]",
	    "unspecified" },
};

static void
refusals(void)
{
	const struct mcase *c;
	char *ops[3], opbuf[3][64], err[256];
	struct map m;
	size_t i;
	int n, r;

	for (i = 0; i < NELEM(mcases); i++) {
		c = &mcases[i];
		for (n = 0; n < 3 && c->ops[n] != NULL; n++) {
			snprintf(opbuf[n], sizeof(opbuf[n]), "%s", c->ops[n]);
			ops[n] = opbuf[n];
		}
		strcpy(err, "(untouched)");
		r = map_build(&m, c->l4, c->l6, c->u4, c->u6, ops, n,
		    fake_islocal, err, sizeof(err));
		is_int(r, c->ret, "map_build: %s", c->name);
		if (c->ret != 0) {
			ok(strstr(err, c->names) != NULL &&
			    strstr(err, c->says) != NULL &&
			    strchr(err, '\n') == NULL,
			    "map_build: %s: one line naming '%s' (%s)",
			    c->name, c->names, err);
		}
		map_free(&m);
	}
}

static void
lookups(void)
{
	struct map m;
	const struct pair *p;
	struct addr a;

	if (build_world(&m, 0) != 0)
		return;
	is_int((long long)m.npairs, 3, "world: two operands and the general "
	    "pair");
	is_int((long long)m.nlocals, 4, "world: four local addresses");
	a = A("198.51.100.10");
	p = map_lookup(&m, &a, 1);
	ok(p != NULL && strcmp(addr_str(map_partner(p, &a)),
	    "[2001:db8::10]:5060") == 0, "map_lookup: v4 host to its stand-in");
	a = A("198.51.100.10:5070");
	ok(map_lookup(&m, &a, 1) == NULL, "map_lookup: with port, port counts");
	ok(map_lookup(&m, &a, 0) != NULL, "map_lookup: by IP, port ignored");
	a = A("[2001:db8:1::20]");
	p = map_lookup(&m, &a, 1);
	ok(p != NULL && strcmp(addr_str(map_partner(p, &a)),
	    "192.0.2.20:5060") == 0, "map_lookup: v6 host to its stand-in");
	a = A("[2001:db8::1]");
	p = map_lookup(&m, &a, 1);
	ok(p != NULL && strcmp(addr_str(map_partner(p, &a)),
	    "192.0.2.1:5060") == 0, "map_lookup: general v6 to general v4");
	a = A("203.0.113.5");
	ok(map_lookup(&m, &a, 0) == NULL, "map_lookup: unknown address");

	a = A("198.51.100.10:4000");
	ok(map_real_host(&m, &a) != NULL, "map_real_host: a real host");
	a = A("[2001:db8::10]");
	ok(map_real_host(&m, &a) == NULL, "map_real_host: a stand-in is not");
	a = A("[2001:db8:1::20]");
	ok(map_is_known_target(&m, &a), "map_is_known_target: real v6 host");
	a = A("192.0.2.1");
	ok(!map_is_known_target(&m, &a), "map_is_known_target: not ourselves");
	a = A("192.0.2.20:5060");
	ok(map_is_local(&m, &a, 1), "map_is_local: stand-in");
	a = A("192.0.2.20:5070");
	ok(!map_is_local(&m, &a, 1) && map_is_local(&m, &a, 0),
	    "map_is_local: port counts only when asked");

	a = A("198.51.100.10:4000");
	is_str(addr_str(map_leaving(&m, &a)), "[2001:db8::10]:5060",
	    "map_leaving: a known host leaves from its stand-in");
	a = A("[2001:db8:1::20]:4000");
	is_str(addr_str(map_leaving(&m, &a)), "192.0.2.20:5060",
	    "map_leaving: the v6 host leaves from its v4 stand-in");
	a = A("203.0.113.5");
	is_str(addr_str(map_leaving(&m, &a)), "[2001:db8::1]:5060",
	    "map_leaving: anyone else from the general address");
	ok(!map_has_uplink(&m, AF_INET) && !map_has_uplink(&m, AF_INET6),
	    "map_has_uplink: none");
	map_free(&m);

	if (build_world(&m, 1) != 0)
		return;
	ok(map_has_uplink(&m, AF_INET6) && !map_has_uplink(&m, AF_INET),
	    "uplink: -U only");
	a = A("192.0.2.1");
	p = map_lookup(&m, &a, 1);
	ok(p != NULL && strcmp(addr_str(map_partner(p, &a)),
	    "[2001:db8:2::1]:5060") == 0,
	    "uplink: -l stands for the IPv6 uplink");
	a = A("[2001:db8::1]");
	p = map_lookup(&m, &a, 1);
	ok(p != NULL && strcmp(addr_str(map_partner(p, &a)),
	    "192.0.2.1:5060") == 0, "uplink: -L still stands for -l");
	a = A("[2001:db8:2::1]");
	ok(map_is_known_target(&m, &a), "uplink: a known target");
	a = A("[2001:db8:2::1]:7000");
	is_str(addr_str(map_leaving(&m, &a)), "192.0.2.1:5060",
	    "uplink: leaves from -l");
	map_free(&m);
}

void
test_map(void)
{
	refusals();
	lookups();
}
