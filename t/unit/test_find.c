/*
 * test_find.c - the grammar finder (find.c): where SIP's grammar puts a
 * host in a header field value, and everything that looks like an
 * address but is text; find_host_literal; the one quote and comment
 * scanner of sl.c. Every text is copied into a heap buffer of exactly
 * its length, so that a read past the end is caught (SAN=1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "unit.h"

static const char ctxch[] = "usrpw";	/* enum xctx, in order */
static const char kindch[] = "UVW";	/* enum ekind, in order */

/*
 * Every element find_next returns, as "K[element text with ^ at pend]"
 * and per literal " host=c[:port]" (c: the context letter), "+b" for a
 * bare URI, " sp64=value", " nlit=N" when more than FIND_MAXHOST. "(!)"
 * when an offset leaves the slice or the position does not move on.
 */
static const char *
finds(const char *z, unsigned flags)
{
	static char out[2048];
	size_t n = strlen(z), pos = 0, last, o = 0;
	char *buf = heap_copy(z, n);
	struct elem e;
	unsigned k, guard = 0;

	out[0] = '\0';
	for (;;) {
		last = pos;
		if (!find_next(buf, n, &pos, flags, &e) || ++guard > 64)
			break;
		if (e.off > e.end || e.end > n || e.pend > n ||
		    e.pend < e.off || pos <= last || pos > n) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "(!)");
			break;
		}
		o += (size_t)snprintf(out + o, sizeof(out) - o,
		    "%s%c[%.*s^%.*s]%s", o > 0 ? ", " : "", kindch[e.kind],
		    (int)(e.pend - e.off), buf + e.off,
		    (int)(e.end > e.pend ? e.end - e.pend : 0), buf + e.pend,
		    e.bare ? "+b" : "");
		for (k = 0; k < e.nh && o < sizeof(out) - 128; k++) {
			const struct hostpos *h = &e.h[k];

			if (h->off + h->len > e.end && !(flags & FIND_RURI)) {
				o += (size_t)snprintf(out + o, sizeof(out) - o,
				    "(!)");
				break;
			}
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    " %.*s=%c", (int)h->len, buf + h->off,
			    ctxch[h->ctx]);
			if (h->has_port)
				o += (size_t)snprintf(out + o, sizeof(out) - o,
				    ":%u", (unsigned)addr_port(&h->a));
		}
		if (e.carried.p != NULL)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    " sp64=%.*s|%.*s", (int)e.carried.n, e.carried.p,
			    (int)e.clen, buf + e.coff);
		if (e.nlit != e.nh)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    " nlit=%u", e.nlit);
		if (o >= sizeof(out) - 128)
			break;
	}
	free(buf);
	return out;
}

static void
found(void)
{
	static const struct {
		const char *name, *text;
		unsigned flags;
		const char *want;
	} fc[] = {
		{ "name-addr", "\"Bob\" <sip:bob@198.51.100.4:5062;"
		    "transport=udp>;tag=1",
		    0, "U[sip:bob@198.51.100.4:5062;transport=udp^] "
		    "198.51.100.4:5062=u:5062" },
		{ "name-addr without display name",
		    "<sip:198.51.100.4>", 0, "U[sip:198.51.100.4^] "
		    "198.51.100.4=u" },
		{ "sips:", "<sips:alice@198.51.100.4:5061>", 0,
		    "U[sips:alice@198.51.100.4:5061^] "
		    "198.51.100.4:5061=u:5061" },
		{ "SIP: upper case", "<SIP:alice@198.51.100.4>", 0,
		    "U[SIP:alice@198.51.100.4^] 198.51.100.4=u" },
		{ "addr-spec bare: its ;params are the field's",
		    "sip:carol@198.51.100.7;tag=x", 0,
		    "U[sip:carol@198.51.100.7^]+b 198.51.100.7=u" },
		{ "bare list", "sip:a@198.51.100.7;q=1, sip:b@[2001:db8::7]", 0,
		    "U[sip:a@198.51.100.7^]+b 198.51.100.7=u, "
		    "U[sip:b@[2001:db8::7]^]+b [2001:db8::7]=u" },
		{ "list, no space after the comma",
		    "<sip:198.51.100.1;lr>,<sip:[2001:db8::1];lr>", 0,
		    "U[sip:198.51.100.1;lr^] 198.51.100.1=u, "
		    "U[sip:[2001:db8::1];lr^] [2001:db8::1]=u" },
		{ "Request-URI", "sip:bob@198.51.100.4;transport=udp", FIND_RURI,
		    "U[sip:bob@198.51.100.4;transport=udp^] 198.51.100.4=u" },
		{ "Request-URI with headers: the parameter goes before ?",
		    "sip:bob@198.51.100.4;lr?subject=x", FIND_RURI,
		    "U[sip:bob@198.51.100.4;lr^?subject=x] 198.51.100.4=u" },
		{ "userinfo with ; and ? (Request-URI)",
		    "sip:alice;day=tue?x@198.51.100.4", FIND_RURI,
		    "U[sip:alice;day=tue?x@198.51.100.4^] 198.51.100.4=u" },
		{ "userinfo with ; in <>", "<sip:alice;day=tue@198.51.100.4>", 0,
		    "U[sip:alice;day=tue@198.51.100.4^] 198.51.100.4=u" },
		{ "user:password", "<sip:alice:secret@198.51.100.4>", 0,
		    "U[sip:alice:secret@198.51.100.4^] 198.51.100.4=u" },
		{ "maddr=", "<sip:alice@atlanta.example;maddr=239.255.255.1;"
		    "ttl=15>", 0, "U[sip:alice@atlanta.example;"
		    "maddr=239.255.255.1;ttl=15^] 239.255.255.1=p" },
		{ "maddr=[IPv6] and host", "<sip:b@[2001:db8::6];"
		    "maddr=[2001:db8::7]>", 0, "U[sip:b@[2001:db8::6];"
		    "maddr=[2001:db8::7]^] [2001:db8::6]=u [2001:db8::7]=p" },
		{ "[IPv6]:port (RFC 5118 4.3)",
		    "<sip:alice@[2001:db8::10]:5070;transport=udp>", 0,
		    "U[sip:alice@[2001:db8::10]:5070;transport=udp^] "
		    "[2001:db8::10]:5070=u:5070" },
		{ "bare IPv6 in a Request-URI (RFC 5118 4.2)",
		    "sip:2001:db8::10", FIND_RURI,
		    "U[sip:2001:db8::10^] 2001:db8::10=u" },
		{ "port inside brackets is no port (RFC 5118 4.3)",
		    "sip:[2001:db8::10:5070]", FIND_RURI,
		    "U[sip:[2001:db8::10:5070]^] [2001:db8::10:5070]=u" },
		{ "IPv4-mapped in brackets (RFC 5118 4.9)",
		    "<sip:[::ffff:192.0.2.128]>", 0,
		    "U[sip:[::ffff:192.0.2.128]^] [::ffff:192.0.2.128]=u" },
		{ "our parameter is noted",
		    "<sip:x@198.51.100.1;lr;sp64=00aa;foo>", 0,
		    "U[sip:x@198.51.100.1;lr;sp64=00aa;foo^] 198.51.100.1=u "
		    "sp64=00aa|;sp64=00aa" },
		{ "a host name: an element without literals",
		    "<sip:bob@biloxi.example>", 0, "U[sip:bob@biloxi.example^]" },
		/* Via */
		{ "Via", "SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK1;rport",
		    0, "V[SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK1;rport^] "
		    "198.51.100.10:5060=s:5060" },
		{ "Via without parameters", "SIP/2.0/UDP 198.51.100.10", 0,
		    "V[SIP/2.0/UDP 198.51.100.10^] 198.51.100.10=s" },
		{ "two via-parms in one value",
		    "SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1 , "
		    "SIP/2.0/TCP [2001:db8::9]:5070;branch=z9hG4bK2", 0,
		    "V[SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1^ ] "
		    "198.51.100.10=s, V[SIP/2.0/TCP [2001:db8::9]:5070;"
		    "branch=z9hG4bK2^] [2001:db8::9]:5070=s:5070" },
		{ "LWS around ; and =", "SIP/2.0/UDP 198.51.100.10 ; "
		    "branch = z9hG4bK1 ; received = 198.51.100.99", 0,
		    "V[SIP/2.0/UDP 198.51.100.10 ; branch = z9hG4bK1 ; "
		    "received = 198.51.100.99^] 198.51.100.10=s "
		    "198.51.100.99=r" },
		{ "received= bracketed (RFC 5118 4.5)",
		    "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];"
		    "branch=z9hG4bKas3", 0, "V[SIP/2.0/UDP [2001:db8::9:1];"
		    "received=[2001:db8::9:255];branch=z9hG4bKas3^] "
		    "[2001:db8::9:1]=s [2001:db8::9:255]=r" },
		{ "received= bare (RFC 5118 4.5)",
		    "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255", 0,
		    "V[SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255^] "
		    "[2001:db8::9:1]=s 2001:db8::9:255=r" },
		{ "Via maddr=", "SIP/2.0/UDP h.example;maddr=239.1.1.1;ttl=1", 0,
		    "V[SIP/2.0/UDP h.example;maddr=239.1.1.1;ttl=1^] "
		    "239.1.1.1=p" },
		{ "Via with a comment after the sent-by",
		    "SIP/2.0/UDP 198.51.100.10 (x 198.51.100.11)", 0,
		    "V[SIP/2.0/UDP 198.51.100.10^ (x 198.51.100.11)] "
		    "198.51.100.10=s" },
		/* Warning */
		{ "Warning", "399 198.51.100.10 \"Incompatible\"", 0,
		    "W[399 198.51.100.10^ \"Incompatible\"] 198.51.100.10=w" },
		{ "Warning with port, two values",
		    "399 [2001:db8::1]:5060 \"a 198.51.100.1\", "
		    "307 example.com \"sip:198.51.100.2\"", 0,
		    "W[399 [2001:db8::1]:5060^ \"a 198.51.100.1\"] "
		    "[2001:db8::1]:5060=w:5060, "
		    "W[307 example.com^ \"sip:198.51.100.2\"]" },
		{ "more literals than FIND_MAXHOST",
		    "<sip:198.51.100.1;maddr=198.51.100.2;maddr=198.51.100.3;"
		    "maddr=198.51.100.4;maddr=198.51.100.5>", 0,
		    "U[sip:198.51.100.1;maddr=198.51.100.2;maddr=198.51.100.3;"
		    "maddr=198.51.100.4;maddr=198.51.100.5^] 198.51.100.1=u "
		    "198.51.100.2=p 198.51.100.3=p 198.51.100.4=p nlit=5" },
	};
	size_t i;

	for (i = 0; i < NELEM(fc); i++)
		is_str(finds(fc[i].text, fc[i].flags), fc[i].want,
		    "find_next: %s", fc[i].name);
}

/* What looks like an address but is text: no literal may be reported. */
static void
not_found(void)
{
	static const struct {
		const char *name, *text;
	} nc[] = {
		{ "a quoted string", "\"sip:198.51.100.1\" <sip:x@example.com>" },
		{ "a quoted string with escaped quotes",
		    "\"a \\\" <sip:198.51.100.1> \\\"\" <sip:x@example.com>" },
		{ "an escaped backslash then the closing quote",
		    "\"a\\\\\" <sip:x@example.com>" },
		{ "a comment", "Asterisk (sip:198.51.100.1)" },
		{ "a nested comment",
		    "x (a (b) sip:198.51.100.1 (c sip:198.51.100.2)) y" },
		{ "a comment with an escaped paren",
		    "x (a \\) sip:198.51.100.1) y" },
		{ "http:", "<http://198.51.100.5:8080/ring.wav>" },
		{ "http: with an IPv6 literal", "<http://[2001:db8:66::5]:8080/r>" },
		{ "mailto:", "<mailto:sip:a@198.51.100.5>" },
		{ "tel: with a sip-looking parameter",
		    "<tel:+1234;phone-context=sip:198.51.100.5>" },
		{ "sip: inside a word", "xsip:198.51.100.5" },
		{ "a product string", "Yealink SIP-T46S 66.86.0.15" },
		{ "a literal in an unquoted display name",
		    "Alice 198.51.100.1 <sip:alice@example.com>" },
		{ "a literal in a quoted display name",
		    "\"198.51.100.1\" <sip:alice@example.com>" },
		{ "text after a Warning code",
		    "399 example.com \"Bad 198.51.100.1 sip:198.51.100.2\"" },
		{ "a Warning shape without its quoted text",
		    "399 198.51.100.1 bad" },
		{ "Via: two-part protocol is no via-parm",
		    "application/sdp 198.51.100.1" },
		{ "a tag", "<sip:alice@atlanta.example>;tag=198.51.100.1" },
		{ "a quad inside a host name", "<sip:a@198.51.100.1.example.com>" },
		{ "a quad after a letter", "<sip:a@host198.51.100.1>" },
		{ "a quad then a letter", "<sip:a@198.51.100.1x>" },
		{ "five parts", "<sip:a@1.2.3.4.5>" },
		{ "hex-looking host", "<sip:cafe@beef>" },
		{ "empty brackets", "<sip:[]>" },
		{ "a port out of range", "<sip:198.51.100.1:65536>" },
		{ "[IPv4] is no SIP form", "<sip:[198.51.100.1]>" },
		{ "Date", "Sat, 13 Nov 2010 23:29:00 GMT" },
		{ "CSeq", "314159 INVITE" },
		{ "a fingerprint", "sha-256 12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD" },
		{ "a Call-ID shape", "a84b4c76e66710@198.51.100.10" },
	};
	size_t i;
	const char *got, *c;

	for (i = 0; i < NELEM(nc); i++) {
		got = finds(nc[i].text, 0);
		/* an element may be found, but it must hold no literal */
		c = strchr(got, ']');
		ok(strstr(got, "(!)") == NULL && (c == NULL ||
		    strchr(c, '=') == NULL), "find_next: not an address: %s%s%s",
		    nc[i].name, *got ? " -> " : "", got);
	}
	ok(!strcmp(finds("http:198.51.100.1", FIND_RURI), ""),
	    "find_next: a Request-URI of another scheme holds no host");
	ok(!strcmp(finds("tel:+1-201-555-0123", FIND_RURI), ""),
	    "find_next: tel: Request-URI");
}

/* RFC 4475 3.1.1.1 (wsinv): LWS around the slashes of sent-protocol. */
static void
via_lws(void)
{
	const char *got = finds("SIP  /   2.0 / UDP 198.51.100.2;rport;"
	    "branch=390skdjuw", 0);

	ok(strstr(got, "198.51.100.2=s") != NULL,
	    "find_next: Via with LWS around / (RFC 3261 SLASH, RFC 4475 "
	    "wsinv): sent-by found (%s)", got);
	tap_todo = NULL;
}

static const char *
lit(const char *z)
{
	static char out[128];
	struct hostpos hp;
	char *buf = heap_copy(z, strlen(z));

	if (!find_host_literal(sl_make(buf, strlen(z)), &hp))
		snprintf(out, sizeof(out), "no");
	else
		snprintf(out, sizeof(out), "%s/%d%s", addr_str(&hp.a),
		    addr_af(&hp.a) == AF_INET6 ? 6 : 4,
		    hp.has_port ? "/port" : "");
	free(buf);
	return out;
}

static void
host_literal(void)
{
	static const struct {
		const char *in, *want;
	} hc[] = {
		{ "198.51.100.1", "198.51.100.1:0/4" },
		{ "198.51.100.1:5062", "198.51.100.1:5062/4/port" },
		{ "198.51.100.1:0", "198.51.100.1:0/4/port" },
		{ "198.51.100.1:65535", "198.51.100.1:65535/4/port" },
		{ "198.51.100.1:65536", "no" },
		{ "198.51.100.1:", "no" },
		{ "198.51.100.1:5x", "no" },
		{ "198.51.100.1:1234567", "no" },
		{ "[2001:db8::1]", "[2001:db8::1]:0/6" },
		{ "[2001:db8::1]:5070", "[2001:db8::1]:5070/6/port" },
		{ "[2001:db8::1]x", "no" },
		{ "[2001:db8::1]:", "no" },
		{ "[2001:db8::1", "no" },
		{ "[198.51.100.1]", "no" },
		{ "[]", "no" },
		{ "2001:db8::1", "[2001:db8::1]:0/6" },
		{ "2001:db8::1:5070", "[2001:db8::1:5070]:0/6" },
		{ "::", "[::]:0/6" },
		{ "::ffff:192.0.2.1", "[::ffff:192.0.2.1]:0/6" },
		{ "example.com", "no" },
		{ "example.com:5060", "no" },
		{ "1.2.3", "no" },
		{ "1.2.3.256", "no" },
		{ "", "no" },
		{ "[", "no" },
		{ ":", "no" },
	};
	size_t i;

	for (i = 0; i < NELEM(hc); i++)
		is_str(lit(hc[i].in), hc[i].want, "find_host_literal: '%s'",
		    hc[i].in);
}

/* sl_skip_quoted, sl_skip_comment, sl_elem_end on exact buffers. */
static void
scanners(void)
{
	static const struct {
		const char *text;
		int fn;		/* 0 quoted, 1 comment, 2 elem end */
		size_t want;
	} sc[] = {
		{ "\"abc\" x", 0, 5 },
		{ "\"a\\\"b\" x", 0, 6 },
		{ "\"a\\\\\" x", 0, 5 },
		{ "\"abc", 0, 4 },
		{ "\"ab\\", 0, 4 },
		{ "\"", 0, 1 },
		{ "(a) x", 1, 3 },
		{ "(a (b) c) x", 1, 9 },
		{ "(a \\) b) x", 1, 8 },
		{ "(a (b c", 1, 7 },
		{ "(a\\", 1, 3 },
		{ "a, b", 2, 1 },
		{ "\"a,b\", c", 2, 5 },
		{ "<sip:a,b>, c", 2, 9 },
		{ "(a,b), c", 2, 5 },
		{ "<a (b,c)>, d", 2, 9 },
		{ "\"a\\\",b\", c", 2, 7 },
		{ "abc", 2, 3 },
		{ "\"a,b", 2, 4 },
	};
	static const char *const fname[] = { "sl_skip_quoted",
	    "sl_skip_comment", "sl_elem_end" };
	size_t i, n, got;
	char *buf;

	for (i = 0; i < NELEM(sc); i++) {
		n = strlen(sc[i].text);
		buf = heap_copy(sc[i].text, n);
		got = sc[i].fn == 0 ? sl_skip_quoted(buf, n, 0) :
		    sc[i].fn == 1 ? sl_skip_comment(buf, n, 0) :
		    sl_elem_end(buf, n, 0);
		is_int((long long)got, (long long)sc[i].want, "%s: '%s'",
		    fname[sc[i].fn], sc[i].text);
		free(buf);
	}
}

/*
 * Every prefix of long values full of every shape: nothing read outside
 * the exact buffer (SAN=1), every offset inside the prefix, the position
 * always moving on.
 */
static void
prefixes(void)
{
	static const char *const texts[] = {
	    "SIP/2.0/UDP [2001:db8::9:1]:5070 ; received = 2001:db8::9:255;"
	    "maddr=[2001:db8::7];sp64=00ff;rport, SIP/2.0/TCP 198.51.100.1:5"
	    ",\"Bob \\\" (x\" <sip:alice;a=b?c@[::ffff:192.0.2.128]:5060;"
	    "maddr=198.51.100.3;lr;sp64=abcd?h=v>;tag=1 (c (d) sip:1.2.3.4),"
	    " sip:x@198.51.100.4;q=1, 399 198.51.100.5:5060 \"t\\\"x\","
	    "sips:2001:db8::10 <http://[2001:db8::5]:80/>",
	    "sip:bob@[2001:db8::1]:5060;maddr=198.51.100.3;sp64=1?x=y",
	    "\"\\", "(\\", "<sip:", "sip:[", "399 1", "SIP/2.0/UDP ",
	    "SIP/2.0/UDP 1;a =", "<sip:a@1.2.3.4;maddr=",
	};
	size_t t, k, n, pos, last, bad = 0, calls = 0;
	unsigned flags, guard;
	struct hostpos hp;
	struct elem e;
	char *buf;

	for (t = 0; t < NELEM(texts); t++) {
		n = strlen(texts[t]);
		for (k = 0; k <= n; k++)
			for (flags = 0; flags <= FIND_RURI; flags++) {
				buf = heap_copy(texts[t], k);
				pos = 0;
				guard = 0;
				for (;;) {
					last = pos;
					if (!find_next(buf, k, &pos, flags, &e))
						break;
					calls++;
					if (e.end > k || e.pend > k ||
					    pos > k || pos <= last ||
					    e.coff + e.clen > k ||
					    (e.nh > 0 && e.h[e.nh - 1].off +
					    e.h[e.nh - 1].len > k) ||
					    ++guard > 64) {
						bad++;
						break;
					}
				}
				(void)find_host_literal(sl_make(buf, k), &hp);
				if (sl_skip_quoted(buf, k, 0) > k ||
				    sl_skip_comment(buf, k, 0) > k ||
				    sl_elem_end(buf, k, 0) > k)
					bad++;
				free(buf);
			}
	}
	is_int((long long)bad, 0, "find_next: every prefix of long values "
	    "stays inside it and moves on (%zu elements found)", calls);
	ok(calls > 100, "find_next: the prefixes did find elements");
}

void
test_find(void)
{
	found();
	not_found();
	via_lws();
	host_literal();
	scanners();
	prefixes();
}
