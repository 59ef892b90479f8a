/*
 * test_sl.c - the slice primitives.
 */
#include <string.h>

#include "sl.h"
#include "unit.h"

static struct sl
S(const char *z)
{
	return sl_make(z, strlen(z));
}

void
test_sl(void)
{
	static const struct {
		const char *name, *s, *z;
		int eq, prefix;
	} cmp[] = {
		{ "same",		"Via",		"via",	1, 1 },
		{ "upper",		"CONTENT-LENGTH", "content-length", 1, 1 },
		{ "longer slice",	"Vias",		"via",	0, 1 },
		{ "shorter slice",	"Vi",		"via",	0, 0 },
		{ "different",		"Vix",		"via",	0, 0 },
		{ "empty",		"",		"",	1, 1 },
	};
	static const struct {
		const char *name, *s;
		uint32_t max;
		int ret;
		uint32_t val;
	} num[] = {
		{ "zero",		"0",		10,	0, 0 },
		{ "max",		"255",		255,	0, 255 },
		{ "above max",		"256",		255,	-1, 0 },
		{ "u32 max",		"4294967295",	0xffffffffu, 0, 0xffffffffu },
		{ "u32 overflow",	"4294967296",	0xffffffffu, -1, 0 },
		{ "eleven digits",	"00000000001",	0xffffffffu, -1, 0 },
		{ "empty",		"",		10,	-1, 0 },
		{ "sign",		"-1",		10,	-1, 0 },
		{ "plus",		"+1",		10,	-1, 0 },
		{ "junk",		"1a",		99,	-1, 0 },
		{ "space",		" 1",		99,	-1, 0 },
	};
	static const struct {
		const char *name, *s, *tok, *rest;
	} tok[] = {
		{ "plain",		"INVITE sip:x",	"INVITE", " sip:x" },
		{ "leading lws",	" \t abc;d",	"abc",	";d" },
		{ "no token",		";x",		"",	";x" },
		{ "all token chars",	"a-.!%*_+`'~b c", "a-.!%*_+`'~b", " c" },
	};
	size_t i;
	uint32_t v;
	struct sl s, t;
	const char *hit;
	char buf[8];

	for (i = 0; i < NELEM(cmp); i++) {
		is_int(sl_eq_ci(S(cmp[i].s), cmp[i].z), cmp[i].eq,
		    "sl_eq_ci: %s", cmp[i].name);
		is_int(sl_prefix_ci(S(cmp[i].s), cmp[i].z), cmp[i].prefix,
		    "sl_prefix_ci: %s", cmp[i].name);
	}
	for (i = 0; i < NELEM(num); i++) {
		v = 12345;
		is_int(sl_u32(S(num[i].s), num[i].max, &v), num[i].ret,
		    "sl_u32: %s", num[i].name);
		if (num[i].ret == 0)
			is_int(v, num[i].val, "sl_u32: %s: value",
			    num[i].name);
		else
			is_int(v, 12345, "sl_u32: %s: output untouched",
			    num[i].name);
	}
	for (i = 0; i < NELEM(tok); i++) {
		s = S(tok[i].s);
		t = sl_token(&s);
		is_str(cstr(t), tok[i].tok, "sl_token: %s: token", tok[i].name);
		is_str(cstr(s), tok[i].rest, "sl_token: %s: rest", tok[i].name);
	}
	is_str(cstr(sl_trim(S(" \t\r\nabc d\r\n"))), "abc d",
	    "sl_trim: both ends");
	is_int((long long)sl_trim(S(" \r\n ")).n, 0, "sl_trim: all white");
	s = S(" \r\n ");
	ok(sl_trim(s).p == s.p + s.n, "sl_trim: all white: empty at the end");

	is_int((long long)sl_skip_lws(" \t\r\nx", 5, 0), 4,
	    "sl_skip_lws: SP, HT, CR, LF");
	is_int((long long)sl_skip_wsp(" \t\r\nx", 5, 0), 2,
	    "sl_skip_wsp: SP and HT only");
	is_int((long long)sl_skip_token("ab~c;d", 6, 1), 4,
	    "sl_skip_token: from i to a separator");
	is_int((long long)sl_skip_token(";x", 2, 0), 0,
	    "sl_skip_token: no token");
	/* Never past n: the byte at n would continue the run. */
	is_int((long long)sl_skip_lws("   ", 2, 0), 2, "sl_skip_lws: stops at n");
	is_int((long long)sl_skip_wsp("   ", 2, 1), 2, "sl_skip_wsp: stops at n");
	is_int((long long)sl_skip_token("abc", 2, 0), 2,
	    "sl_skip_token: stops at n");

	hit = sl_memmem_ci(S("Content-Type: Application/SDP"),
	    "application/sdp");
	ok(hit != NULL && strcmp(hit, "Application/SDP") == 0,
	    "sl_memmem_ci: case-insensitive hit");
	ok(sl_memmem_ci(S("abc"), "abcd") == NULL,
	    "sl_memmem_ci: needle longer than slice");
	ok(sl_memmem_ci(S("abc"), "") == NULL, "sl_memmem_ci: empty needle");
	/* Never past the slice: "abcd" lies beyond a 3-byte slice. */
	memcpy(buf, "abcd", 4);
	ok(sl_memmem_ci(sl_make(buf, 3), "bcd") == NULL,
	    "sl_memmem_ci: does not match past the slice end");
	ok(!sl_eq_ci(sl_make(buf, 3), "abcd"),
	    "sl_eq_ci: does not compare past the slice end");
}
