/*
 * test_xlate.c - the grammar finder (find_next), the family oracle
 * (xlate_has_family), and xlate_span on single header values in every
 * host position: URI host, Via sent-by, received=, maddr=, warn-agent,
 * what is text, and an address that is not in the table (the leaving
 * address and one ;sp64= per URI or Via).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "edit.h"
#include "map.h"
#include "stats.h"
#include "find.h"
#include "xlate.h"
#include "unit.h"

/* "text/4|6/port/ctx" for every host literal found, ", " between; a
 * bare URI's first one is marked "b:". flags as find_next's. */
static const char *
finds(const char *z, unsigned flags)
{
	static const char ctx[] = "usrmw";
	static char out[1024];
	size_t n = strlen(z), pos = 0, o = 0;
	char *buf = heap_copy(z, n);
	struct elem e;
	unsigned k;

	out[0] = '\0';
	while (o < sizeof(out) - 128 && find_next(buf, n, &pos, flags, &e)) {
		for (k = 0; k < e.nh; k++)
			o += (size_t)snprintf(out + o, sizeof(out) - o,
			    "%s%s%.*s/%d/%u/%c", o > 0 ? ", " : "",
			    e.bare && k == 0 ? "b:" : "", (int)e.h[k].len,
			    buf + e.h[k].off,
			    addr_af(&e.h[k].a) == AF_INET6 ? 6 : 4,
			    (unsigned)addr_port(&e.h[k].a), ctx[e.h[k].ctx]);
		if (e.end > n || e.pend > e.end || pos > n)
			o += (size_t)snprintf(out + o, sizeof(out) - o, "(!)");
	}
	free(buf);
	return out;
}

static void
finder(void)
{
	static const struct {
		const char *name, *text;
		unsigned flags;
		const char *want;
	} fc[] = {
		/* host positions */
		{ "Request-URI, IPv6 and port", "sip:alice@[2001:db8::10]:5070;"
		    "transport=udp", FIND_RURI, "[2001:db8::10]:5070/6/5070/u" },
		{ "Request-URI, bare IPv6 (RFC 5118 4.2)", "sip:2001:db8::10",
		    FIND_RURI, "2001:db8::10/6/0/u" },
		{ "Request-URI, port inside brackets (RFC 5118 4.3)",
		    "sip:[2001:db8::10:5070]", FIND_RURI,
		    "[2001:db8::10:5070]/6/0/u" },
		{ "Request-URI with maddr", "sip:a@x.example;maddr=[2001:db8::7];"
		    "lr", FIND_RURI, "[2001:db8::7]/6/0/m" },
		{ "Request-URI, tel: is no SIP URI", "tel:+1-201-555-0123",
		    FIND_RURI, "" },
		{ "name-addr", "\"Bob\" <sip:bob@192.0.2.4>;tag=1",
		    0, "192.0.2.4/4/0/u" },
		{ "sips: and port", "<sips:192.0.2.4:5061>", 0,
		    "192.0.2.4:5061/4/5061/u" },
		{ "user with ; and ?", "<sip:a;b=c?d@192.0.2.4;lr>", 0,
		    "192.0.2.4/4/0/u" },
		{ "addr-spec: its ;params are the field's", "sip:b@192.0.2.4;"
		    "maddr=192.0.2.9", 0, "b:192.0.2.4/4/0/u" },
		{ "two in a list", "<sip:192.0.2.1;lr>,<sip:[2001:db8::1];lr>",
		    0, "192.0.2.1/4/0/u, [2001:db8::1]/6/0/u" },
		{ "IPv4-mapped in brackets (RFC 5118 4.9)",
		    "<sip:[::ffff:192.0.2.128]>", 0,
		    "[::ffff:192.0.2.128]/6/0/u" },
		{ "Via: sent-by, received= in brackets (RFC 5118 4.5)",
		    "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];"
		    "branch=z9hG4bKas3-111", 0,
		    "[2001:db8::9:1]/6/0/s, [2001:db8::9:255]/6/0/r" },
		{ "Via: received= bare", "SIP/2.0/UDP [2001:db8::9:1];"
		    "received=2001:db8::9:255;branch=z9hG4bKas3-111", 0,
		    "[2001:db8::9:1]/6/0/s, 2001:db8::9:255/6/0/r" },
		{ "Via: white space around / ; = (RFC 4475 wsinv)",
		    "SIP  /   2.0\r\n /UDP\r\n    192.0.2.2 ; received = 192.0.2.3"
		    " ;branch=1", 0, "192.0.2.2/4/0/s, 192.0.2.3/4/0/r" },
		{ "Via: two values, maddr", "SIP/2.0/UDP 192.0.2.1:5062;maddr="
		    "239.255.255.1, SIP/2.0/TCP h.example;received=192.0.2.9", 0,
		    "192.0.2.1:5062/4/5062/s, 239.255.255.1/4/0/m, "
		    "192.0.2.9/4/0/r" },
		{ "Warning", "399 192.0.2.20:5060 \"Bad 192.0.2.21\", "
		    "307 [2001:db8::1] \"x\"", 0,
		    "192.0.2.20:5060/4/5060/w, [2001:db8::1]/6/0/w" },
		/* text */
		{ "host name", "<sip:bob@example.com>", 0, "" },
		{ "hex-looking host name", "<sip:bob@face.b00c.com>", 0, "" },
		{ "quad inside a host name", "<sip:a@192.0.2.1.example.com>",
		    0, "" },
		{ "user:password", "<sip:alice:192.0.2.1@host.example>", 0,
		    "" },
		{ "display name", "\"192.0.2.7 \\\"sip:1.2.3.4\\\"\" "
		    "<sip:x@example.com>", 0, "" },
		{ "comment", "(sip:192.0.2.1 (nested) sip:192.0.2.2) x", 0,
		    "" },
		{ "http: URI", "<http://[2001:db8:66::5]:8080/ring.wav>", 0,
		    "" },
		{ "mailto: URI", "<mailto:a@192.0.2.1>", 0, "" },
		{ "a version number", "Yealink SIP-T46S 66.86.0.15", 0, "" },
		{ "a literal alone", "192.0.2.1", 0, "" },
		{ "sip: inside a word", "xsip:192.0.2.1", 0, "" },
		{ "Call-ID shape", "a84b4c76e66710@192.0.2.4", 0, "" },
		{ "a Replaces value", "0_3405312349@198.51.100.11;to-tag=1;"
		    "from-tag=2", 0, "" },
		{ "digest", "Digest username=\"a\", uri=\"sip:192.0.2.1\", "
		    "realm=\"192.0.2.1\"", 0, "" },
		{ "CSeq", "314159 INVITE", 0, "" },
		{ "empty brackets", "<sip:[]>", 0, "" },
	};
	size_t i;

	for (i = 0; i < NELEM(fc); i++)
		is_str(finds(fc[i].text, fc[i].flags), fc[i].want,
		    "find_next: %s", fc[i].name);
}

static void
oracle(void)
{
	static const struct {
		const char *name, *text;
		int v4, v6;
	} hc[] = {
		{ "v4 only", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", 1, 0 },
		{ "v6 only", "<sip:[2001:db8::1]>", 0, 1 },
		{ "both", "<sip:192.0.2.1>, <sip:[2001:db8::1]>", 1, 1 },
		{ "text", "\"192.0.2.1\" <http://[2001:db8::1]/>", 0, 0 },
	};
	size_t i, n;
	char *buf;

	for (i = 0; i < NELEM(hc); i++) {
		n = strlen(hc[i].text);
		buf = heap_copy(hc[i].text, n);
		is_int(xlate_has_family(buf, n, 0, AF_INET), hc[i].v4,
		    "xlate_has_family: %s: IPv4", hc[i].name);
		is_int(xlate_has_family(buf, n, 0, AF_INET6), hc[i].v6,
		    "xlate_has_family: %s: IPv6", hc[i].name);
		free(buf);
	}
}

/* Every prefix of a text full of host positions, in an exact buffer. */
static void
finder_prefixes(void)
{
	static const char text[] = "SIP/2.0/UDP [2001:db8::9:1]:5070;"
	    "received=2001:db8::9:255;maddr=192.0.2.1, <sip:a@[::ffff:192.0.2"
	    ".128]:5060;maddr=[2001:db8::1];sp64=00>, \"q\\\"\" (c(d)) "
	    "sip:b@198.51.100.10:5062;x, 399 192.0.2.1 \"t\"";
	size_t k, pos, bad = 0, n = sizeof(text) - 1;
	struct elem e;
	unsigned i;
	char *buf;

	for (k = 0; k <= n; k++) {
		buf = heap_copy(text, k);
		pos = 0;
		while (find_next(buf, k, &pos, 0, &e)) {
			if (e.end > k || pos > k || e.coff + e.clen > k)
				bad++;
			for (i = 0; i < e.nh; i++)
				if (e.h[i].off + e.h[i].len > k)
					bad++;
		}
		free(buf);
	}
	is_int((long long)bad, 0,
	    "find_next: every prefix, positions inside the text");
}

static struct edits ed;

/* xlate_span over the whole text, edits applied; src vouches. */
static const char *
span_from(const struct map *m, int from, const char *leave, const char *src,
    const char *z, unsigned flags, unsigned *forged)
{
	static char out[4096];
	struct xlate x;
	struct obuf ob;
	struct addr sa;
	size_t n = strlen(z);
	char *buf = heap_copy(z, n);

	ed_reset(&ed);
	memset(&x, 0, sizeof(x));
	x.map = m;
	x.from = from;
	x.leave = A(leave);
	if (src != NULL) {
		sa = A(src);
		x.src = &sa;
	}
	x.ed = &ed;
	x.base = buf;
	ob_init(&ob, out, sizeof(out) - 1);
	if (xlate_span(&x, 0, n, flags) != 0 ||
	    ed_apply(&ed, buf, n, &ob) != 0)
		ob.len = 0, strcpy(out, "(failed)");
	else
		out[ob.len] = '\0';
	if (forged != NULL)
		*forged = x.forged;
	free(buf);
	return out;
}

static const char *
span(const struct map *m, int from, const char *leave, const char *z,
    unsigned flags, unsigned *forged)
{
	return span_from(m, from, leave, NULL, z, flags, forged);
}

static void
known_spans(const struct map *m)
{
	static const struct {
		const char *name, *in;
		unsigned flags;
		const char *want;
	} sc[] = {
		{ "URI host: partner", "<sip:bob@[2001:db8::10]>", 0,
		    "<sip:bob@198.51.100.10>" },
		{ "URI host with port kept", "<sip:bob@[2001:db8::10]:5060>",
		    0, "<sip:bob@198.51.100.10:5060>" },
		{ "Request-URI", "sip:[2001:db8:1::20]", XF_RURI,
		    "sip:192.0.2.20" },
		{ "Via sent-by", "SIP/2.0/UDP [2001:db8:1::20]:5060;"
		    "branch=z9hG4bK1", 0,
		    "SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK1" },
		{ "received= with brackets", "SIP/2.0/UDP [2001:db8:1::20];"
		    "received=[2001:db8:1::20];rport=5060", 0,
		    "SIP/2.0/UDP 192.0.2.20;received=192.0.2.20;rport=5060" },
		{ "maddr=", "<sip:b@x.example;maddr=[2001:db8::10]>", 0,
		    "<sip:b@x.example;maddr=198.51.100.10>" },
		{ "Warning warn-agents", "399 [2001:db8:1::20]:5060 "
		    "\"Bad\", 307 2001:db8:1::20 \"2001:db8:1::20\"", 0,
		    "399 192.0.2.20:5060 \"Bad\", 307 192.0.2.20 "
		    "\"2001:db8:1::20\"" },
		{ "general address", "<sip:[2001:db8::1];lr>", 0,
		    "<sip:192.0.2.1;lr>" },
		{ "placeholder", "<sip:x@[::]>", 0, "<sip:x@0.0.0.0>" },
		{ "other family untouched", "<sip:a@198.51.100.10>, "
		    "<sip:b@[2001:db8::10]>", 0,
		    "<sip:a@198.51.100.10>, <sip:b@198.51.100.10>" },
		{ "text untouched", "\"2001:db8::10\" <http://[2001:db8::10]/x>"
		    " (sip:[2001:db8::10])", 0,
		    "\"2001:db8::10\" <http://[2001:db8::10]/x> "
		    "(sip:[2001:db8::10])" },
	};
	size_t i;

	for (i = 0; i < NELEM(sc); i++)
		is_str(span(m, AF_INET6, "192.0.2.1", sc[i].in, sc[i].flags,
		    NULL), sc[i].want, "xlate_span v6->v4: %s", sc[i].name);
	is_str(span(m, AF_INET, "[2001:db8::10]",
	    "SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK1;rport", 0,
	    NULL), "SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK1;rport",
	    "xlate_span v4->v6: Via sent-by in brackets");
	is_str(span(m, AF_INET, "[2001:db8::10]",
	    "SIP/2.0/UDP h.example;received=198.51.100.10", 0, NULL),
	    "SIP/2.0/UDP h.example;received=2001:db8::10",
	    "xlate_span v4->v6: received= without brackets");
	is_str(span(m, AF_INET, "[2001:db8::10]",
	    "<sip:a@192.0.2.20;maddr=192.0.2.20>", 0, NULL),
	    "<sip:a@[2001:db8:1::20];maddr=[2001:db8:1::20]>",
	    "xlate_span v4->v6: maddr= in brackets");
	is_str(span(m, AF_INET, "[2001:db8::10]", "399 203.0.113.77 \"Bad\"",
	    0, NULL), "399 [2001:db8::10] \"Bad\"",
	    "xlate_span v4->v6: an unknown warn-agent becomes the leaving "
	    "address, nothing carried");
}

/* Not in the table: the leaving address, the original carried. */
static void
carried_spans(const struct map *m)
{
	char want[512];
	const char *hex;

	hex = carried("[2001:db8:5::99]", 0);
	ok(strlen(hex) == 54, "sp64 value for one IPv6 is 54 hex digits");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>", hex);
	is_str(span(m, AF_INET6, "192.0.2.1", "<sip:carol@[2001:db8:5::99]>",
	    0, NULL), want, "unknown URI host: leaving address and ;sp64=");
	is_str(span(m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99]",
	    0, NULL), want, "unknown bare URI in a header: <> added");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>;foo=1, "
	    "<sip:d@192.0.2.1;sp64=%s>", hex, hex);
	is_str(span(m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99];"
	    "foo=1, sip:d@[2001:db8:5::99]", 0, NULL), want,
	    "unknown bare URIs in a list: <> around each URI only");
	snprintf(want, sizeof(want), "sip:carol@192.0.2.1;sp64=%s", hex);
	is_str(span(m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99]",
	    XF_RURI, NULL), want, "unknown Request-URI host: no <>");
	snprintf(want, sizeof(want), "SIP/2.0/UDP 192.0.2.1;"
	    "branch=z9hG4bK1;sp64=%s", hex);
	is_str(span(m, AF_INET6, "192.0.2.1", "SIP/2.0/UDP "
	    "[2001:db8:5::99];branch=z9hG4bK1", 0, NULL), want,
	    "unknown Via sent-by: carried at the end of the Via");
	hex = carried("[2001:db8:5::99]", 1);
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>", hex);
	is_str(span_from(m, AF_INET6, "192.0.2.1", "[2001:db8:5::99]:4000",
	    "<sip:carol@[2001:db8:5::99]>", 0, NULL), want,
	    "the datagram's source: carried vouched");
	hex = carried("[2001:db8:5::99]:5070", 0);
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1:5060;sp64=%s>",
	    hex);
	is_str(span(m, AF_INET6, "192.0.2.1",
	    "<sip:carol@[2001:db8:5::99]:5070>", 0, NULL), want,
	    "unknown with a port: the port is carried too");
	is_str(span(m, AF_INET, "[2001:db8::10]",
	    "<sip:a@127.0.0.1>, <sip:b@224.0.0.1>, <sip:c@169.254.1.1>", 0,
	    NULL), "<sip:a@[2001:db8::10]>, <sip:b@[2001:db8::10]>, "
	    "<sip:c@[2001:db8::10]>",
	    "loopback, multicast, link-local: never carried");
	is_str(span(m, AF_INET6, "192.0.2.1",
	    "<sip:a@[::1]>, <sip:b@[fe80::1]>, <sip:c@[::ffff:192.0.2.9]>",
	    0, NULL), "<sip:a@192.0.2.1>, <sip:b@192.0.2.1>, "
	    "<sip:c@192.0.2.1>",
	    "::1, fe80::, IPv4-mapped: never carried");
}

/* Several addresses in one element: one parameter. */
static void
one_per_element(const struct map *m)
{
	const char *got;
	unsigned nf;

	got = span(m, AF_INET6, "192.0.2.1",
	    "<sip:a@[2001:db8:5::99];maddr=[2001:db8:5::98]>", 0, NULL);
	ok(strstr(got, "sp64=") != NULL &&
	    strstr(strstr(got, "sp64=") + 1, "sp64=") == NULL,
	    "URI host and maddr: one ;sp64= (%s)", got);
	got = span(m, AF_INET, "[2001:db8::10]", got, 0, &nf);
	is_str(got, "<sip:a@[2001:db8:5::99];maddr=[2001:db8:5::98]>",
	    "URI host and maddr: both come back");
	is_int(nf, 0, "... nothing counted as forged");
	got = span(m, AF_INET6, "192.0.2.1", "SIP/2.0/UDP [2001:db8:5::99];"
	    "received=[2001:db8:5::97];rport=5060;maddr=[2001:db8:5::96]", 0,
	    NULL);
	ok(strstr(got, "sp64=") != NULL &&
	    strstr(strstr(got, "sp64=") + 1, "sp64=") == NULL,
	    "Via with received and maddr: one ;sp64= (%s)", got);
	is_str(span(m, AF_INET, "[2001:db8::10]", got, 0, NULL),
	    "SIP/2.0/UDP [2001:db8:5::99];received=2001:db8:5::97;"
	    "rport=5060;maddr=[2001:db8:5::96]",
	    "Via with received and maddr: all three come back");
	got = span(m, AF_INET6, "192.0.2.1", "<sip:a@[2001:db8:5::99];"
	    "sp64=00ab>", 0, &nf);
	ok(strstr(got, "sp64=00ab") == NULL && nf == 1,
	    "a foreign ;sp64= where ours goes is removed and counted (%s)",
	    got);
}

static void
back_and_forged(const struct map *m)
{
	char back[512], forged[512];
	const char *hex, *got, *v;
	unsigned nf;
	uint64_t before;

	hex = carried("[2001:db8:5::99]", 0);
	snprintf(back, sizeof(back), "<sip:carol@192.0.2.1;sp64=%s;lr>", hex);
	got = span(m, AF_INET, "[2001:db8::10]", back, 0, &nf);
	is_str(got, "<sip:carol@[2001:db8:5::99];lr>",
	    "carried address comes back, parameter removed");
	is_int(nf, 0, "carried address: not counted as forged");
	snprintf(back, sizeof(back), "<sip:carol@192.0.2.1;lr;sp64=%s>", hex);
	is_str(span(m, AF_INET, "[2001:db8::10]", back, 0, NULL),
	    "<sip:carol@[2001:db8:5::99];lr>",
	    "carried address comes back from a later URI parameter");
	snprintf(back, sizeof(back), "SIP/2.0/UDP 192.0.2.1;"
	    "branch=z9hG4bK1;sp64=%s", hex);
	is_str(span(m, AF_INET, "[2001:db8::10]", back, 0, NULL),
	    "SIP/2.0/UDP [2001:db8:5::99];branch=z9hG4bK1",
	    "carried Via sent-by comes back");
	before = stats.forged;
	snprintf(forged, sizeof(forged), "<sip:carol@192.0.2.1;sp64=%s>", hex);
	v = strstr(forged, "sp64=") + 5 + 10;
	forged[v - forged] = forged[v - forged] == '0' ? '1' : '0';
	got = span(m, AF_INET, "[2001:db8::10]", forged, 0, &nf);
	ok(strstr(got, "2001:db8:5::99") == NULL,
	    "forged sp64=: the carried address is not used (%s)", got);
	ok(strstr(got, "sp64") == NULL, "forged sp64=: parameter dropped");
	is_int(nf, 1, "forged sp64=: x.forged counts it");
	is_int((long long)(stats.forged - before), 1,
	    "forged sp64=: stats.forged counts it");
	hex = carried("198.51.100.99:5060", 0);
	snprintf(back, sizeof(back), "<sip:x@192.0.2.1;sp64=%s>", hex);
	got = span(m, AF_INET, "[2001:db8::10]", back, 0, NULL);
	ok(strstr(got, "198.51.100.99") == NULL,
	    "sp64= of the sender's own family is not honoured (%s)", got);
}

/* The bounds: carried parameters per message, hosts per element. */
static void
bounds(const struct map *m)
{
	char in[4096];
	size_t o = 0;
	int i;

	for (i = 0; i < XLATE_MAXCARRY + 1; i++)
		o += (size_t)snprintf(in + o, sizeof(in) - o,
		    "%s<sip:u%d@[2001:db8:5::%x]>", i ? ", " : "", i, i + 1);
	is_str(span(m, AF_INET6, "192.0.2.1", in, 0, NULL), "(failed)",
	    "the %dth carried parameter of a message is refused",
	    XLATE_MAXCARRY + 1);
	is_str(span(m, AF_INET6, "192.0.2.1", "SIP/2.0/UDP [2001:db8:5::1];"
	    "maddr=[2001:db8:5::2];received=[2001:db8:5::3];"
	    "maddr=[2001:db8:5::4];received=[2001:db8:5::5]", 0, NULL),
	    "(failed)", "more than %d hosts in one Via: refused",
	    FIND_MAXHOST);
}

static void
targets(const struct map *m)
{
	struct xlate x;
	struct addr out;
	char uri[256];

	memset(&x, 0, sizeof(x));
	x.map = m;
	x.from = AF_INET;
	snprintf(uri, sizeof(uri), "sip:u@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]:5070", 1));
	is_int(xlate_target(&x, sl_make(uri, strlen(uri)), &out), XT_KNOWN,
	    "xlate_target: a vouched carried address is a next hop");
	is_str(addr_str(&out), "[2001:db8:5::99]:5070", "... that address");
	snprintf(uri, sizeof(uri), "sip:u@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]:5070", 0));
	is_int(xlate_target(&x, sl_make(uri, strlen(uri)), &out), XT_UNKNOWN,
	    "xlate_target: an unvouched one is not (it routes as unknown)");
	snprintf(uri, sizeof(uri), "sip:u@192.0.2.1;sp64=%s",
	    carried("[::1]:5060", 1));
	ok(xlate_target(&x, sl_make(uri, strlen(uri)), &out) != XT_KNOWN,
	    "xlate_target: a carried loopback is no next hop");
	snprintf(uri, sizeof(uri), "sip:u@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]:5070", 1));
	uri[strlen(uri) - 3] ^= 1;
	is_int(xlate_target(&x, sl_make(uri, strlen(uri)), &out), XT_FORGED,
	    "xlate_target: a forged parameter");
}

static void
spans(void)
{
	struct map m;

	if (build_world(&m, 0) != 0)
		return;
	known_spans(&m);
	carried_spans(&m);
	one_per_element(&m);
	back_and_forged(&m);
	bounds(&m);
	targets(&m);
	map_free(&m);
}

void
test_xlate(void)
{
	finder();
	oracle();
	finder_prefixes();
	spans();
}
