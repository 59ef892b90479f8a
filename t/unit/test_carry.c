/*
 * test_carry.c - more of xlate_span (next to test_xlate.c) on single header values and Request-URIs
 * (partner in the table, ports, brackets per context, placeholders, the
 * leaving address with one carried ;sp64= per URI or Via, special
 * addresses, vouching, the way back, forgeries, the per-message bounds),
 * xlate_target (what a carried address is worth as a next hop) and
 * xlate_has_family (the invariant's oracle); carried parameters of one
 * to four entries, both families, vouched bits (auth.c).
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

static struct edits ed;
static struct map m;
static unsigned last_forged;
static int last_rc;

/*
 * xlate_span over the whole text from family from, leaving from leave,
 * the datagram's source src (NULL: none), edits applied. recv sets
 * x.add_received. "(failed)" when xlate_span returns -1.
 */
static const char *
span(int from, const char *leave, const char *src, int recv, const char *z,
    unsigned flags)
{
	static char out[8192];
	struct xlate x;
	struct addr s;
	struct obuf ob;
	size_t n = strlen(z);
	char *buf = heap_copy(z, n);

	ed_reset(&ed);
	memset(&x, 0, sizeof(x));
	x.map = &m;
	x.from = from;
	x.leave = A(leave);
	if (src != NULL) {
		s = A(src);
		x.src = &s;
	}
	x.ed = &ed;
	x.base = buf;
	x.add_received = recv;
	ob_init(&ob, out, sizeof(out) - 1);
	last_rc = xlate_span(&x, 0, n, flags);
	if (last_rc != 0 || ed_apply(&ed, buf, n, &ob) != 0)
		snprintf(out, sizeof(out), "(failed)");
	else
		out[ob.len] = '\0';
	last_forged = x.forged;
	free(buf);
	return out;
}

/* v6 -> v4, leaving from the general IPv4 address, no source. */
static const char *
to4(const char *z, unsigned flags)
{
	return span(AF_INET6, "192.0.2.1", NULL, 0, z, flags);
}

/* v4 -> v6, leaving from the general IPv6 address, no source. */
static const char *
to6(const char *z, unsigned flags)
{
	return span(AF_INET, "[2001:db8::1]", NULL, 0, z, flags);
}

/* A carried value of n entries: "addr/slot/vouched" each (port 0 when
 * none is given). */
static const char *
carriedn(unsigned n, const char *const *a, const unsigned *slot,
    const int *vouched)
{
	static char buf[2][256];
	static int k;
	struct carried c[AUTH_MAXCARRY];
	struct obuf ob;
	unsigned i;

	k = !k;
	memset(c, 0, sizeof(c));
	for (i = 0; i < n; i++) {
		if (addr_parse_arg(a[i], 0, &c[i].a) != 0)
			ok(0, "test address %s parses", a[i]);
		c[i].slot = slot[i];
		c[i].vouched = vouched[i];
	}
	ob_init(&ob, buf[k], sizeof(buf[k]) - 1);
	auth_put_carried(&ob, c, n);
	buf[k][ob.len] = '\0';
	return buf[k];
}

static void
table(void)
{
	static const struct {
		const char *name, *in;
		unsigned flags;
		const char *want;
	} t4[] = {
		{ "URI host: partner", "<sip:bob@[2001:db8::10]>", 0,
		    "<sip:bob@198.51.100.10>" },
		{ "URI host with its port kept", "<sip:bob@[2001:db8::10]:5060>",
		    0, "<sip:bob@198.51.100.10:5060>" },
		{ "Request-URI", "sip:[2001:db8:1::20];transport=udp", XF_RURI,
		    "sip:192.0.2.20;transport=udp" },
		{ "bare IPv6 Request-URI (RFC 5118)", "sip:bob@2001:db8:1::20",
		    XF_RURI, "sip:bob@192.0.2.20" },
		{ "Via sent-by", "SIP/2.0/UDP [2001:db8:1::20]:5060;"
		    "branch=z9hG4bK1", 0,
		    "SIP/2.0/UDP 192.0.2.20:5060;branch=z9hG4bK1" },
		{ "received= bracketed", "SIP/2.0/UDP [2001:db8:1::20];"
		    "received=[2001:db8:1::20];rport=5060", 0,
		    "SIP/2.0/UDP 192.0.2.20;received=192.0.2.20;rport=5060" },
		{ "received= bare", "SIP/2.0/UDP x.example;"
		    "received=2001:db8:1::20", 0,
		    "SIP/2.0/UDP x.example;received=192.0.2.20" },
		{ "maddr=", "<sip:b@x.example;maddr=[2001:db8::10]>", 0,
		    "<sip:b@x.example;maddr=198.51.100.10>" },
		{ "Warning warn-agent, text untouched",
		    "399 [2001:db8:1::20]:5060 \"Bad [2001:db8:1::20]\", "
		    "307 2001:db8:1::20 \"2001:db8:1::20\"", 0,
		    "399 192.0.2.20:5060 \"Bad [2001:db8:1::20]\", "
		    "307 192.0.2.20 \"2001:db8:1::20\"" },
		{ "general address", "<sip:[2001:db8::1];lr>", 0,
		    "<sip:192.0.2.1;lr>" },
		{ "the other family untouched", "<sip:a@198.51.100.10>, "
		    "<sip:b@[2001:db8::10]>", 0,
		    "<sip:a@198.51.100.10>, <sip:b@198.51.100.10>" },
		{ "no literal", "\"Bob\" <sip:bob@biloxi.example>;tag=a6c85cf",
		    0, "\"Bob\" <sip:bob@biloxi.example>;tag=a6c85cf" },
		{ "display name and http: untouched",
		    "\"[2001:db8::10]\" <sip:b@[2001:db8::10]>, "
		    "<http://[2001:db8::10]:8080/ring.wav>", 0,
		    "\"[2001:db8::10]\" <sip:b@198.51.100.10>, "
		    "<http://[2001:db8::10]:8080/ring.wav>" },
		{ "placeholder :: in a URI", "<sip:x@[::]>", 0,
		    "<sip:x@0.0.0.0>" },
	};
	static const struct {
		const char *name, *in;
		unsigned flags;
		const char *want;
	} t6[] = {
		{ "Via sent-by in brackets", "SIP/2.0/UDP 198.51.100.10:5060;"
		    "branch=z9hG4bK1;rport", 0,
		    "SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK1;rport" },
		{ "received= without brackets (RFC 3261 grammar)",
		    "SIP/2.0/UDP h.example;received=198.51.100.10", 0,
		    "SIP/2.0/UDP h.example;received=2001:db8::10" },
		{ "URI host and maddr= in brackets",
		    "<sip:a@192.0.2.20;maddr=192.0.2.20>", 0,
		    "<sip:a@[2001:db8:1::20];maddr=[2001:db8:1::20]>" },
		{ "Warning warn-agents in brackets",
		    "399 192.0.2.20 \"Bad 192.0.2.20\", 399 192.0.2.20:5060 \"x\"",
		    0, "399 [2001:db8:1::20] \"Bad 192.0.2.20\", "
		    "399 [2001:db8:1::20]:5060 \"x\"" },
		{ "placeholder 0.0.0.0 in a URI", "<sip:x@0.0.0.0>", 0,
		    "<sip:x@[::]>" },
		{ "placeholder in a Via received=",
		    "SIP/2.0/UDP h.example;received=0.0.0.0", 0,
		    "SIP/2.0/UDP h.example;received=::" },
		{ "an unknown warn-agent: the leaving address, nothing carried",
		    "399 203.0.113.77 \"Bad\"", 0, "399 [2001:db8::1] \"Bad\"" },
	};
	size_t i;

	for (i = 0; i < NELEM(t4); i++)
		is_str(to4(t4[i].in, t4[i].flags), t4[i].want,
		    "xlate_span v6->v4: %s", t4[i].name);
	for (i = 0; i < NELEM(t6); i++)
		is_str(to6(t6[i].in, t6[i].flags), t6[i].want,
		    "xlate_span v4->v6: %s", t6[i].name);
	ok(strstr(span(AF_INET6, "192.0.2.1:5070", NULL, 0,
	    "<sip:c@[2001:db8:5::99]>", 0), "<sip:c@192.0.2.1:5070;sp64=")
	    != NULL, "xlate_span: a leaving address on another port than "
	    "5060 is written with its port");
	is_str(to6("SIP/2.0/UDP 0.0.0.0:5062;branch=z9hG4bK1", 0),
	    "SIP/2.0/UDP [::]:5062;branch=z9hG4bK1",
	    "xlate_span v4->v6: a placeholder sent-by keeps its port");
}

/* Not in the table: the leaving address, the original carried. */
static void
carry(void)
{
	char want[1024];
	const char *h, *got;
	static const char *const two[] = { "[2001:db8:5::99]",
	    "[2001:db8:5::98]" };
	static const unsigned s01[] = { 0, 1 };
	static const int v00[] = { 0, 0 }, v11[] = { 1, 1 };
	static const char *const sv[] = { "[2001:db8:5::99]:5070",
	    "[2001:db8:5::99]" };

	h = carried("[2001:db8:5::99]", 0);
	is_int((long long)strlen(h), 2 * (1 + 16 + 2 + 8),
	    "carried: one IPv6 entry is 54 hex digits");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>", h);
	is_str(to4("<sip:carol@[2001:db8:5::99]>", 0), want,
	    "unknown URI host: leaving address and ;sp64=");
	is_str(to4("sip:carol@[2001:db8:5::99]", 0), want,
	    "unknown bare URI: <> added around the URI");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>;tag=1, "
	    "<sip:d@192.0.2.1;sp64=%s>", h, h);
	is_str(to4("sip:carol@[2001:db8:5::99];tag=1, "
	    "sip:d@[2001:db8:5::99]", 0), want,
	    "unknown bare URIs in a list: <> around each URI only, the "
	    "field's parameters outside");
	snprintf(want, sizeof(want), "sip:carol@192.0.2.1;lr;sp64=%s?x=y", h);
	is_str(to4("sip:carol@[2001:db8:5::99];lr?x=y", XF_RURI), want,
	    "unknown Request-URI host: no <>, before the headers");
	snprintf(want, sizeof(want), "SIP/2.0/UDP 192.0.2.1;"
	    "branch=z9hG4bK1;sp64=%s", h);
	is_str(to4("SIP/2.0/UDP [2001:db8:5::99];branch=z9hG4bK1", 0), want,
	    "unknown Via sent-by: carried after the Via's parameters");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1:5060;sp64=%s>",
	    carried("[2001:db8:5::99]:5070", 0));
	is_str(to4("<sip:carol@[2001:db8:5::99]:5070>", 0), want,
	    "unknown with a port: the port is carried too");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;maddr=192.0.2.1;"
	    "sp64=%s>", carriedn(2, two, s01, v00));
	got = to4("<sip:carol@[2001:db8:5::99];maddr=[2001:db8:5::98]>", 0);
	is_str(got, want, "URI with maddr=: ONE ;sp64= for both");
	ok(strstr(got, "sp64=") == strrchr(got, '=') - 4,
	    "URI with maddr=: one parameter only");

	/* vouched: the address is the datagram's source */
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>",
	    carried("[2001:db8:5::99]", 1));
	is_str(span(AF_INET6, "192.0.2.1", "[2001:db8:5::99]:5070", 0,
	    "<sip:carol@[2001:db8:5::99]>", 0), want,
	    "the source's own address is carried vouched");
	snprintf(want, sizeof(want), "<sip:carol@192.0.2.1;sp64=%s>",
	    carried("[2001:db8:5::99]", 0));
	is_str(span(AF_INET6, "192.0.2.1", "[2001:db8:5::98]:5070", 0,
	    "<sip:carol@[2001:db8:5::99]>", 0), want,
	    "another address than the source is carried unvouched");

	/* a Via that gets received= */
	snprintf(want, sizeof(want), "SIP/2.0/UDP pc.example;branch=z9hG4bK1"
	    ";received=192.0.2.1;sp64=%s", carried("[2001:db8:5::99]", 1));
	is_str(span(AF_INET6, "192.0.2.1", "[2001:db8:5::99]:5070", 1,
	    "SIP/2.0/UDP pc.example;branch=z9hG4bK1", 0), want,
	    "Via with received= added: the source carried, vouched");
	snprintf(want, sizeof(want), "SIP/2.0/UDP 192.0.2.1:5060;rport;"
	    "received=192.0.2.1;sp64=%s", carriedn(2, sv, s01, v11));
	got = span(AF_INET6, "192.0.2.1", "[2001:db8:5::99]:5070", 1,
	    "SIP/2.0/UDP [2001:db8:5::99]:5070;rport", 0);
	is_str(got, want, "Via sent-by unknown and received= added: ONE "
	    ";sp64= with both slots");
}

/* Never carried: special addresses; a warn-agent. */
static void
special(void)
{
	static const struct {
		const char *name, *in;
		int from;
		const char *want;
	} sc[] = {
		{ "IPv6 loopback", "<sip:x@[::1]>", AF_INET6,
		    "<sip:x@192.0.2.1>" },
		{ "IPv6 link-local", "<sip:x@[fe80::1]>", AF_INET6,
		    "<sip:x@192.0.2.1>" },
		{ "IPv6 multicast", "<sip:x@[ff02::1]>", AF_INET6,
		    "<sip:x@192.0.2.1>" },
		{ "IPv4-mapped", "<sip:x@[::ffff:198.51.100.7]>", AF_INET6,
		    "<sip:x@192.0.2.1>" },
		{ "IPv4 loopback", "<sip:x@127.0.0.1>", AF_INET,
		    "<sip:x@[2001:db8::1]>" },
		{ "IPv4 multicast maddr", "<sip:x@h.example;maddr=239.1.1.1>",
		    AF_INET, "<sip:x@h.example;maddr=[2001:db8::1]>" },
		{ "IPv4 link-local", "<sip:x@169.254.1.1>", AF_INET,
		    "<sip:x@[2001:db8::1]>" },
		{ "a stand-in on another port", "<sip:x@[2001:db8::10]:5070>",
		    AF_INET6, "<sip:x@192.0.2.1:5060>" },
		{ "an unknown Warning warn-agent", "399 [2001:db8:5::99] \"x\"",
		    AF_INET6, "399 192.0.2.1 \"x\"" },
	};
	size_t i;

	for (i = 0; i < NELEM(sc); i++)
		is_str(sc[i].from == AF_INET6 ? to4(sc[i].in, 0) :
		    to6(sc[i].in, 0), sc[i].want, "never carried: %s",
		    sc[i].name);
}

/* And back: the carried address returns, the parameter goes. */
static void
back(void)
{
	static const struct {
		const char *name, *in;
		unsigned flags;
	} rt[] = {
		{ "name-addr", "<sip:carol@[2001:db8:5::99]>", 0 },
		{ "name-addr with parameters",
		    "\"C\" <sip:carol@[2001:db8:5::99]:5070;lr;transport=udp>"
		    ";tag=9", 0 },
		{ "maddr=", "<sip:c@[2001:db8:5::99];maddr=[2001:db8:5::98]>",
		    0 },
		{ "Request-URI", "sip:carol@[2001:db8:5::99];lr?x=y", XF_RURI },
		{ "Via", "SIP/2.0/UDP [2001:db8:5::99]:5070;branch=z9hG4bK1;"
		    "rport", 0 },
		{ "two Vias", "SIP/2.0/UDP [2001:db8:5::99]:5070;branch=z9hG4bK1"
		    ", SIP/2.0/UDP [2001:db8:5::97];received=2001:db8:5::96", 0 },
	};
	char fwd[2048];
	const char *got;
	uint64_t before;
	size_t i;

	for (i = 0; i < NELEM(rt); i++) {
		snprintf(fwd, sizeof(fwd), "%s", to4(rt[i].in, rt[i].flags));
		before = stats.forged;
		got = to6(fwd, rt[i].flags);
		is_str(got, rt[i].in, "round trip: %s: the original restored, "
		    "the parameter gone", rt[i].name);
		ok(last_forged == 0 && stats.forged == before,
		    "round trip: %s: nothing counted as forged", rt[i].name);
	}
	snprintf(fwd, sizeof(fwd), "%s", to4("sip:carol@[2001:db8:5::99];"
	    "tag=1", 0));
	is_str(to6(fwd, 0), "<sip:carol@[2001:db8:5::99]>;tag=1",
	    "round trip: a bare URI comes back in <>");
	snprintf(fwd, sizeof(fwd), "<sip:carol@192.0.2.1;sp64=%s;lr>",
	    carried("[2001:db8:5::99]", 0));
	is_str(to6(fwd, 0), "<sip:carol@[2001:db8:5::99];lr>",
	    "the carried parameter before another one");
}

static void
forged(void)
{
	char fwd[1024], f[1024], *p;
	uint64_t before;
	const char *got;
	size_t k, bad = 0, n;

	snprintf(fwd, sizeof(fwd), "%s", to4("<sip:carol@[2001:db8:5::99]>",
	    0));
	snprintf(f, sizeof(f), "%s", fwd);
	p = strstr(f, "sp64=") + 5 + 10;
	*p = *p == '0' ? '1' : '0';
	before = stats.forged;
	got = to6(f, 0);
	is_str(got, "<sip:carol@[2001:db8::1]>",
	    "forged: the carried address is not used, the parameter removed");
	is_int(last_forged, 1, "forged: counted in x.forged");
	is_int((long long)(stats.forged - before), 1,
	    "forged: counted in stats.forged");
	/* every one-digit change */
	n = strlen(fwd);
	for (k = strstr(fwd, "sp64=") - fwd + 5; k < n - 1; k++) {
		snprintf(f, sizeof(f), "%s", fwd);
		f[k] = f[k] == '0' ? '1' : '0';
		got = to6(f, 0);
		if (strstr(got, "2001:db8:5::99") != NULL ||
		    strstr(got, "sp64") != NULL || last_forged != 1)
			bad++;
	}
	is_int((long long)bad, 0, "forged: every one-digit change refused");
	/* an authentic value carrying the message's own family */
	snprintf(f, sizeof(f), "<sip:x@192.0.2.1;sp64=%s>",
	    carried("198.51.100.99", 1));
	got = to6(f, 0);
	ok(strstr(got, "198.51.100.99") == NULL && strstr(got, "sp64") ==
	    NULL, "an authentic sp64= of the sender's family is not used (%s)",
	    got);

	/* a foreign sp64= next to a host that is not ours */
	snprintf(f, sizeof(f), "<sip:carol@192.0.2.1;sp64=%s>",
	    carried("[2001:db8:5::99]", 0));
	is_str(to4("<sip:carol@[2001:db8:5::99];sp64=abcd>", 0), f,
	    "a foreign sp64= goes when we add ours (one per URI)");
	is_str(to4("<sip:bob@[2001:db8:1::20];sp64=abcd>", 0),
	    "<sip:bob@192.0.2.20;sp64=abcd>",
	    "a foreign sp64= stays when we add none");
	is_str(to4("<sip:bob@example.com;sp64=abcd>", 0),
	    "<sip:bob@example.com;sp64=abcd>",
	    "a foreign sp64= next to a name stays");
	before = stats.forged;
	is_str(to4("<sip:bob@[2001:db8::10];sp64=abcd>", 0),
	    "<sip:bob@198.51.100.10>",
	    "an inauthentic sp64= next to our own address goes");
	is_int((long long)(stats.forged - before), 1,
	    "an inauthentic sp64= next to our own address: counted");
}

/* The per-message and per-element bounds. */
static void
bounds(void)
{
	char text[4096];
	size_t o = 0;
	int i;

	for (i = 1; i <= XLATE_MAXCARRY; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o,
		    "%s<sip:a@[2001:db8:5::%x]>", i > 1 ? ", " : "", i);
	ok(strcmp(to4(text, 0), "(failed)") != 0 && last_rc == 0,
	    "XLATE_MAXCARRY (%d) carried elements in one span: translated",
	    XLATE_MAXCARRY);
	snprintf(text + o, sizeof(text) - o, ", <sip:a@[2001:db8:5::ff]>");
	to4(text, 0);
	is_int(last_rc, -1, "the %dth carried element: xlate_span returns -1",
	    XLATE_MAXCARRY + 1);
	to4("<sip:[2001:db8:5::1];maddr=[2001:db8:5::2];maddr=[2001:db8:5::3]"
	    ";maddr=[2001:db8:5::4];maddr=[2001:db8:5::5]>", 0);
	is_int(last_rc, -1, "more than FIND_MAXHOST (%d) literals of family "
	    "F in one URI: -1", FIND_MAXHOST);
	is_str(to4("<sip:198.51.100.1;maddr=198.51.100.2;maddr=198.51.100.3;"
	    "maddr=198.51.100.4;maddr=198.51.100.5>", 0),
	    "<sip:198.51.100.1;maddr=198.51.100.2;maddr=198.51.100.3;"
	    "maddr=198.51.100.4;maddr=198.51.100.5>",
	    "more than FIND_MAXHOST literals of the other family: untouched");
	to4("<sip:[2001:db8:5::1];maddr=[2001:db8:5::2];maddr=[2001:db8:5::3]"
	    ";maddr=[2001:db8:5::4]>", 0);
	is_int(last_rc, 0, "FIND_MAXHOST literals, all carried: fine");
}

static enum xtarget
target(const char *uri, struct addr *out)
{
	struct xlate x;
	enum xtarget t;
	char *buf = heap_copy(uri, strlen(uri));

	memset(&x, 0, sizeof(x));
	x.map = &m;
	x.from = AF_INET;
	x.leave = A("[2001:db8::1]");
	memset(out, 0, sizeof(*out));
	t = xlate_target(&x, sl_make(buf, strlen(uri)), out);
	free(buf);
	return t;
}

static void
targets(void)
{
	char uri[512];
	struct addr out;
	static const char *const nm[] = { "unknown", "known", "self",
	    "forged" };
	enum xtarget t;

	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]", 1));
	t = target(uri, &out);
	is_str(nm[t], "known", "xlate_target: vouched carried address");
	is_str(addr_str(&out), "[2001:db8:5::99]:5060",
	    "xlate_target: vouched carried address, port 5060 when none");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;lr;sp64=%s",
	    carried("[2001:db8:5::99]:5070", 1));
	t = target(uri, &out);
	ok(t == XT_KNOWN && !strcmp(addr_str(&out), "[2001:db8:5::99]:5070"),
	    "xlate_target: vouched with its port (%s)", addr_str(&out));
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]", 0));
	is_str(nm[target(uri, &out)], "unknown",
	    "xlate_target: unvouched carried address is no next hop");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]", 1));
	uri[strlen(uri) - 3] ^= 1;
	is_str(nm[target(uri, &out)], "forged", "xlate_target: forged");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[::1]", 1));
	ok(target(uri, &out) != XT_KNOWN,
	    "xlate_target: a vouched loopback is no target");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[ff02::1]", 1));
	ok(target(uri, &out) != XT_KNOWN,
	    "xlate_target: a vouched multicast is no target");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[::]", 1));
	ok(target(uri, &out) != XT_KNOWN,
	    "xlate_target: a vouched :: is no target");
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[2001:db8::1]", 1));
	ok(target(uri, &out) != XT_KNOWN,
	    "xlate_target: a vouched own address is no target");
	is_str(nm[target("sip:bob@192.0.2.20", &out)], "known",
	    "xlate_target: a stand-in leads to its real host");
	is_str(addr_str(&out), "[2001:db8:1::20]:5060",
	    "xlate_target: the real host");
	is_str(nm[target("sip:bob@[2001:db8:1::20]", &out)], "known",
	    "xlate_target: the other family's known host as written");
	is_str(nm[target("sip:bob@203.0.113.9", &out)], "unknown",
	    "xlate_target: an arbitrary literal");
	is_str(nm[target("sip:192.0.2.1", &out)], "self",
	    "xlate_target: the general address");
	is_str(nm[target("tel:+1234", &out)], "unknown",
	    "xlate_target: another scheme");
}

static void
oracle(void)
{
	static const struct {
		const char *name, *text;
		unsigned flags;
		int v4, v6;
	} hc[] = {
		{ "Via IPv4", "SIP/2.0/UDP 198.51.100.1;branch=z9hG4bK1", 0,
		    1, 0 },
		{ "URI IPv6", "<sip:[2001:db8::1]>", 0, 0, 1 },
		{ "both", "<sip:198.51.100.1>, <sip:[2001:db8::1]>", 0, 1, 1 },
		{ "Request-URI", "sip:2001:db8::1", XF_RURI, 0, 1 },
		{ "none: a name", "<sip:a@atlanta.example>", 0, 0, 0 },
		{ "none: display names and comments",
		    "\"198.51.100.1\" <sip:a@x> (2001:db8::1)", 0, 0, 0 },
		{ "none: http:", "<http://198.51.100.1/>", 0, 0, 0 },
		{ "none: a Warning's text", "399 x.example \"198.51.100.1\"", 0,
		    0, 0 },
		{ "too many literals count for both",
		    "<sip:198.51.100.1;maddr=198.51.100.2;maddr=198.51.100.3;"
		    "maddr=198.51.100.4;maddr=198.51.100.5>", 0, 1, 1 },
	};
	size_t i, n;
	char *buf;

	for (i = 0; i < NELEM(hc); i++) {
		n = strlen(hc[i].text);
		buf = heap_copy(hc[i].text, n);
		is_int(xlate_has_family(buf, n, hc[i].flags, AF_INET), hc[i].v4,
		    "xlate_has_family: %s: IPv4", hc[i].name);
		is_int(xlate_has_family(buf, n, hc[i].flags, AF_INET6),
		    hc[i].v6, "xlate_has_family: %s: IPv6", hc[i].name);
		free(buf);
	}
}

/* auth_put_carried / auth_get_carried with 1 to 4 entries. */
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
carried_multi(void)
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
			v[k - 2] = v[k - 1] == '0' ? '1' : '0';
			v[k - 1] = '\0';
			ok(get_n(v, c, &n) != 0, "auth_get_carried: %s, %u: odd "
			    "length", sname[s], e);
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

void
test_carry(void)
{
	static const unsigned char key[AUTH_KEYLEN] = {
		0x5a, 0x11, 0x93, 0x07, 0xc4, 0x2e, 0x6b, 0xf0,
		0x18, 0x9d, 0x44, 0xa7, 0x3c, 0xe2, 0x51, 0x8f,
	};

	if (build_world(&m, 0) != 0)
		return;
	table();
	carry();
	special();
	back();
	forged();
	bounds();
	targets();
	oracle();
	map_free(&m);
	carried_multi();
	auth_set_key(key);	/* as main() set it */
}
