/*
 * test_proxy.c - one datagram in, at most one message out, end to end
 * through proxy_input(): what would be sent is captured from its out
 * record. The relay is on (fake mode, from test_sdp).
 *
 * Every captured message that crosses the families is checked against
 * the invariant of SPEC 3 (inv_holds: no host of the sender's family in
 * a grammar position; the opaque fields aside).
 */
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "inv.h"
#include "map.h"
#include "proxy.h"
#include "sip.h"
#include "stats.h"
#include "xlate.h"
#include "unit.h"

#define MAXCAP	8

static struct {
	struct addr	 from, to;
	char		 p[65536];
	size_t		 n;
} cap[MAXCAP];
static int ncap;
static struct map world, upworld;
static struct sip_msg pm;

static void
tap(const struct proxy_out *o)
{
	if (ncap >= MAXCAP || o->n >= sizeof(cap[0].p))
		return;
	cap[ncap].from = o->from;
	cap[ncap].to = o->to;
	memcpy(cap[ncap].p, o->p, o->n);
	cap[ncap].p[o->n] = '\0';
	cap[ncap].n = o->n;
	ncap++;
}

/* One datagram into the proxy; what it sends captured. */
static void
input(const char *p, size_t n, const struct addr *s, const struct addr *d)
{
	struct proxy_out o;

	if (proxy_input(p, n, s, d, TP_UDP, &o))
		tap(&o);
}

/*
 * Feed one message: head and body are LF texts (made CRLF); "@CL@" in the
 * head becomes the body's length. Returns how many messages went out.
 */
static int
feed(const char *head, const char *body, const char *src, const char *dst)
{
	static char text[16384];
	struct addr s = A(src), d = A(dst);
	const char *cl = strstr(head, "@CL@");
	size_t n, bn = 0;
	char *buf, *b;

	b = crlf(body != NULL ? body : "", &bn);
	if (cl != NULL)
		snprintf(text, sizeof(text), "%.*s%zu%s\n", (int)(cl - head),
		    head, bn, cl + 4);
	else
		snprintf(text, sizeof(text), "%s\n", head);
	buf = crlf(text, &n);
	buf = realloc(buf, n + bn);
	if (buf == NULL)
		abort();
	memcpy(buf + n, b, bn);
	free(b);
	ncap = 0;
	input(buf, n + bn, &s, &d);
	free(buf);
	return ncap;
}

/* Parse capture k into pm; 0 if it does not parse. */
static int
parse(int k)
{
	return k < ncap && sip_parse(cap[k].p, cap[k].n, &pm) == DROP_NONE;
}

/* The value of the nth header called name in pm, or "(none)". */
static const char *
hdr(const char *name, int nth)
{
	size_t i;

	for (i = 0; i < pm.nhdr; i++)
		if (sl_eq_ci(pm.hdr[i].name, name) && nth-- == 0)
			return cstr(pm.hdr[i].value);
	return "(none)";
}

static const char *
start_line(void)
{
	return cstr(sl_make(pm.buf, pm.start_len - 2));
}

static const char *
body(void)
{
	return cstr(sl_make(pm.buf + pm.body_off, pm.body_len));
}

/* SPEC 3: no host of family af in a host position of the grammar. */
static int
invariant(int k, int af)
{
	if (!parse(k))
		return 0;
	return inv_holds(pm.buf, pm.len, af, 0);
}


/* The value of ;name= in a header value (C string). */
static const char *
param(const char *v, const char *name)
{
	int found;

	return cstr(sip_param(sl_make(v, strlen(v)), name, &found));
}

#define OFFER \
	"v=0\n" \
	"o=alice 2890844526 2890844526 IN IP4 198.51.100.10\n" \
	"s=-\n" \
	"c=IN IP4 198.51.100.10\n" \
	"t=0 0\n" \
	"m=audio 49170 RTP/AVP 0 8\n" \
	"a=rtcp:49171\n" \
	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 " \
	"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\n" \
	"a=fingerprint:sha-256 12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:" \
	"B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD\n" \
	"a=candidate:1 1 UDP 2130706431 198.51.100.10 49170 typ host\n" \
	"a=ice-ufrag:8hhY\n" \
	"m=video 0 RTP/AVP 31\n" \
	"m=audio 49180 RTP/AVP 0\n" \
	"c=IN IP4 0.0.0.0\n"

#define INVITE_HEAD(branch, mf) \
	"INVITE sip:bob@192.0.2.20 SIP/2.0\n" \
	"Via: SIP/2.0/UDP 198.51.100.10:5060;branch=" branch ";rport\n" \
	"Max-Forwards: " mf "\n" \
	"To: Bob <sip:bob@192.0.2.20>\n" \
	"From: Alice <sip:alice@198.51.100.10>;tag=1928301774\n" \
	"Call-ID: a84b4c76e66710@198.51.100.10\n" \
	"CSeq: 314159 INVITE\n" \
	"Contact: <sip:alice@198.51.100.10:5060>\n"

static char ourvia[1024], phonevia[1024], branch1[128];

static void
invite(void)
{
	char want[512];
	const char *v;

	if (!is_int(feed(INVITE_HEAD("z9hG4bK776asdhds", "70")
	    "X-Anything: <sip:u@198.51.100.10>\n"
	    "P-Asserted-Identity: \"Alice\" <sip:alice@203.0.113.5>\n"
	    "Referred-By: sip:carol@203.0.113.7\n"
	    "Content-Type: application/sdp\n"
	    "Content-Length: @CL@\n", OFFER, "198.51.100.10:5062",
	    "192.0.2.20:5060"), 1, "INVITE: one message out") || !parse(0))
		return;
	is_str(addr_str(&cap[0].from), "[2001:db8::10]:5060",
	    "INVITE: leaves from the caller's stand-in");
	is_str(addr_str(&cap[0].to), "[2001:db8:1::20]:5060",
	    "INVITE: goes to the real host of the called stand-in");
	is_str(start_line(), "INVITE sip:bob@[2001:db8:1::20] SIP/2.0",
	    "INVITE: Request-URI exchanged");

	/* Our Via on top. */
	ok(pm.via == 0, "INVITE: a Via is the first header");
	v = hdr("Via", 0);
	snprintf(ourvia, sizeof(ourvia), "%s", v);
	ok(strncmp(v, "SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bKsp64",
	    50) == 0, "INVITE: own Via on top, branch z9hG4bKsp64... (%s)", v);
	snprintf(branch1, sizeof(branch1), "%s", param(v, "branch"));
	is_int((long long)strlen(branch1), 11 + 16,
	    "INVITE: branch is the prefix and 16 hex digits");
	is_int((long long)strlen(param(v, "sp64v")), 40,
	    "INVITE: own Via carries sp64v= (arrival and reply-to, IPv4)");
	/* The caller's Via: translated, received= and rport= stamped. */
	v = hdr("Via", 1);
	snprintf(phonevia, sizeof(phonevia), "%s", v);
	is_str(v, "SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK776asdhds;"
	    "rport=5062;received=2001:db8::10",
	    "INVITE: previous Via translated, rport= and received= added");
	is_str(hdr("Max-Forwards", 0), "69", "INVITE: Max-Forwards decremented");
	is_str(hdr("Call-ID", 0), "a84b4c76e66710@198.51.100.10",
	    "INVITE: Call-ID untouched though it holds an address");
	is_str(hdr("To", 0), "Bob <sip:bob@[2001:db8:1::20]>", "INVITE: To");
	is_str(hdr("From", 0), "Alice <sip:alice@[2001:db8::10]>;"
	    "tag=1928301774", "INVITE: From");
	is_str(hdr("Contact", 0), "<sip:alice@[2001:db8::10]:5060>",
	    "INVITE: Contact");
	is_str(hdr("X-Anything", 0), "<sip:u@[2001:db8::10]>",
	    "INVITE: an unknown header's address exchanged");
	snprintf(want, sizeof(want), "\"Alice\" <sip:alice@[2001:db8::10];"
	    "sp64=%s>", carried("203.0.113.5", 0));
	is_str(hdr("P-Asserted-Identity", 0), want,
	    "INVITE: P-Asserted-Identity, address not in the table carried");
	snprintf(want, sizeof(want), "<sip:carol@[2001:db8::10];sp64=%s>",
	    carried("203.0.113.7", 0));
	is_str(hdr("Referred-By", 0), want,
	    "INVITE: Referred-By, a bare URI gets <> around it");
	is_int(atoi(hdr("Content-Length", 0)), (long long)pm.body_len,
	    "INVITE: Content-Length recomputed");
	ok(pm.body_len != strlen(OFFER) + 15, "INVITE: the body did change");
	ok(strstr(body(), "c=IN IP6 2001:db8::10\r\n") != NULL &&
	    strstr(body(), "o=alice 2890844526 2890844526 IN IP6 2001:db8::10"
	    "\r\n") != NULL, "INVITE: SDP c= and o= in IPv6");
	ok(strstr(body(), "m=audio 49170 ") == NULL &&
	    strstr(body(), "m=audio 30") != NULL,
	    "INVITE: SDP m= port is a relay port");
	ok(strstr(body(), "m=video 0 RTP/AVP 31\r\n") != NULL,
	    "INVITE: SDP port 0 kept");
	ok(strstr(body(), "c=IN IP6 ::\r\n") != NULL,
	    "INVITE: SDP hold 0.0.0.0 -> ::");
	ok(strstr(body(), "a=candidate") == NULL &&
	    strstr(body(), "a=ice-") == NULL, "INVITE: SDP ICE lines removed");
	ok(strstr(body(), "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
	    "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\r\n") != NULL &&
	    strstr(body(), "a=fingerprint:sha-256 12:DF:3E:5D:49:6B:19:E5:7C:"
	    "AB:4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:"
	    "4A:AD\r\n") != NULL, "INVITE: a=crypto, a=fingerprint untouched");
	ok(invariant(0, AF_INET), "INVITE: no IPv4 literal but in Call-ID");
	{
		/* a=rtcp follows the relay port */
		const char *m = strstr(body(), "m=audio 30");
		const char *r = strstr(body(), "a=rtcp:");

		ok(m != NULL && r != NULL &&
		    atoi(r + 7) == atoi(m + 8) + 1,
		    "INVITE: a=rtcp is the relay port + 1");
	}
}

/* SPEC 3 / RFC 3581: where received= goes and where it does not. */
static void
stamping(void)
{
	if (feed("OPTIONS sip:alice@[2001:db8::10] SIP/2.0\n"
	    "Via: SIP/2.0/UDP [2001:db8:5::99]:5060;branch=z9hG4bKnat1\n"
	    "Max-Forwards: 70\nTo: <sip:alice@[2001:db8::10]>\n"
	    "From: <sip:x@[2001:db8:5::99]>;tag=9\nCall-ID: opt1\n"
	    "CSeq: 1 OPTIONS\nContent-Length: 0\n", NULL,
	    "[2001:db8:5::99]:5060", "[2001:db8::1]:5060") == 1 && parse(0)) {
		ok(strstr(hdr("Via", 1), "received=") == NULL,
		    "sent-by is the source, no rport: no received=");
		ok(invariant(0, AF_INET6), "OPTIONS: no IPv6 literal left");
		is_str(addr_str(&cap[0].to), "198.51.100.10:5060",
		    "OPTIONS via the general address to a known host");
		is_str(addr_str(&cap[0].from), "192.0.2.1:5060",
		    "OPTIONS from an unknown host leaves from -l");
	} else
		ok(0, "OPTIONS from an unknown IPv6 host forwarded");
	if (feed("OPTIONS sip:alice@[2001:db8::10] SIP/2.0\n"
	    "Via: SIP/2.0/UDP pc33.example;branch=z9hG4bKnat2\n"
	    "To: <sip:alice@[2001:db8::10]>\n"
	    "From: <sip:x@pc33.example>;tag=9\nCall-ID: opt2\n"
	    "CSeq: 1 OPTIONS\n", NULL,
	    "[2001:db8::10:99]:5070", "[2001:db8::1]:5060") == 1 && parse(0)) {
		char want[256];

		snprintf(want, sizeof(want), "SIP/2.0/UDP pc33.example;"
		    "branch=z9hG4bKnat2;received=192.0.2.1;sp64=%s",
		    carried("[2001:db8::10:99]", 1));
		is_str(hdr("Via", 1), want, "sent-by a name: received= with "
		    "the source carried");
		is_str(hdr("Max-Forwards", 0), "70",
		    "no Max-Forwards: 70 added");
		is_str(hdr("Content-Length", 0), "0",
		    "no Content-Length: added");
		ok(invariant(0, AF_INET6), "OPTIONS 2: no IPv6 literal left");
	} else
		ok(0, "OPTIONS without Max-Forwards forwarded");
}

static void
response(void)
{
	char head[4096];
	uint64_t before;

	/* 200 OK from the IPv6 phone, with the Vias it got. */
	snprintf(head, sizeof(head), "SIP/2.0 200 OK\n"
	    "Via: %s\nVia: %s\n"
	    "To: Bob <sip:bob@[2001:db8:1::20]>;tag=a6c85cf\n"
	    "From: Alice <sip:alice@[2001:db8::10]>;tag=1928301774\n"
	    "Call-ID: a84b4c76e66710@198.51.100.10\n"
	    "CSeq: 314159 INVITE\n"
	    "Contact: <sip:bob@[2001:db8:1::20]>\n"
	    "Content-Type: application/sdp\n"
	    "Content-Length: @CL@\n", ourvia, phonevia);
	if (!is_int(feed(head, "v=0\no=bob 1 1 IN IP6 2001:db8:1::20\ns=-\n"
	    "c=IN IP6 2001:db8:1::20\nt=0 0\nm=audio 50000 RTP/AVP 0\n"
	    "m=video 0 RTP/AVP 31\nm=audio 50010 RTP/AVP 0\n",
	    "[2001:db8:1::20]:5060", "[2001:db8::10]:5060"), 1,
	    "200 OK: one message out") || !parse(0))
		return;
	is_str(addr_str(&cap[0].from), "192.0.2.20:5060",
	    "200 OK: leaves from where the request arrived");
	is_str(addr_str(&cap[0].to), "198.51.100.10:5062",
	    "200 OK: goes to the received/rport of the next Via");
	is_str(start_line(), "SIP/2.0 200 OK", "200 OK: status line");
	is_str(hdr("Via", 0), "SIP/2.0/UDP 198.51.100.10:5060;"
	    "branch=z9hG4bK776asdhds;rport=5062;received=198.51.100.10",
	    "200 OK: our Via removed, the caller's translated back");
	is_str(hdr("Via", 1), "(none)", "200 OK: one Via left");
	is_str(hdr("Contact", 0), "<sip:bob@192.0.2.20>", "200 OK: Contact");
	is_str(hdr("To", 0), "Bob <sip:bob@192.0.2.20>;tag=a6c85cf",
	    "200 OK: To");
	is_int(atoi(hdr("Content-Length", 0)), (long long)pm.body_len,
	    "200 OK: Content-Length recomputed");
	ok(strstr(body(), "c=IN IP4 192.0.2.20\r\n") != NULL &&
	    strstr(body(), "o=bob 1 1 IN IP4 192.0.2.20\r\n") != NULL,
	    "200 OK: SDP c= and o= in IPv4");
	ok(strstr(body(), "m=audio 50000") == NULL &&
	    strstr(body(), "m=audio 30") != NULL,
	    "200 OK: SDP m= port is a relay port");
	ok(invariant(0, AF_INET6), "200 OK: no IPv6 literal");

	/* The same, with both Vias in one header field. */
	snprintf(head, sizeof(head), "SIP/2.0 180 Ringing\n"
	    "Via: %s ,\n %s\n"
	    "To: <sip:bob@[2001:db8:1::20]>;tag=a6c85cf\n"
	    "From: <sip:alice@[2001:db8::10]>;tag=1928301774\n"
	    "Call-ID: a84b4c76e66710@198.51.100.10\n"
	    "CSeq: 314159 INVITE\nContent-Length: 0\n", ourvia, phonevia);
	if (is_int(feed(head, NULL, "[2001:db8:1::20]:5060",
	    "[2001:db8::10]:5060"), 1, "180, Vias in one field: sent") &&
	    parse(0)) {
		is_str(hdr("Via", 0), "SIP/2.0/UDP 198.51.100.10:5060;"
		    "branch=z9hG4bK776asdhds;rport=5062;received=198.51.100.10",
		    "180, Vias in one field: ours removed");
		is_str(addr_str(&cap[0].to), "198.51.100.10:5062",
		    "180, Vias in one field: to the caller");
		ok(invariant(0, AF_INET6), "180: no IPv6 literal");
	}

	/* A response whose top Via is not ours. */
	before = stats.drop[DROP_NOT_OUR_VIA];
	snprintf(head, sizeof(head), "SIP/2.0 200 OK\n"
	    "Via: %s\n"
	    "To: <sip:bob@[2001:db8:1::20]>;tag=a6c85cf\n"
	    "From: <sip:alice@[2001:db8::10]>;tag=1928301774\n"
	    "Call-ID: a84b4c76e66710@198.51.100.10\n"
	    "CSeq: 314159 INVITE\nContent-Length: 0\n", phonevia);
	is_int(feed(head, NULL, "[2001:db8:1::20]:5060",
	    "[2001:db8::10]:5060"), 0, "response not for us: dropped");
	is_int((long long)(stats.drop[DROP_NOT_OUR_VIA] - before), 1,
	    "response not for us: counted");

	/* Our branch, but sp64v= altered. */
	{
		char forged[1024], *p;
		uint64_t f = stats.forged;

		snprintf(forged, sizeof(forged), "%s", ourvia);
		p = strstr(forged, "sp64v=") + 6 + 20;
		*p = *p == '0' ? '1' : '0';
		snprintf(head, sizeof(head), "SIP/2.0 200 OK\n"
		    "Via: %s\nVia: %s\n"
		    "To: <sip:bob@[2001:db8:1::20]>;tag=a6c85cf\n"
		    "From: <sip:alice@[2001:db8::10]>;tag=1928301774\n"
		    "Call-ID: a84b4c76e66710@198.51.100.10\n"
		    "CSeq: 314159 INVITE\nContent-Length: 0\n", forged,
		    phonevia);
		is_int(feed(head, NULL, "[2001:db8:1::20]:5060",
		    "[2001:db8::10]:5060"), 0,
		    "response with an altered sp64v=: dropped");
		is_int((long long)(stats.forged - f), 1,
		    "response with an altered sp64v=: stats.forged");
	}
}

static void
hops(void)
{
	uint64_t lr = stats.local_resp;

	/* Max-Forwards 0: 483 from the arrival address to the sender. */
	if (is_int(feed(INVITE_HEAD("z9hG4bKmf0", "0")
	    "Content-Length: 0\n", NULL, "198.51.100.10:5062",
	    "192.0.2.20:5060"), 1, "Max-Forwards 0: one message out") &&
	    parse(0)) {
		is_str(start_line(), "SIP/2.0 483 Too Many Hops",
		    "Max-Forwards 0: answered 483");
		is_str(addr_str(&cap[0].from), "192.0.2.20:5060",
		    "Max-Forwards 0: from the arrival address");
		is_str(addr_str(&cap[0].to), "198.51.100.10:5062",
		    "Max-Forwards 0: to the sender (rport)");
		is_str(hdr("Via", 0), "SIP/2.0/UDP 198.51.100.10:5060;"
		    "branch=z9hG4bKmf0;rport=5062;received=198.51.100.10",
		    "Max-Forwards 0: the Via, stamped, untranslated");
		ok(strstr(hdr("To", 0), ";tag=") != NULL,
		    "Max-Forwards 0: a To tag added");
		is_str(hdr("Call-ID", 0), "a84b4c76e66710@198.51.100.10",
		    "Max-Forwards 0: Call-ID copied");
		is_str(hdr("CSeq", 0), "314159 INVITE", "Max-Forwards 0: CSeq");
		is_str(hdr("Contact", 0), "(none)",
		    "Max-Forwards 0: other fields not copied");
		is_int((long long)(stats.local_resp - lr), 1,
		    "Max-Forwards 0: counted as our own response");
	}
	if (is_int(feed(INVITE_HEAD("z9hG4bKmf1", "1")
	    "Content-Length: 0\n", NULL, "198.51.100.10:5062",
	    "192.0.2.20:5060"), 1, "Max-Forwards 1: forwarded") && parse(0))
		is_str(hdr("Max-Forwards", 0), "0", "Max-Forwards 1: sent as 0");
}

/* RFC 3261 16.11: the same branch for a retransmission and the CANCEL. */
static void
branches(void)
{
	char b[128];

	if (feed(INVITE_HEAD("z9hG4bK776asdhds", "70") "Content-Length: 0\n",
	    NULL, "198.51.100.10:5062", "192.0.2.20:5060") == 1 && parse(0))
		is_str(param(hdr("Via", 0), "branch"), branch1,
		    "branch: retransmission, same branch");
	if (feed("CANCEL sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK776asdhds;rport\n"
	    "Max-Forwards: 70\nTo: Bob <sip:bob@192.0.2.20>\n"
	    "From: Alice <sip:alice@198.51.100.10>;tag=1928301774\n"
	    "Call-ID: a84b4c76e66710@198.51.100.10\nCSeq: 314159 CANCEL\n"
	    "Content-Length: 0\n", NULL, "198.51.100.10:5062",
	    "192.0.2.20:5060") == 1 && parse(0))
		is_str(param(hdr("Via", 0), "branch"), branch1,
		    "branch: CANCEL, same branch");
	else
		ok(0, "branch: CANCEL forwarded");
	if (feed(INVITE_HEAD("z9hG4bKother", "70") "Content-Length: 0\n",
	    NULL, "198.51.100.10:5062", "192.0.2.20:5060") == 1 && parse(0)) {
		snprintf(b, sizeof(b), "%s", param(hdr("Via", 0), "branch"));
		ok(strcmp(b, branch1) != 0 && strncmp(b, AUTH_BRANCH, 11) == 0,
		    "branch: another transaction, another branch");
	}
}

/* An address not in the table goes out carried, and comes back. */
static void
carry(void)
{
	char uri[512], head[2048], *p;
	uint64_t f;
	int i, hit;

	if (!is_int(feed("INVITE sip:alice@[2001:db8::10] SIP/2.0\n"
	    "Via: SIP/2.0/UDP [2001:db8:5::99]:5060;branch=z9hG4bKc1\n"
	    "Max-Forwards: 70\nTo: <sip:alice@[2001:db8::10]>\n"
	    "From: <sip:x@[2001:db8:5::99]>;tag=77\nCall-ID: carry1\n"
	    "CSeq: 1 INVITE\nContact: <sip:x@[2001:db8:5::99]>\n"
	    "Content-Length: 0\n", NULL, "[2001:db8:5::99]:5060",
	    "[2001:db8::1]:5060"), 1, "carry: INVITE from an unknown IPv6 "
	    "host forwarded") || !parse(0))
		return;
	snprintf(uri, sizeof(uri), "sip:x@192.0.2.1;sp64=%s",
	    carried("[2001:db8:5::99]", 1));
	is_str(cstr(sip_uri_of(sl_make(hdr("Contact", 0),
	    strlen(hdr("Contact", 0))))), uri,
	    "carry: Contact is the leaving address with ;sp64=");
	ok(invariant(0, AF_INET6), "carry: no IPv6 literal");

	/* The BYE comes back to that Contact. */
	snprintf(head, sizeof(head), "BYE %s SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKbye1\n"
	    "Max-Forwards: 70\nTo: <sip:x@192.0.2.1>;tag=77\n"
	    "From: <sip:alice@198.51.100.10>;tag=88\nCall-ID: carry1\n"
	    "CSeq: 2 BYE\nContent-Length: 0\n", uri);
	f = stats.forged;
	if (is_int(feed(head, NULL, "198.51.100.10:5060", "192.0.2.1:5060"),
	    1, "carry: BYE to the carried address forwarded") && parse(0)) {
		is_str(addr_str(&cap[0].to), "[2001:db8:5::99]:5060",
		    "carry: routed to the original address");
		is_str(addr_str(&cap[0].from), "[2001:db8::10]:5060",
		    "carry: from the caller's stand-in");
		is_str(start_line(), "BYE sip:x@[2001:db8:5::99] SIP/2.0",
		    "carry: Request-URI is the original, parameter gone");
		ok(invariant(0, AF_INET), "carry: no IPv4 literal");
	}
	is_int((long long)(stats.forged - f), 0, "carry: nothing forged");

	/* Forged: one digit of the value changed. */
	p = strstr(head, "sp64=") + 5 + 7;
	*p = *p == '0' ? '1' : '0';
	for (i = 0; i < 2; i++) {
		const char *w = i == 0 ? "no uplink" : "with uplink";

		proxy_init(i == 0 ? &world : &upworld, 0);
		f = stats.forged;
		feed(head, NULL, "198.51.100.10:5060", "192.0.2.1:5060");
		for (hit = 0; hit < ncap; hit++)
			if (strcmp(addr_str(&cap[hit].to),
			    "[2001:db8:5::99]:5060") == 0 ||
			    strstr(cap[hit].p, "2001:db8:5::99") != NULL)
				break;
		ok(hit == ncap, "forged sp64= (%s): not sent to the forged "
		    "address", w);
		if (i == 0) {
			ok(ncap == 1 && parse(0) &&
			    strcmp(start_line(), "SIP/2.0 404 Not Found") == 0 &&
			    strcmp(addr_str(&cap[0].to),
			    "198.51.100.10:5060") == 0,
			    "forged sp64= (no uplink): 404 to the sender");
		} else
			ok(ncap == 1 && strcmp(addr_str(&cap[0].to),
			    "[2001:db8:2::1]:5060") == 0,
			    "forged sp64= (with uplink): to the uplink");
		is_int((long long)(stats.forged - f), 1, "forged sp64= (%s): "
		    "stats.forged counts it once", w);
	}
	proxy_init(&world, 0);
}

/* SPEC 3: no open relay; keep-alives; OPTIONS to ourselves. */
static void
routing(void)
{
	uint64_t ka = stats.keepalive;
	static const char ping[] = "\r\n\r\n";
	struct addr s = A("198.51.100.10:5060"), d = A("192.0.2.1:5060");
	char *buf = heap_copy(ping, 4);

	ncap = 0;
	input(buf, 4, &s, &d);
	free(buf);
	ok(ncap == 0 && stats.keepalive == ka + 1,
	    "CRLFCRLF keep-alive: ignored, counted");

	if (is_int(feed("INVITE sip:bob@203.0.113.9 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKor1\n"
	    "Max-Forwards: 70\nTo: <sip:bob@203.0.113.9>\n"
	    "From: <sip:alice@198.51.100.10>;tag=1\nCall-ID: or1\n"
	    "CSeq: 1 INVITE\nContent-Length: 0\n", NULL, "198.51.100.10:5060",
	    "192.0.2.1:5060"), 1, "unknown target, no uplink: one answer")
	    && parse(0)) {
		is_str(start_line(), "SIP/2.0 404 Not Found",
		    "unknown target, no uplink: 404, not forwarded");
		is_str(addr_str(&cap[0].to), "198.51.100.10:5060",
		    "unknown target, no uplink: to the sender");
	}
	proxy_init(&upworld, 0);
	if (is_int(feed("INVITE sip:bob@203.0.113.9 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKor2\n"
	    "Max-Forwards: 70\nTo: <sip:bob@203.0.113.9>\n"
	    "From: <sip:alice@198.51.100.10>;tag=1\nCall-ID: or2\n"
	    "CSeq: 1 INVITE\nContent-Length: 0\n", NULL, "198.51.100.10:5060",
	    "192.0.2.1:5060"), 1, "unknown target, uplink: forwarded") &&
	    parse(0)) {
		is_str(addr_str(&cap[0].to), "[2001:db8:2::1]:5060",
		    "unknown target, uplink: to the uplink");
		ok(invariant(0, AF_INET), "unknown target: no IPv4 literal");
	}
	proxy_init(&world, 0);
	if (is_int(feed("OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKop\n"
	    "Max-Forwards: 70\nTo: <sip:192.0.2.1>\n"
	    "From: <sip:alice@198.51.100.10>;tag=1\nCall-ID: op1\n"
	    "CSeq: 1 OPTIONS\nContent-Length: 0\n", NULL, "198.51.100.10:5060",
	    "192.0.2.1:5060"), 1, "OPTIONS to ourselves: answered") &&
	    parse(0))
		is_str(start_line(), "SIP/2.0 200 OK",
		    "OPTIONS to ourselves: 200");
}

/* SPEC 3: "IPv6 literals carry square brackets in SIP". */
static void
warning(void)
{
	if (feed(INVITE_HEAD("z9hG4bKwarn", "70")
	    "Warning: 399 198.51.100.10 \"Noisy\"\n"
	    "Content-Length: 0\n", NULL, "198.51.100.10:5062",
	    "192.0.2.20:5060") == 1 && parse(0)) {
		ok(invariant(0, AF_INET), "Warning: no IPv4 literal");
		is_str(hdr("Warning", 0), "399 [2001:db8::10] \"Noisy\"",
		    "Warning: the IPv6 warn-agent in brackets (RFC 3261 "
		    "hostport)");
	} else
		ok(0, "Warning: request forwarded");
}

/* SPEC 3: opaque fields and free text pass byte for byte. */
static void
opaque(void)
{
	static const struct {
		const char *name, *value;
		enum hdr_class cls;
	} oc[] = {
		{ "Authorization", "Digest username=\"alice\", "
		    "realm=\"198.51.100.10\", nonce=\"84a4cc6f3082121f32b42a\", "
		    "uri=\"sip:bob@192.0.2.20\", response=\"7587245234b3434cc31\"",
		    HC_OPAQUE },
		{ "Proxy-Authorization", "Digest username=alice, realm=x, "
		    "uri=\"sip:[2001:db8::10]\", response=42ce3cef44b22f50c6a6, "
		    "x-hint=<sip:198.51.100.10>", HC_OPAQUE },
		{ "Replaces", "0_3405312349@198.51.100.10;to-tag=a;from-tag=b",
		    HC_OPAQUE },
		{ "Join", "sip:12adf2f34456gs5@198.51.100.10;to-tag=12345",
		    HC_OPAQUE },
		{ "Target-Dialog", "<sip:7@198.51.100.10>;local-tag=1;"
		    "remote-tag=2", HC_OPAQUE },
		{ "In-Reply-To", "70710@saturn.example, sip:17320@198.51.100.10",
		    HC_OPAQUE },
		{ "User-Agent", "Yealink SIP-T46S 66.86.0.15 sip:198.51.100.10",
		    HC_TEXT },
		{ "Subject", "call me at sip:bob@198.51.100.10", HC_TEXT },
		{ "Organization", "Lab <sip:198.51.100.10>", HC_TEXT },
		{ "Alert-Info", "<http://198.51.100.10:8080/ring.wav>",
		    HC_GRAMMAR },
		{ "X-Note", "\"198.51.100.10\" (198.51.100.10) "
		    "mailto:a@198.51.100.10", HC_GRAMMAR },
	};
	char head[8192];
	size_t i, o;

	o = (size_t)snprintf(head, sizeof(head), "%s",
	    INVITE_HEAD("z9hG4bKopq", "70"));
	for (i = 0; i < NELEM(oc); i++)
		o += (size_t)snprintf(head + o, sizeof(head) - o, "%s: %s\n",
		    oc[i].name, oc[i].value);
	snprintf(head + o, sizeof(head) - o, "Content-Length: 0\n");
	if (!is_int(feed(head, NULL, "198.51.100.10:5062", "192.0.2.20:5060"),
	    1, "opaque and text fields: forwarded") || !parse(0))
		return;
	for (i = 0; i < NELEM(oc); i++) {
		size_t k;

		is_str(hdr(oc[i].name, 0), oc[i].value,
		    "%s: byte for byte", oc[i].name);
		for (k = 0; k < pm.nhdr; k++)
			if (sl_eq_ci(pm.hdr[k].name, oc[i].name))
				break;
		ok(k < pm.nhdr && pm.hdr[k].cls == oc[i].cls,
		    "%s: its class (%s)", oc[i].name, oc[i].cls == HC_OPAQUE ?
		    "opaque" : oc[i].cls == HC_TEXT ? "text" : "grammar");
	}
	for (i = 0; i < pm.nhdr; i++)
		if (pm.hdr[i].id == H_CALLID)
			ok(pm.hdr[i].cls == HC_OPAQUE, "Call-ID: opaque");
	is_str(hdr("Call-ID", 0), "a84b4c76e66710@198.51.100.10",
	    "Call-ID: byte for byte");
	is_str(hdr("Contact", 0), "<sip:alice@[2001:db8::10]:5060>",
	    "opaque fields: the grammar fields still translated");
	ok(invariant(0, AF_INET), "opaque fields: the invariant holds "
	    "(inv_holds)");
}

/* RFC 4475 3.1.1.1 (wsinv): LWS around the slashes of a Via. */
static void
via_lws(void)
{
	const char *v;

	if (!is_int(feed("OPTIONS sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via: SIP  /   2.0\n /UDP\n    198.51.100.10;branch=z9hG4bKws1\n"
	    "Max-Forwards: 70\nTo: <sip:bob@192.0.2.20>\n"
	    "From: <sip:alice@example.com>;tag=1\nCall-ID: ws1\n"
	    "CSeq: 1 OPTIONS\nContent-Length: 0\n", NULL,
	    "198.51.100.10:5062", "192.0.2.20:5060"), 1,
	    "Via with LWS around /: forwarded") || !parse(0))
		return;
	v = hdr("Via", 1);
	ok(strstr(v, "198.51.100.10") == NULL,
	    "Via with LWS around /: the IPv4 sent-by does not reach the IPv6 "
	    "side");
	ok(strstr(v, "received=") != NULL,
	    "Via with LWS around /: received= added");
	tap_todo = NULL;
}

/* inv_holds alone: it can fail, and where it must not. */
static void
invariant_checker(void)
{
	static const char base[] =
	    "OPTIONS sip:x@[2001:db8::7] SIP/2.0\n"
	    "Via: SIP/2.0/UDP [2001:db8::1];branch=z9hG4bK1\n"
	    "To: <sip:x@[2001:db8::7]>\nFrom: <sip:y@example.com>;tag=1\n"
	    "Call-ID: 1@198.51.100.1\nCSeq: 1 OPTIONS\n";
	static const struct {
		const char *name, *extra, *body;
		int wrapper, holds;
	} ic[] = {
		{ "clean", "", NULL, 0, 1 },
		{ "a Contact literal", "Contact: <sip:198.51.100.1>\n", NULL, 0,
		    0 },
		{ "a Contact literal in wrapper mode",
		    "Contact: <sip:198.51.100.1>\n", NULL, 1, 1 },
		{ "an unknown field's URI", "X-Y: <sip:a@198.51.100.1>\n", NULL,
		    0, 0 },
		{ "a Via received=",
		    "Via: SIP/2.0/UDP h.example;received=198.51.100.1\n", NULL,
		    0, 0 },
		{ "a warn-agent", "Warning: 399 198.51.100.1 \"x\"\n", NULL, 0,
		    0 },
		{ "a field name that is a literal", "198.51.100.1: x\n", NULL,
		    0, 0 },
		{ "Authorization", "Authorization: Digest "
		    "uri=\"sip:198.51.100.1\"\n", NULL, 0, 1 },
		{ "Replaces", "Replaces: 1@198.51.100.1;to-tag=1\n", NULL, 0, 1 },
		{ "User-Agent", "User-Agent: sip:198.51.100.1\n", NULL, 0, 1 },
		{ "a display name", "X-Y: \"198.51.100.1\" <sip:a@x>\n", NULL,
		    0, 1 },
		{ "SDP c=", "Content-Type: application/sdp\n",
		    "v=0\nc=IN IP4 198.51.100.1\n", 0, 0 },
		{ "SDP a=rtcp", "Content-Type: application/sdp\n",
		    "v=0\nm=audio 1 RTP/AVP 0\na=rtcp:9 IN IP4 198.51.100.1\n",
		    0, 0 },
		{ "SDP C= (not SDP: refused)", "Content-Type: application/sdp\n",
		    "v=0\nC=IN IP4 198.51.100.1\n", 0, 0 },
		{ "SDP line after a blank", "Content-Type: application/sdp\n",
		    "v=0\n c=IN IP6 2001:db8::1\n", 0, 0 },
		{ "SDP empty line", "Content-Type: application/sdp\n",
		    "v=0\n\nc=IN IP6 2001:db8::1\n", 0, 1 },
		{ "SDP other lines", "Content-Type: application/sdp\n",
		    "v=0\ns=198.51.100.1\na=x:IN IP4 198.51.100.1 y\n", 0, 1 },
		{ "a text body", "Content-Type: text/plain\n",
		    "sip:198.51.100.1\n", 0, 1 },
	};
	char text[2048], *buf, *b;
	size_t i, n, bn;

	for (i = 0; i < NELEM(ic); i++) {
		/* Content-Length counts the body as sent, with CRLF */
		b = crlf(ic[i].body != NULL ? ic[i].body : "", &bn);
		free(b);
		snprintf(text, sizeof(text), "%s%sContent-Length: %zu\n\n%s",
		    base, ic[i].extra, bn, ic[i].body != NULL ? ic[i].body :
		    "");
		buf = crlf(text, &n);
		is_int(inv_holds(buf, n, AF_INET, ic[i].wrapper), ic[i].holds,
		    "inv_holds: %s", ic[i].name);
		free(buf);
	}
}

/* Bodies and header ends that the tokenizer accepts. */
static void
edges(void)
{
	static char text[SIP_MAXHDR * 24 + 1024];
	static const char raw[] =
	    "OPTIONS sip:alice@[2001:db8::10] SIP/2.0\r\n"
	    "Via: SIP/2.0/UDP [2001:db8:5::99]:5060;branch=z9hG4bKnoe3\r\n"
	    "To: <sip:alice@[2001:db8::10]>\r\n"
	    "From: <sip:x@[2001:db8:5::99]>;tag=9\r\nCall-ID: noeol\r\n"
	    "CSeq: 1 OPTIONS";
	struct addr s = A("[2001:db8:5::99]:5060"), d = A("[2001:db8::1]:5060");
	size_t len, k, j, want;
	uint64_t inv;
	char *buf;

	/* Content-Length smaller than the body: the rest is cut. */
	if (feed(INVITE_HEAD("z9hG4bKcut", "70")
	    "Content-Type: text/plain\nContent-Length: 4\n",
	    "abcdefgh", "198.51.100.10:5062", "192.0.2.20:5060") == 1 &&
	    parse(0)) {
		is_str(body(), "abcd", "Content-Length smaller: body cut");
		is_str(hdr("Content-Length", 0), "4",
		    "Content-Length smaller: the length stays");
	} else
		ok(0, "Content-Length smaller: forwarded");

	/* No empty line: the datagram ends with the last header's CRLF. */
	if (feed("OPTIONS sip:alice@[2001:db8::10] SIP/2.0\n"
	    "Via: SIP/2.0/UDP [2001:db8:5::99]:5060;branch=z9hG4bKnoe\n"
	    "Max-Forwards: 70\nTo: <sip:alice@[2001:db8::10]>\n"
	    "From: <sip:x@[2001:db8:5::99]>;tag=9\nCall-ID: noempty\n"
	    "CSeq: 1 OPTIONS", NULL, "[2001:db8:5::99]:5060",
	    "[2001:db8::1]:5060") == 1 && parse(0)) {
		ok(pm.has_empty_line, "no empty line: one is added");
		is_str(hdr("Content-Length", 0), "0",
		    "no empty line: Content-Length 0 added");
	} else
		ok(0, "no empty line: forwarded");

	/* The last header without any line end; Max-Forwards and
	 * Content-Length to add. */
	buf = heap_copy(raw, sizeof(raw) - 1);
	ncap = 0;
	inv = stats.drop[DROP_INVARIANT];
	input(buf, sizeof(raw) - 1, &s, &d);
	free(buf);
	if (!ok(ncap == 1 && parse(0) && pm.has_empty_line &&
	    strcmp(hdr("CSeq", 0), "1 OPTIONS") == 0 &&
	    strcmp(hdr("Max-Forwards", 0), "70") == 0,
	    "last line without CRLF: forwarded, well formed"))
		tap_diag("%s; family-invariant drops %+lld", ncap == 1 ?
		    "sent, malformed" : "not sent",
		    (long long)(stats.drop[DROP_INVARIANT] - inv));

	/* The same for our own answer: OPTIONS to ourselves. */
	{
		static const char opt[] =
		    "OPTIONS sip:192.0.2.1 SIP/2.0\r\n"
		    "Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKop2\r\n"
		    "Max-Forwards: 70\r\nTo: <sip:192.0.2.1>\r\n"
		    "From: <sip:alice@198.51.100.10>;tag=1\r\n"
		    "Call-ID: op2\r\nContent-Length: 0\r\nCSeq: 1 OPTIONS";
		struct addr s4 = A("198.51.100.10:5060");
		struct addr d4 = A("192.0.2.1:5060");

		buf = heap_copy(opt, sizeof(opt) - 1);
		ncap = 0;
		input(buf, sizeof(opt) - 1, &s4, &d4);
		free(buf);
		if (is_int(ncap, 1, "last line without CRLF, OPTIONS to us: "
		    "answered")) {
			if (!ok(parse(0) &&
			    strcmp(hdr("CSeq", 0), "1 OPTIONS") == 0,
			    "last line without CRLF, our 200: well formed")) {
				const char *c = strstr(cap[0].p, "CSeq:");

				tap_diag("sent: %.*s", c != NULL ?
				    (int)strcspn(c, "\r\n") : 0, c);
			}
			tap_todo = NULL;
		}
	}

	/*
	 * 256 header fields from the wire (SIP_MAXHDR less the room for what
	 * sipproxy64 adds) are forwarded; one more is refused as too many,
	 * not mistaken for a family-invariant failure.
	 */
	for (k = 0; k < 2; k++) {
		want = SIP_MAXHDR - 4 + k;
		len = (size_t)snprintf(text, sizeof(text), "%s",
		    INVITE_HEAD("z9hG4bKmany", "70"));
		for (j = 8; j < want; j++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "X-%zu: %zu\n", j, j);
		snprintf(text + len, sizeof(text) - len, "Content-Length: 0");
		inv = stats.drop[DROP_INVARIANT];
		if (k == 0)
			ok(feed(text, NULL, "198.51.100.10:5062",
			    "192.0.2.20:5060") == 1,
			    "%zu header fields: forwarded", want);
		else
			ok(feed(text, NULL, "198.51.100.10:5062",
			    "192.0.2.20:5060") == 0 &&
			    stats.drop[DROP_INVARIANT] == inv,
			    "%zu header fields: refused, as too many", want);
	}
}

void
test_proxy(void)
{
	if (build_world(&world, 0) != 0 || build_world(&upworld, 1) != 0)
		return;
	proxy_init(&world, 0);
	invite();
	stamping();
	response();
	hops();
	branches();
	carry();
	routing();
	warning();
	opaque();
	via_lws();
	invariant_checker();
	edges();
	map_free(&world);
	map_free(&upworld);
}
