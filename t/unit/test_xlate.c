/*
 * test_xlate.c - the generic literal finder (xlate_next_lit), the family
 * oracle (xlate_has_family), and xlate_span on single header values in
 * every context: URI host, Via sent-by, received=, maddr=, text, and an
 * address that is not in the table (the leaving address and ;sp64=).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "edit.h"
#include "map.h"
#include "stats.h"
#include "xlate.h"
#include "unit.h"

/* "text/4|6/port[/br][/sch]" for every literal found, ", " between. */
static const char *
finds(const char *z)
{
	static char out[1024];
	size_t n = strlen(z), pos = 0, o = 0;
	char *buf = heap_copy(z, n);
	struct lit l;

	out[0] = '\0';
	while (o < sizeof(out) - 128 && xlate_next_lit(buf, n, &pos, &l)) {
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%.*s/%d/%u%s%s",
		    o > 0 ? ", " : "", (int)l.len, buf + l.off,
		    addr_af(&l.a) == AF_INET6 ? 6 : 4,
		    (unsigned)addr_port(&l.a), l.brackets ? "/br" : "",
		    l.after_scheme ? "/sch" : "");
		if (pos != l.off + l.len || !l.has_port != !addr_port(&l.a)) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "(!)");
			break;
		}
	}
	free(buf);
	return out;
}

static void
finder(void)
{
	static const struct {
		const char *name, *text, *want;
	} fc[] = {
		/* found */
		{ "IPv4", "399 198.51.100.10 \"Incompatible\"",
		    "198.51.100.10/4/0" },
		{ "IPv4:port", "SIP/2.0/UDP 198.51.100.10:5062;branch=z9hG4bK1",
		    "198.51.100.10:5062/4/5062" },
		{ "IPv4 at the very end", "x 192.0.2.1", "192.0.2.1/4/0" },
		{ "IPv4 alone", "192.0.2.1", "192.0.2.1/4/0" },
		{ "[IPv6]", "Contact: <sip:[2001:db8::10]>",
		    "[2001:db8::10]/6/0/br/sch" },
		{ "[IPv6]:port", "sip:alice@[2001:db8::10]:5070;transport=udp",
		    "[2001:db8::10]:5070/6/5070/br" },
		{ "bare IPv6 (RFC 5118 4.2)", "REGISTER sip:2001:db8::10 SIP/2.0",
		    "2001:db8::10/6/0/sch" },
		{ "port inside brackets (RFC 5118 4.3)",
		    "REGISTER sip:[2001:db8::10:5070] SIP/2.0",
		    "[2001:db8::10:5070]/6/0/br/sch" },
		{ "sip: then IPv4", "sip:192.0.2.4", "192.0.2.4/4/0/sch" },
		{ "sips: then IPv4:port", "<sips:192.0.2.4:5061>",
		    "192.0.2.4:5061/4/5061/sch" },
		{ "user@IPv4", "<sip:bob@192.0.2.4>;tag=1", "192.0.2.4/4/0" },
		{ "received= with brackets (RFC 5118 4.5)",
		    "SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];"
		    "branch=z9hG4bKas3-111",
		    "[2001:db8::9:1]/6/0/br, [2001:db8::9:255]/6/0/br" },
		{ "received= without brackets (RFC 5118 4.5)",
		    "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;"
		    "branch=z9hG4bKas3-111",
		    "[2001:db8::9:1]/6/0/br, 2001:db8::9:255/6/0" },
		{ "received= IPv4", "SIP/2.0/UDP h;received=192.0.2.9;rport=1",
		    "192.0.2.9/4/0" },
		{ "maddr=", "sip:alice@atlanta.example;maddr=239.255.255.1;ttl=15",
		    "239.255.255.1/4/0" },
		{ "maddr=[IPv6]", "sip:a@b.example;maddr=[2001:db8::7]",
		    "[2001:db8::7]/6/0/br" },
		{ "IPv4-mapped in brackets (RFC 5118 4.9)",
		    "sip:[::ffff:192.0.2.128]", "[::ffff:192.0.2.128]/6/0/br/sch" },
		{ "IPv4-mapped bare, SDP", "c=IN IP6 ::ffff:192.0.2.128",
		    "::ffff:192.0.2.128/6/0" },
		{ "SDP IPv6", "c=IN IP6 2001:db8::10", "2001:db8::10/6/0" },
		{ "unspecified", "c=IN IP6 ::", "::/6/0" },
		{ "two in a list", "<sip:192.0.2.1;lr>,<sip:[2001:db8::1];lr>",
		    "192.0.2.1/4/0/sch, [2001:db8::1]/6/0/br/sch" },
		{ "in quotes too", "\"192.0.2.7\" <sip:x@example.com>",
		    "192.0.2.7/4/0" },
		/* not found */
		{ "host name", "sip:bob@example.com", "" },
		{ "hex-looking host name", "sip:bob@face.b00c.com", "" },
		{ "hex-looking host, no dots", "sip:cafe@beef", "" },
		{ "branch", "SIP/2.0/UDP pc33.atlanta.example;branch=z9hG4bK776asdhds",
		    "" },
		{ "tag", "<sip:alice@atlanta.example>;tag=1928301774", "" },
		{ "time", "Date: Sat, 13 Nov 2010 23:29:00 GMT", "" },
		{ "five parts", "x 1.2.3.4.5 y", "" },
		{ "quad inside a host name", "sip:a@192.0.2.1.example.com", "" },
		{ "quad after a letter", "sip:a@host192.0.2.1", "" },
		{ "quad after a hyphen", "sip:a@ip-192.0.2.1", "" },
		{ "quad then a letter", "sip:a@192.0.2.1x", "" },
		{ "user:password", "sip:alice:secret@host.example", "" },
		{ "hex password", "sip:bob:cafe@host.example", "" },
		{ "version", "SIP/2.0 200 OK", "" },
		{ "CSeq", "314159 INVITE", "" },
		{ "fingerprint", "a=fingerprint:sha-256 12:DF:3E:5D:49:6B:19:E5:"
		    "7C:AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:"
		    "E5:7C:AB:4A:AD", "" },
		{ "short fingerprint", "a=fingerprint:sha-1 4A:AD:B9:B1:3F:82:18:"
		    "3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", "" },
		{ "MAC address", "x-mac: 00:1a:2b:3c:4d:5e", "" },
		/* conservative: what the oracle must not miss */
		{ "[] after a word: the inside is still found",
		    "x[2001:db8::1]", "2001:db8::1/6/0" },
		{ "[IPv4]: found though not a SIP form", "sip:[192.0.2.1]",
		    "[192.0.2.1]/4/0/br/sch" },
		{ "empty brackets", "sip:[]", "" },
	};
	size_t i;

	for (i = 0; i < NELEM(fc); i++)
		is_str(finds(fc[i].text), fc[i].want, "xlate_next_lit: %s",
		    fc[i].name);
}

static void
oracle(void)
{
	static const struct {
		const char *name, *text;
		int v4, v6;
	} hc[] = {
		{ "v4 only", "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", 1, 0 },
		{ "v6 only", "Contact: <sip:[2001:db8::1]>", 0, 1 },
		{ "both", "c=IN IP4 192.0.2.1\r\nc=IN IP6 2001:db8::1", 1, 1 },
		{ "none", "Call-ID: a84b4c76e66710@pc33.atlanta.example", 0, 0 },
	};
	size_t i, n;
	char *buf;

	for (i = 0; i < NELEM(hc); i++) {
		n = strlen(hc[i].text);
		buf = heap_copy(hc[i].text, n);
		is_int(xlate_has_family(buf, n, AF_INET), hc[i].v4,
		    "xlate_has_family: %s: IPv4", hc[i].name);
		is_int(xlate_has_family(buf, n, AF_INET6), hc[i].v6,
		    "xlate_has_family: %s: IPv6", hc[i].name);
		free(buf);
	}
}

/* Every prefix of a text full of literals, in an exact heap buffer. */
static void
finder_prefixes(void)
{
	static const char text[] = "Via: SIP/2.0/UDP [2001:db8::9:1]:5070;"
	    "received=2001:db8::9:255;maddr=192.0.2.1, <sip:[::ffff:192.0.2.128"
	    "]:5060>, 198.51.100.10:5062 12:DF:3E sip:2001:db8::10";
	size_t k, pos, bad = 0, n = sizeof(text) - 1;
	struct lit l;
	char *buf;

	for (k = 0; k <= n; k++) {
		buf = heap_copy(text, k);
		pos = 0;
		while (xlate_next_lit(buf, k, &pos, &l))
			if (l.off + l.len > k || pos > k)
				bad++;
		free(buf);
	}
	is_int((long long)bad, 0,
	    "xlate_next_lit: every prefix, literals inside the text");
}

static struct edits ed;

/* xlate_span over the whole text, edits applied. */
static const char *
span(const struct map *m, int from, const char *leave, const char *z,
    unsigned flags, unsigned *forged)
{
	static char out[2048];
	struct xlate x;
	struct obuf ob;
	size_t n = strlen(z);
	char *buf = heap_copy(z, n);

	ed_reset(&ed);
	memset(&x, 0, sizeof(x));
	x.map = m;
	x.from = from;
	x.leave = A(leave);
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


static void
spans(void)
{
	struct map m;
	char want[512], fwd[512], back[512], forged[512];
	const char *hex, *got, *v;
	unsigned nf;
	uint64_t before;
	size_t i;
	static const struct {
		const char *name, *in;
		unsigned flags;
		const char *want;
	} sc[] = {
		{ "URI host: partner", "<sip:bob@[2001:db8::10]>", 0,
		    "<sip:bob@198.51.100.10>" },
		{ "URI host with port kept", "<sip:bob@[2001:db8::10]:5060>",
		    0, "<sip:bob@198.51.100.10:5060>" },
		{ "scheme then literal", "sip:[2001:db8:1::20]", XF_RURI,
		    "sip:192.0.2.20" },
		{ "Via sent-by", "SIP/2.0/UDP [2001:db8:1::20]:5060;"
		    "branch=z9hG4bK1", XF_VIA,
		    "SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK1" },
		{ "received= with brackets", "SIP/2.0/UDP [2001:db8:1::20];"
		    "received=[2001:db8:1::20];rport=5060", XF_VIA,
		    "SIP/2.0/UDP 192.0.2.20;received=192.0.2.20;rport=5060" },
		{ "received= bare", "SIP/2.0/UDP x.example;"
		    "received=2001:db8:1::20", XF_VIA,
		    "SIP/2.0/UDP x.example;received=192.0.2.20" },
		{ "maddr=", "<sip:b@x.example;maddr=[2001:db8::10]>", 0,
		    "<sip:b@x.example;maddr=198.51.100.10>" },
		{ "text (Warning)", "399 2001:db8:1::20 \"Bad\"", 0,
		    "399 192.0.2.20 \"Bad\"" },
		{ "text with brackets", "399 [2001:db8:1::20] \"Bad\"", 0,
		    "399 192.0.2.20 \"Bad\"" },
		{ "Warning warn-agent with a port", "399 [2001:db8:1::20]:5060 "
		    "\"Bad\", 307 2001:db8:1::20 \"2001:db8:1::20\"",
		    XF_WARNING, "399 192.0.2.20:5060 \"Bad\", 307 192.0.2.20 "
		    "\"192.0.2.20\"" },
		{ "general address", "<sip:[2001:db8::1];lr>", 0,
		    "<sip:192.0.2.1;lr>" },
		{ "other family untouched", "<sip:a@198.51.100.10>, "
		    "<sip:b@[2001:db8::10]>", 0,
		    "<sip:a@198.51.100.10>, <sip:b@198.51.100.10>" },
		{ "no literal", "\"Bob\" <sip:bob@biloxi.example>;tag=a6c85cf",
		    0, "\"Bob\" <sip:bob@biloxi.example>;tag=a6c85cf" },
	};

	if (build_world(&m, 0) != 0)
		return;
	for (i = 0; i < NELEM(sc); i++)
		is_str(span(&m, AF_INET6, "192.0.2.1", sc[i].in, sc[i].flags,
		    NULL), sc[i].want, "xlate_span v6->v4: %s", sc[i].name);
	is_str(span(&m, AF_INET, "[2001:db8::10]",
	    "SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK1;rport", XF_VIA,
	    NULL), "SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK1;rport",
	    "xlate_span v4->v6: Via sent-by in brackets");
	is_str(span(&m, AF_INET, "[2001:db8::10]",
	    "SIP/2.0/UDP h.example;received=198.51.100.10", XF_VIA, NULL),
	    "SIP/2.0/UDP h.example;received=2001:db8::10",
	    "xlate_span v4->v6: received= without brackets");
	is_str(span(&m, AF_INET, "[2001:db8::10]",
	    "<sip:a@192.0.2.20;maddr=192.0.2.20>", 0, NULL),
	    "<sip:a@[2001:db8:1::20];maddr=[2001:db8:1::20]>",
	    "xlate_span v4->v6: maddr= in brackets");
	is_str(span(&m, AF_INET, "[2001:db8::10]", "c=IN IP4 192.0.2.20",
	    XF_NOPARAM, NULL), "c=IN IP4 2001:db8:1::20",
	    "xlate_span v4->v6: text keeps the writer's style");
	is_str(span(&m, AF_INET, "[2001:db8::10]", "399 192.0.2.20 \"Bad "
	    "192.0.2.20\", 399 192.0.2.20:5060 \"x\"", XF_WARNING, NULL),
	    "399 [2001:db8:1::20] \"Bad 2001:db8:1::20\", "
	    "399 [2001:db8:1::20]:5060 \"x\"",
	    "xlate_span v4->v6: a Warning's warn-agents in brackets, the "
	    "text in the writer's style");
	is_str(span(&m, AF_INET, "[2001:db8::10]", "399 203.0.113.77 \"Bad\"",
	    XF_WARNING, NULL), "399 [2001:db8::10] \"Bad\"",
	    "xlate_span v4->v6: an unknown warn-agent becomes the leaving "
	    "address, no parameter (a hostport has none)");

	/* Not in the table: the leaving address, the original carried. */
	hex = carried("[2001:db8:5::99]:5060");
	ok(strlen(hex) == 52, "sp64 value for IPv6 is 52 hex digits");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>", hex);
	is_str(span(&m, AF_INET6, "192.0.2.1", "<sip:carol@[2001:db8:5::99]>",
	    0, NULL), want, "unknown URI host: leaving address and ;sp64=");
	is_str(span(&m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99]",
	    0, NULL), want, "unknown bare URI in a header: <> added");
	snprintf(fwd, sizeof(fwd), "<sip:carol@192.0.2.1;sp64=%s>;foo=1, "
	    "<sip:d@192.0.2.1;sp64=%s>", hex, hex);
	is_str(span(&m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99];"
	    "foo=1, sip:d@[2001:db8:5::99]", 0, NULL), fwd,
	    "unknown bare URIs in a list: <> around each URI only");
	snprintf(want, sizeof(want), "sip:carol@192.0.2.1;sp64=%s", hex);
	is_str(span(&m, AF_INET6, "192.0.2.1", "sip:carol@[2001:db8:5::99]",
	    XF_RURI, NULL), want, "unknown Request-URI host: no <>");
	snprintf(want, sizeof(want), "SIP/2.0/UDP 192.0.2.1;sp64=%s;"
	    "branch=z9hG4bK1", hex);
	is_str(span(&m, AF_INET6, "192.0.2.1", "SIP/2.0/UDP "
	    "[2001:db8:5::99];branch=z9hG4bK1", XF_VIA, NULL), want,
	    "unknown Via sent-by: carried");
	is_str(span(&m, AF_INET6, "192.0.2.1", "399 [2001:db8:5::99] \"x\"",
	    0, NULL), "399 192.0.2.1 \"x\"",
	    "unknown in text: leaving address, nothing carried");
	is_str(span(&m, AF_INET6, "192.0.2.1", "<sip:carol@[2001:db8:5::99]>",
	    XF_NOPARAM, NULL), "<sip:carol@192.0.2.1>",
	    "unknown with XF_NOPARAM: nothing carried");
	hex = carried("[2001:db8:5::99]:5070");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1:5060;sp64=%s>",
	    hex);
	is_str(span(&m, AF_INET6, "192.0.2.1",
	    "<sip:carol@[2001:db8:5::99]:5070>", 0, NULL), want,
	    "unknown with a port: the port is carried too");

	/* And back: the carried address returns, the parameter goes. */
	hex = carried("[2001:db8:5::99]:5060");
	snprintf(back, sizeof(back), "<sip:carol@192.0.2.1;sp64=%s;lr>", hex);
	before = stats.forged;
	got = span(&m, AF_INET, "[2001:db8::10]", back, 0, &nf);
	is_str(got, "<sip:carol@[2001:db8:5::99];lr>",
	    "carried address comes back, parameter removed");
	is_int(nf, 0, "carried address: not counted as forged");
	snprintf(back, sizeof(back), "<sip:carol@192.0.2.1;lr;sp64=%s>", hex);
	is_str(span(&m, AF_INET, "[2001:db8::10]", back, 0, NULL),
	    "<sip:carol@[2001:db8:5::99];lr>",
	    "carried address comes back from a later URI parameter");
	snprintf(back, sizeof(back), "SIP/2.0/UDP 192.0.2.1;sp64=%s;"
	    "branch=z9hG4bK1", hex);
	is_str(span(&m, AF_INET, "[2001:db8::10]", back, XF_VIA, NULL),
	    "SIP/2.0/UDP [2001:db8:5::99];branch=z9hG4bK1",
	    "carried Via sent-by comes back");

	/* Forged: one hex digit changed. */
	snprintf(forged, sizeof(forged), "<sip:carol@192.0.2.1;sp64=%s>", hex);
	v = strstr(forged, "sp64=") + 5 + 10;
	forged[v - forged] = forged[v - forged] == '0' ? '1' : '0';
	got = span(&m, AF_INET, "[2001:db8::10]", forged, 0, &nf);
	ok(strstr(got, "2001:db8:5::99") == NULL,
	    "forged sp64=: the carried address is not used (%s)", got);
	ok(strstr(got, "sp64") == NULL, "forged sp64=: parameter dropped");
	is_int(nf, 1, "forged sp64=: x.forged counts it");
	is_int((long long)(stats.forged - before), 1,
	    "forged sp64=: stats.forged counts it");
	/* A value that is valid but carries an address of the same family
	 * as the message is not honoured either. */
	hex = carried("198.51.100.99:5060");
	snprintf(back, sizeof(back), "<sip:x@192.0.2.1;sp64=%s>", hex);
	got = span(&m, AF_INET, "[2001:db8::10]", back, 0, NULL);
	ok(strstr(got, "198.51.100.99") == NULL,
	    "sp64= of the sender's own family is not honoured (%s)", got);
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
