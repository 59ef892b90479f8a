/*
 * test_auth.c - SipHash-2-4 against the paper's vector, and the
 * authenticated encodings: a carried parameter (sp64=: up to four slot
 * entries with a vouched bit) and the own-Via parameter (sp64v=).
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "unit.h"

/* A carried value of n entries: addr[i] (port 0 when none), slot i,
 * vouched when bit i of vmask is set. */
static const char *
put_n(unsigned n, const char *const *addrs, unsigned vmask)
{
	static char buf[256];
	struct carried c[AUTH_MAXCARRY + 1];
	struct obuf ob;
	unsigned i;

	memset(c, 0, sizeof(c));
	for (i = 0; i < n; i++) {
		if (addr_parse_arg(addrs[i], 0, &c[i].a) != 0)
			ok(0, "test address %s parses", addrs[i]);
		c[i].slot = i;
		c[i].vouched = (vmask >> i) & 1;
	}
	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_carried(&ob, c, n);
	buf[ob.len] = '\0';
	return buf;
}

static int
get_n(const char *v, struct carried *c, unsigned *n)
{
	return auth_get_carried(sl_make(v, strlen(v)), c, n);
}

/* "addr/slot/v|u" for each entry, " " between. */
static const char *
show(const struct carried *c, unsigned n)
{
	static char out[512];
	size_t o = 0;
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%s/%u/%c",
		    i ? " " : "", addr_str(&c[i].a), c[i].slot,
		    c[i].vouched ? 'v' : 'u');
	return out;
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
	static const char *const a4[] = { "198.51.100.10:5062", "192.0.2.1",
	    "203.0.113.5:65535", "198.51.100.7" };
	static const char *const a6[] = { "[2001:db8:5::99]:5060",
	    "[2001:db8::1]", "[2001:db8::7]:65535", "[2001:db8:1::20]" };
	static const char *const mix[] = { "[2001:db8:5::99]:5070",
	    "198.51.100.7", "[2001:db8::7]", "203.0.113.5:5062" };
	static const char *const *const sets[] = { a4, a6, mix };
	static const char *const sname[] = { "IPv4", "IPv6", "mixed" };
	static const struct {
		const char *name, *v;
	} junk[] = {
		{ "empty", "" },
		{ "one digit", "1" },
		{ "only a MAC", "0123456789abcdef" },
		{ "an entry too short", "000102030405060708090a0b0c0d0e0f1011" },
		{ "non-hex", "g00102030405060708090a0b0c0d0e0f101112" },
		{ "a space", "00c63364 a13bea1c3ed6c0ff0e91a1aa" },
	};
	struct carried c[AUTH_MAXCARRY];
	char v[256], want[512];
	unsigned n, i, e, s, vm;
	size_t k, flips, bad;
	int r;

	for (s = 0; s < NELEM(sets); s++)
		for (e = 1; e <= AUTH_MAXCARRY; e++) {
			vm = s == 0 ? 0 : s == 1 ? 0xf : 0x5;
			snprintf(v, sizeof(v), "%s", put_n(e, sets[s], vm));
			for (k = 0, bad = 0; v[k] != '\0'; k++)
				if (!sl_istoken((unsigned char)v[k]) ||
				    !sl_isxdigit((unsigned char)v[k]) ||
				    (v[k] >= 'A' && v[k] <= 'F'))
					bad = 1;
			ok(!bad, "auth_put_carried: %s, %u: lower-case hex, "
			    "token characters", sname[s], e);
			want[0] = '\0';
			for (i = 0, k = 0; i < e; i++) {
				struct addr ad;

				(void)addr_parse_arg(sets[s][i], 0, &ad);
				k += (size_t)snprintf(want + k, sizeof(want) - k,
				    "%s%s/%u/%c", i ? " " : "", addr_str(&ad),
				    i, (vm >> i) & 1 ? 'v' : 'u');
			}
			r = get_n(v, c, &n);
			is_int(r, 0, "auth_get_carried: %s, %u entries: accepted",
			    sname[s], e);
			is_str(r == 0 ? show(c, n) : "", want,
			    "auth_get_carried: %s, %u entries: round trip, "
			    "slots and vouched bits", sname[s], e);
			for (k = 0, flips = 0; v[k] != '\0'; k++) {
				char ch = v[k];

				v[k] = ch == '0' ? '8' : ch == 'f' ? 'e' :
				    (char)(ch ^ 1);
				if (get_n(v, c, &n) == 0)
					flips++;
				v[k] = ch;
			}
			is_int((long long)flips, 0, "auth_get_carried: %s, %u: "
			    "every one-digit change refused", sname[s], e);
			for (k = 0; v[k] != '\0'; k++)
				if (v[k] >= 'a' && v[k] <= 'f')
					v[k] = (char)(v[k] - 32);
			is_int(get_n(v, c, &n), 0, "auth_get_carried: %s, %u: "
			    "upper-case hex is the same value", sname[s], e);
			snprintf(v, sizeof(v), "%s", put_n(e, sets[s], vm));
			k = strlen(v);
			v[k - 2] = '\0';
			ok(get_n(v, c, &n) != 0, "auth_get_carried: %s, %u: two "
			    "digits short", sname[s], e);
			snprintf(v, sizeof(v), "%s0", put_n(e, sets[s], vm));
			ok(get_n(v, c, &n) != 0, "auth_get_carried: %s, %u: one "
			    "digit more (odd length)", sname[s], e);
			snprintf(v, sizeof(v), "%s00", put_n(e, sets[s], vm));
			ok(get_n(v, c, &n) != 0, "auth_get_carried: %s, %u: two "
			    "digits long", sname[s], e);
		}
	/* The vouched bit is under the MAC: flipping it alone is refused. */
	snprintf(v, sizeof(v), "%s", put_n(1, a6, 0));
	snprintf(want, sizeof(want), "%s", put_n(1, a6, 1));
	ok(strcmp(v, want) != 0 && strncmp(v, want, 2) != 0,
	    "auth_put_carried: the vouched bit is in the tag octet");
	v[0] = want[0];
	v[1] = want[1];
	ok(get_n(v, c, &n) != 0, "auth_get_carried: an unvouched value made "
	    "vouched is refused");
	/* Five entries are more than a parameter holds. */
	{
		static const char *const five[] = { "198.51.100.1",
		    "198.51.100.2", "198.51.100.3", "198.51.100.4",
		    "198.51.100.5" };

		snprintf(v, sizeof(v), "%s", put_n(5, five, 0));
		r = get_n(v, c, &n);
		ok(r != 0 || n <= AUTH_MAXCARRY, "auth_put_carried: at most "
		    "AUTH_MAXCARRY entries written or read (%u)", n);
	}
	for (i = 0; i < NELEM(junk); i++)
		ok(get_n(junk[i].v, c, &n) != 0, "auth_get_carried: %s refused",
		    junk[i].name);

	/* Another key: yesterday's values no longer pass. */
	{
		static const unsigned char k2[AUTH_KEYLEN] = { 1, 2, 3 };
		uint64_t h = auth_hash("x", 1);

		snprintf(v, sizeof(v), "%s", put_n(1, a4, 1));
		ok(get_n(v, c, &n) == 0, "auth_get_carried: accepted under "
		    "its key");
		auth_set_key(k2);
		ok(get_n(v, c, &n) != 0, "auth_get_carried: another key "
		    "refuses");
		ok(auth_hash("x", 1) != h, "auth_hash: depends on the key");
	}
}

static void
via(void)
{
	struct addr arr = A("192.0.2.20:5060"), rep = A("198.51.100.10:5070");
	struct addr a6 = A("[2001:db8::10]:5060"), r6 = A("[2001:db8::7]:5999");
	struct addr ga, gr;
	char buf[128];
	struct obuf ob;

	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_via(&ob, &arr, &rep);
	buf[ob.len] = '\0';
	is_int((long long)ob.len, 40, "auth_put_via: IPv4: 40 digits");
	ok(auth_get_via(sl_make(buf, ob.len), &ga, &gr) == 0 &&
	    addr_eq(&ga, &arr) && addr_eq(&gr, &rep),
	    "auth_get_via: IPv4 round trip");
	buf[3] = buf[3] == '0' ? '1' : '0';
	ok(auth_get_via(sl_make(buf, ob.len), &ga, &gr) != 0,
	    "auth_get_via: IPv4 one digit changed");
	ob_init(&ob, buf, sizeof(buf) - 1);
	auth_put_via(&ob, &a6, &r6);
	is_int((long long)ob.len, 88, "auth_put_via: IPv6: 88 digits");
	ok(auth_get_via(sl_make(buf, ob.len), &ga, &gr) == 0 &&
	    addr_eq(&ga, &a6) && addr_eq(&gr, &r6),
	    "auth_get_via: IPv6 round trip");
	ok(auth_get_via(sl_make(buf, 40), &ga, &gr) != 0,
	    "auth_get_via: a prefix of the right length for IPv4 refused");
	/* A carried address is no Via value, and the other way round:
	 * the domain tags differ. */
	{
		struct carried c[2];

		memset(c, 0, sizeof(c));
		c[0].a = arr;
		c[1].a = rep;
		c[1].slot = 1;
		ob_init(&ob, buf, sizeof(buf) - 1);
		auth_put_carried(&ob, c, 2);
	}
	ok(auth_get_via(sl_make(buf, ob.len), &ga, &gr) != 0,
	    "auth_get_via: an sp64= value is not an sp64v= value");
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
