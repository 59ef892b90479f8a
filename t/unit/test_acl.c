/*
 * test_acl.c - prefixes (-a): parsing, refusals, matching; and the
 * source control of proxy.c: a stranger at a general address whose
 * requests could reach an uplink gets 403 unless a prefix admits it.
 */
#include <stdlib.h>
#include <string.h>

#include "acl.h"
#include "limit.h"
#include "map.h"
#include "net.h"
#include "proxy.h"
#include "stats.h"
#include "unit.h"

static int nsent;
static char first[64];
static struct addr sent_to;

static void
tap(const struct addr *from, const struct addr *to, const char *p, size_t n)
{
	(void)from;
	nsent++;
	sent_to = *to;
	n = n < sizeof(first) - 1 ? n : sizeof(first) - 1;
	memcpy(first, p, n);
	first[n] = '\0';
}

static void
parsing(void)
{
	static const char *const bad[] = {
		"", "example.com", "198.51.100.0/33", "198.51.100.0/",
		"198.51.100.0/-1", "198.51.100.0/24x", "198.51.100.1/24",
		"2001:db8::/129", "2001:db8::1/64", "::ffff:198.51.100.0/120",
		"[2001:db8::]/32", "198.51.100", "2001:db8::/032x",
	};
	static const char *const good[] = {
		"198.51.100.0/24", "0.0.0.0/0", "::/0", "2001:db8::/32",
		"198.51.100.7", "2001:db8:6::99", "203.0.113.128/25",
	};
	struct prefix p;
	char err[256];
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		err[0] = '\0';
		ok(prefix_parse(bad[i], &p, err, sizeof(err)) == -1 &&
		    strstr(err, bad[i]) != NULL,
		    "prefix \"%s\" refused, named: %s", bad[i], err);
	}
	for (i = 0; i < NELEM(good); i++)
		ok(prefix_parse(good[i], &p, err, sizeof(err)) == 0,
		    "prefix %s accepted", good[i]);
	ok(prefix_parse("198.51.100.7", &p, err, sizeof(err)) == 0 &&
	    p.len == 32, "a bare IPv4 address is a /32");
	ok(prefix_parse("2001:db8::7", &p, err, sizeof(err)) == 0 &&
	    p.len == 128, "a bare IPv6 address is a /128");
}

static int
match(const char *pz, const char *az)
{
	struct prefix p;
	char err[256];
	struct addr a = A(az);

	return prefix_parse(pz, &p, err, sizeof(err)) == 0 &&
	    prefix_match(&p, &a);
}

static void
matching(void)
{
	struct acl l;
	char err[256];
	struct addr a;
	int i;

	ok(match("203.0.113.128/25", "203.0.113.200:5060") &&
	    !match("203.0.113.128/25", "203.0.113.127"),
	    "/25: inside and just outside");
	ok(match("2001:db8:6::/63", "[2001:db8:6:1::5]") &&
	    !match("2001:db8:6::/63", "[2001:db8:6:2::5]"),
	    "IPv6 /63: inside and just outside");
	ok(match("0.0.0.0/0", "198.51.100.1") && !match("0.0.0.0/0",
	    "[2001:db8::1]") && match("::/0", "[2001:db8::1]") &&
	    !match("::/0", "198.51.100.1"),
	    "/0 matches every address of its family, none of the other");
	ok(match("198.51.100.7", "198.51.100.7:9") &&
	    !match("198.51.100.7", "198.51.100.8"), "a host prefix: itself");
	memset(&l, 0, sizeof(l));
	for (i = 0; i < ACL_MAX; i++)
		if (acl_add(&l, "198.51.100.0/24", err, sizeof(err)) != 0)
			break;
	ok(i == ACL_MAX && acl_add(&l, "203.0.113.0/24", err,
	    sizeof(err)) == -1 && strstr(err, "203.0.113.0/24") != NULL,
	    "at most %d prefixes: %s", ACL_MAX, err);
	a = A("198.51.100.9");
	ok(acl_allows(&l, &a) && l.has[0] && !l.has[1],
	    "the list: allows, and knows which families it names");
}

/* feed an OPTIONS for sip:x@TARGET from src to dst; messages sent */
static int
request(const char *target, const char *src, const char *dst)
{
	char text[1024], *buf;
	struct addr s = A(src), d = A(dst);
	size_t n;

	snprintf(text, sizeof(text), "OPTIONS sip:x@%s SIP/2.0\n"
	    "Via: SIP/2.0/UDP %s;branch=z9hG4bKacl\nMax-Forwards: 70\n"
	    "From: <sip:a@%s>;tag=1\nTo: <sip:x@%s>\nCall-ID: acl\n"
	    "CSeq: 1 OPTIONS\nContent-Length: 0\n\n", target, src, src, target);
	buf = crlf(text, &n);
	nsent = 0;
	{
		struct proxy_out o;

		if (proxy_input(buf, n, &s, &d, TP_UDP, &o))
			tap(&o.from, &o.to, o.p, o.n);
	}
	free(buf);
	return nsent;
}

static void
refusing(void)
{
	struct map up;
	char err[256];
	uint64_t refused = stats.drop[DROP_SOURCE];
	struct addr upl = A("[2001:db8:2::1]:5060");

	if (build_world(&up, 1) != 0)
		return;
	limit_reset();
	proxy_init(&up, 0);
	ok(request("203.0.113.5", "203.0.113.9:5060", "192.0.2.1:5060") == 1 &&
	    strncmp(first, "SIP/2.0 403 Forbidden\r\n", 23) == 0 &&
	    stats.drop[DROP_SOURCE] == refused + 1,
	    "default, with an IPv6 uplink: an IPv4 stranger gets 403: %.23s",
	    first);
	ok(request("203.0.113.5", "198.51.100.10:5060", "192.0.2.1:5060") ==
	    1 && addr_eq(&sent_to, &upl),
	    "a host of the table goes through to the uplink");
	ok(request("192.0.2.1", "[2001:db8:5::99]:5060",
	    "[2001:db8::1]:5060") == 1 && strncmp(first, "SIP/2.0 200", 11)
	    == 0, "default, no IPv4 uplink: an IPv6 stranger is answered");
	if (acl_add(&up.allow, "203.0.113.0/28", err, sizeof(err)) != 0 ||
	    acl_add(&up.allow, "2001:db8:5::/48", err, sizeof(err)) != 0)
		ok(0, "prefixes: %s", err);
	ok(request("203.0.113.5", "203.0.113.9:5060", "192.0.2.1:5060") == 1 &&
	    addr_eq(&sent_to, &upl), "-a 203.0.113.0/28: forwarded");
	ok(request("203.0.113.5", "203.0.113.99:5060", "192.0.2.1:5060") ==
	    1 && strncmp(first, "SIP/2.0 403", 11) == 0,
	    "-a 203.0.113.0/28: 203.0.113.99 still refused");
	ok(request("192.0.2.1", "[2001:db8:6::99]:5060",
	    "[2001:db8::1]:5060") == 1 && strncmp(first, "SIP/2.0 403", 11)
	    == 0, "-a of IPv6: an IPv6 stranger outside it now refused");
	ok(request("192.0.2.20", "203.0.113.99:5060", "192.0.2.20:5060") ==
	    1 && strncmp(first, "OPTIONS ", 8) == 0,
	    "a stand-in is no general address: a stranger reaches its host");
	map_free(&up);
}

void
test_acl(void)
{
	parsing();
	matching();
	refusing();
}
