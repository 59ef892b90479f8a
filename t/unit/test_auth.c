/*
 * test_auth.c - SipHash-2-4 against the paper's vector, and the
 * authenticated encodings: a carried address (sp64=) and the own-Via
 * parameter (sp64v=).
 */
#include <string.h>

#include "auth.h"
#include "unit.h"

static const char *
put_addr(const char *a)
{
	static char buf[128];
	struct addr ad = A(a);
	struct obuf ob;

	struct carried c;

	c.a = ad;
	c.slot = 2;
	c.vouched = 1;
	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_carried(&ob, &c, 1);
	buf[ob.len] = '\0';
	return buf;
}

/* One carried entry back: its address, and that slot and flag survived. */
static int
get_addr(const char *v, struct addr *a)
{
	struct carried c[AUTH_MAXCARRY];
	unsigned n;

	if (auth_get_carried(sl_make(v, strlen(v)), c, &n) != 0 || n != 1 ||
	    c[0].slot != 2 || !c[0].vouched)
		return -1;
	*a = c[0].a;
	return 0;
}

static void
siphash(void)
{
	unsigned char key[16], msg[64];
	size_t i;

	for (i = 0; i < 16; i++)
		key[i] = (unsigned char)i;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (unsigned char)i;
	/* SipHash paper, appendix A: 15-byte message 00..0e. */
	ok(siphash24(key, msg, 15) == 0xa129ca6149be45e5ULL,
	    "siphash24: the paper's test vector");
	/* The reference implementation's vectors.h, first and ninth. */
	ok(siphash24(key, msg, 0) == 0x726fdb47dd0e0e31ULL,
	    "siphash24: empty message");
	ok(siphash24(key, msg, 8) == 0x93f5f5799a932462ULL,
	    "siphash24: one full block");
	ok(siphash24(key, msg, 63) == 0x958a324ceb064572ULL,
	    "siphash24: 63 bytes");
	key[0] ^= 1;
	ok(siphash24(key, msg, 15) != 0xa129ca6149be45e5ULL,
	    "siphash24: another key, another value");
}

static void
carried_params(void)
{
	static const struct {
		const char *name, *addr, *fmt;
		size_t len;
	} rt[] = {
		{ "IPv4", "198.51.100.10:5062", "198.51.100.10:5062", 30 },
		{ "IPv4 port 5060", "192.0.2.1", "192.0.2.1:5060", 30 },
		{ "IPv6", "[2001:db8:5::99]:5060", "[2001:db8:5::99]:5060", 54 },
		{ "IPv6 high port", "[2001:db8::1]:65535", "[2001:db8::1]:65535",
		    54 },
	};
	static const struct {
		const char *name, *v;
	} junk[] = {
		{ "empty", "" },
		{ "29 digits", "12c633640a13bea1c3ed6c0ff0e91" },
		{ "a tag that says IPv6, IPv4 length",
		    "32c633640a13bea1c3ed6c0ff0e91a" },
		{ "an entry cut short", "12c633640a13" "0123456789abcdef" },
		{ "non-hex, right length", "1g633640a13bea1c3ed6c0ff0e91a" },
		{ "non-hex in the mac", "12c633640a13bea1c3ed6c0ff0e9z1" },
		{ "a space", "12c633640a13bea1 3ed6c0ff0e91a1" },
	};
	char v[160];
	struct addr a;
	size_t i, k, flips;
	int bad;

	for (i = 0; i < NELEM(rt); i++) {
		snprintf(v, sizeof(v), "%s", put_addr(rt[i].addr));
		is_int((long long)strlen(v), (long long)rt[i].len,
		    "auth_put_carried: %s: length", rt[i].name);
		for (k = 0, bad = 0; v[k] != '\0'; k++)
			if (!sl_istoken((unsigned char)v[k]) ||
			    !sl_isxdigit((unsigned char)v[k]) ||
			    (v[k] >= 'A' && v[k] <= 'F'))
				bad = 1;
		ok(!bad, "auth_put_carried: %s: lower-case hex, token chars",
		    rt[i].name);
		memset(&a, 0, sizeof(a));
		if (is_int(get_addr(v, &a), 0, "auth_get_carried: %s: accepted",
		    rt[i].name))
			is_str(addr_str(&a), rt[i].fmt,
			    "auth_get_carried: %s: round trip", rt[i].name);
		/* Upper-case hex is the same value. */
		for (k = 0; v[k] != '\0'; k++)
			if (v[k] >= 'a' && v[k] <= 'f')
				v[k] = (char)(v[k] - 32);
		is_int(get_addr(v, &a), 0, "auth_get_carried: %s: upper case",
		    rt[i].name);
		/* Every single-digit change is refused. */
		snprintf(v, sizeof(v), "%s", put_addr(rt[i].addr));
		for (k = 0, flips = 0; v[k] != '\0'; k++) {
			char c = v[k];

			v[k] = c == '0' ? '8' : c == 'f' ? 'e' : (char)(c ^ 1);
			if (get_addr(v, &a) == 0)
				flips++;
			v[k] = c;
		}
		is_int((long long)flips, 0,
		    "auth_get_carried: %s: every one-digit change refused",
		    rt[i].name);
		/* Truncated or extended. */
		v[strlen(v) - 2] = '\0';
		ok(get_addr(v, &a) != 0, "auth_get_carried: %s: two digits short",
		    rt[i].name);
		snprintf(v, sizeof(v), "%s00", put_addr(rt[i].addr));
		ok(get_addr(v, &a) != 0, "auth_get_carried: %s: two digits long",
		    rt[i].name);
	}
	for (i = 0; i < NELEM(junk); i++)
		ok(get_addr(junk[i].v, &a) != 0, "auth_get_carried: %s refused",
		    junk[i].name);

	/* Another key: yesterday's values no longer pass. */
	{
		static const unsigned char k2[AUTH_KEYLEN] = { 1, 2, 3 };
		uint64_t h = auth_hash("x", 1);

		snprintf(v, sizeof(v), "%s", put_addr("192.0.2.1:5060"));
		auth_set_key(k2);
		ok(get_addr(v, &a) != 0, "auth_get_carried: another key refuses");
		ok(auth_hash("x", 1) != h, "auth_hash: depends on the key");
	}
	/* One secret, a key per use: no two uses agree on a value. */
	{
		int u, w, same = 0;

		for (u = 0; u < AUTH_USES; u++)
			for (w = u + 1; w < AUTH_USES; w++)
				same += auth_mac((enum auth_use)u, "call-id", 7) ==
				    auth_mac((enum auth_use)w, "call-id", 7);
		ok(same == 0, "auth_mac: each use has its own derived key "
		    "(%d pairs of uses agree)", same);
	}
}

static void
via(void)
{
	struct addr arr = A("192.0.2.20:5060"), rep = A("198.51.100.10:5070");
	struct addr a6 = A("[2001:db8::10]:5060"), r6 = A("[2001:db8::7]:5999");
	struct addr ga, gr;
	struct sl br = sl_make("z9hG4bKsp64aa", 13), br2 = sl_make("z9hG4bKsp64ab", 13);
	char buf[128];
	struct obuf ob;

	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_via(&ob, &arr, &rep, br);
	buf[ob.len] = '\0';
	is_int((long long)ob.len, 40, "auth_put_via: IPv4: 40 digits");
	ok(auth_get_via(sl_make(buf, ob.len), br, &ga, &gr) == 0 &&
	    addr_eq(&ga, &arr) && addr_eq(&gr, &rep),
	    "auth_get_via: IPv4 round trip");
	buf[3] = buf[3] == '0' ? '1' : '0';
	ok(auth_get_via(sl_make(buf, ob.len), br, &ga, &gr) != 0,
	    "auth_get_via: IPv4 one digit changed");
	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_via(&ob, &a6, &r6, br);
	is_int((long long)ob.len, 88, "auth_put_via: IPv6: 88 digits");
	ok(auth_get_via(sl_make(buf, ob.len), br, &ga, &gr) == 0 &&
	    addr_eq(&ga, &a6) && addr_eq(&gr, &r6),
	    "auth_get_via: IPv6 round trip");
	ok(auth_get_via(sl_make(buf, 40), br, &ga, &gr) != 0,
	    "auth_get_via: a prefix of the right length for IPv4 refused");
	ok(auth_get_via(sl_make(buf, ob.len), br2, &ga, &gr) != 0,
	    "auth_get_via: bound to its branch: next to another one refused");
	ok(auth_get_via(sl_make(buf, ob.len), sl_make(NULL, 0), &ga, &gr) != 0,
	    "auth_get_via: ... and next to none");
	/* A Via value is no carried value, and the other way round. */
	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_via(&ob, &arr, &arr, br);
	{
		struct carried c[AUTH_MAXCARRY];
		unsigned n;

		ok(auth_get_carried(sl_make(buf, ob.len), c, &n) != 0,
		    "auth_get_carried: an sp64v= value is not an sp64= value");
	}
}

void
test_auth(void)
{
	static const unsigned char key[AUTH_KEYLEN] = {
		0x5a, 0x11, 0x93, 0x07, 0xc4, 0x2e, 0x6b, 0xf0,
		0x18, 0x9d, 0x44, 0xa7, 0x3c, 0xe2, 0x51, 0x8f,
	};

	siphash();
	carried_params();
	via();
	auth_set_key(key);	/* as main() set it */
}
