/*
 * test_addr.c - address literals: parsing (slices and arguments) and
 * formatting for SIP and SDP.
 */
#include <string.h>

#include "addr.h"
#include "unit.h"

void
test_addr(void)
{
	static const struct {
		const char *name, *arg;
		int ret, af;
		unsigned port;
		const char *fmt;	/* addr_str */
	} args[] = {
		{ "ipv4",		"192.0.2.1",	0, AF_INET, 5060, "192.0.2.1:5060" },
		{ "ipv4 port",		"192.0.2.1:5070", 0, AF_INET, 5070, "192.0.2.1:5070" },
		{ "ipv6 bare",		"2001:db8::1",	0, AF_INET6, 5060, "[2001:db8::1]:5060" },
		{ "ipv6 brackets",	"[2001:db8::1]", 0, AF_INET6, 5060, "[2001:db8::1]:5060" },
		{ "ipv6 port",		"[2001:db8::1]:5080", 0, AF_INET6, 5080, "[2001:db8::1]:5080" },
		{ "ipv6 full form",	"2001:0db8:0000:0000:0000:0000:0000:0001", 0, AF_INET6, 5060, "[2001:db8::1]:5060" },
		{ "port 65535",		"192.0.2.1:65535", 0, AF_INET, 65535, "192.0.2.1:65535" },
		{ "port 0",		"192.0.2.1:0",	-1, 0, 0, NULL },
		{ "port 65536",		"192.0.2.1:65536", -1, 0, 0, NULL },
		{ "port 70000",		"[2001:db8::1]:70000", -1, 0, 0, NULL },
		{ "empty port",		"192.0.2.1:",	-1, 0, 0, NULL },
		{ "host name",		"sip.example.com", -1, 0, 0, NULL },
		{ "localhost",		"localhost",	-1, 0, 0, NULL },
		{ "three parts",	"192.0.2",	-1, 0, 0, NULL },
		{ "five parts",		"192.0.2.1.5",	-1, 0, 0, NULL },
		{ "octet 256",		"192.0.2.256",	-1, 0, 0, NULL },
		{ "ipv4 in brackets",	"[192.0.2.1]",	-1, 0, 0, NULL },
		{ "unclosed bracket",	"[2001:db8::1",	-1, 0, 0, NULL },
		{ "junk after ]",	"[2001:db8::1]x", -1, 0, 0, NULL },
		{ "empty",		"",		-1, 0, 0, NULL },
	};
	static const struct {
		const char *name, *ip;
		int bad;
	} bad[] = {
		{ "unicast v4",		"192.0.2.1",	0 },
		{ "0.0.0.0",		"0.0.0.0",	1 },
		{ "multicast v4",	"224.0.0.1",	1 },
		{ "unicast v6",		"2001:db8::1",	0 },
		{ "::",			"::",		1 },
		{ "v4-mapped",		"::ffff:192.0.2.1", 1 },
		{ "link-local",		"fe80::1",	1 },
		{ "multicast v6",	"ff02::1",	1 },
	};
	size_t i, n;
	struct addr a, b;
	char buf[ADDR_STRLEN], small[8];

	for (i = 0; i < NELEM(args); i++) {
		memset(&a, 0, sizeof(a));
		is_int(addr_parse_arg(args[i].arg, 5060, &a), args[i].ret,
		    "addr_parse_arg: %s (%s)", args[i].name, args[i].arg);
		if (args[i].ret != 0)
			continue;
		is_int(addr_af(&a), args[i].af, "addr_parse_arg: %s: family",
		    args[i].name);
		is_int(addr_port(&a), args[i].port,
		    "addr_parse_arg: %s: port", args[i].name);
		is_str(addr_str(&a), args[i].fmt, "addr_str: %s",
		    args[i].name);
	}
	for (i = 0; i < NELEM(bad); i++) {
		a = A(bad[i].ip);
		is_int(addr_is_bad_local(&a), bad[i].bad,
		    "addr_is_bad_local: %s", bad[i].name);
	}

	/* addr_parse_ip takes exactly the slice, nothing around it. */
	ok(addr_parse_ip(sl_make("192.0.2.10xyz", 10), &a) == 0 &&
	    addr_af(&a) == AF_INET && addr_port(&a) == 0,
	    "addr_parse_ip: exactly the slice");
	ok(addr_parse_ip(sl_make("[::1]", 5), &a) != 0,
	    "addr_parse_ip: no brackets");
	ok(addr_parse_ip(sl_make("", 0), &a) != 0, "addr_parse_ip: empty");
	{
		char longv[64];

		memset(longv, '1', sizeof(longv));
		ok(addr_parse_ip(sl_make(longv, sizeof(longv)), &a) != 0,
		    "addr_parse_ip: too long for any literal");
	}

	/* The two places an address is written. */
	a = A("[2001:db8::1]:5070");
	n = addr_fmt(&a, buf, sizeof(buf), 1, 0);
	is_str(buf, "[2001:db8::1]", "addr_fmt: SIP, no port");
	is_int((long long)n, (long long)strlen(buf), "addr_fmt: length");
	addr_fmt(&a, buf, sizeof(buf), 0, 0);
	is_str(buf, "2001:db8::1", "addr_fmt: SDP (never brackets)");
	addr_fmt(&a, buf, sizeof(buf), 0, 1);
	is_str(buf, "[2001:db8::1]:5070", "addr_fmt: a port forces brackets");
	n = addr_fmt(&a, small, sizeof(small), 1, 1);
	ok(n == sizeof(small) - 1 && small[sizeof(small) - 1] == '\0',
	    "addr_fmt: truncates and terminates");
	b = A("192.0.2.1:5070");
	addr_fmt(&b, buf, sizeof(buf), 1, 0);
	is_str(buf, "192.0.2.1", "addr_fmt: IPv4 never in brackets");
	addr_fmt(&b, buf, sizeof(buf), 1, 1);
	is_str(buf, "192.0.2.1:5070", "addr_fmt: IPv4 with port");
	addr_fmt(&b, buf, sizeof(buf), 0, 0);
	is_str(buf, "192.0.2.1", "addr_fmt: IPv4 for SDP");

	/* Equality. */
	a = A("192.0.2.1:5060");
	b = A("192.0.2.1:5070");
	ok(addr_eq_ip(&a, &b) && !addr_eq(&a, &b),
	    "addr_eq / addr_eq_ip: port matters to one of them");
	b = A("[::ffff:192.0.2.1]:5060");
	ok(!addr_eq_ip(&a, &b), "addr_eq_ip: v4 and v4-mapped differ");
	{
		unsigned char ip[4] = { 198, 51, 100, 7 };

		ok(addr_from_bytes(&a, ip, 4, 5062) == 0 &&
		    strcmp(addr_str(&a), "198.51.100.7:5062") == 0,
		    "addr_from_bytes: IPv4");
		ok(addr_from_bytes(&a, ip, 5, 1) != 0,
		    "addr_from_bytes: bad length");
	}
}
