/*
 * test_stun.c - the STUN keep-alive (stun.c), the rate limit of our own
 * answers (limit.c), and the size bound and the 400 answers of proxy.c,
 * seen through proxy_input() in test mode.
 */
#include <stdlib.h>
#include <string.h>

#include "limit.h"
#include "map.h"
#include "net.h"
#include "proxy.h"
#include "sip.h"
#include "stats.h"
#include "stun.h"
#include "unit.h"

static unsigned char got[65537];
static size_t ngot;
static int nsent;
static struct addr got_from, got_to;
static struct map world;

static void
tap(const struct addr *from, const struct addr *to, const char *p, size_t n)
{
	nsent++;
	got_from = *from;
	got_to = *to;
	ngot = n < sizeof(got) - 1 ? n : 0;
	memcpy(got, p, ngot);
	got[ngot] = '\0';
}

static unsigned
g16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
g32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
p16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
p32(unsigned char *p, uint32_t v)
{
	p16(p, v >> 16);
	p16(p + 2, v & 0xffff);
}

/* A STUN message of type t with the attributes given (already encoded);
 * with fp, a FINGERPRINT at the end. Returns its length. */
static size_t
mk(unsigned char *b, unsigned t, const unsigned char *attrs, size_t alen,
    int fp)
{
	size_t n = 20 + alen;
	int i;

	p16(b, t);
	p16(b + 2, (unsigned)(alen + (fp ? 8 : 0)));
	p32(b + 4, STUN_COOKIE);
	for (i = 0; i < 12; i++)
		b[8 + i] = (unsigned char)(0xa0 + i);
	if (alen > 0)
		memcpy(b + 20, attrs, alen);
	if (fp) {
		p16(b + n, 0x8028);
		p16(b + n + 2, 4);
		p32(b + n + 4, stun_crc32(b, n) ^ 0x5354554eu);
		n += 8;
	}
	return n;
}

/* Decode the XOR-MAPPED-ADDRESS of a binding success response. */
static int
mapped(const unsigned char *r, size_t n, struct addr *a)
{
	unsigned char x[16], ip[16];
	size_t iplen, i;

	if (n < 32 || g16(r) != 0x0101 || g16(r + 2) != n - 20 ||
	    g16(r + 20) != 0x0020)
		return -1;
	iplen = r[25] == 1 ? 4 : r[25] == 2 ? 16 : 0;
	if (iplen == 0 || g16(r + 22) != 4 + iplen || n < 28 + iplen)
		return -1;
	p32(x, STUN_COOKIE);
	memcpy(x + 4, r + 8, 12);
	for (i = 0; i < iplen; i++)
		ip[i] = r[28 + i] ^ x[i];
	return addr_from_bytes(a, ip, iplen, (uint16_t)(g16(r + 26) ^ 0x2112));
}

static size_t
answer(const unsigned char *b, size_t n, const char *src, enum drop_reason *w)
{
	static unsigned char out[STUN_MAXRESP];
	struct addr s = A(src);
	char *c = heap_copy((const char *)b, n);
	size_t r;

	r = stun_answer(c, n, &s, out, sizeof(out), w);
	free(c);
	memcpy(got, out, r);
	ngot = r;
	got[ngot] = '\0';
	return r;
}

static void
binding(void)
{
	static const char *const src[] = { "198.51.100.10:5062",
	    "[2001:db8:5::99]:40000" };
	unsigned char b[256];
	struct addr m;
	enum drop_reason w;
	size_t n, r, i;

	is_int((int)stun_crc32((const unsigned char *)"123456789", 9),
	    (int)0xcbf43926u, "CRC-32 of \"123456789\"");
	for (i = 0; i < NELEM(src); i++) {
		n = mk(b, 0x0001, NULL, 0, 0);
		r = answer(b, n, src[i], &w);
		ok(r == (i == 0 ? 32u : 44u) && mapped(got, r, &m) == 0 &&
		    addr_eq(&m, &(struct addr){ A(src[i]).u }),
		    "binding request from %s: XOR-MAPPED-ADDRESS is the source",
		    src[i]);
		ok(r >= 20 && memcmp(got + 4, b + 4, 16) == 0,
		    "... with the request's cookie and transaction ID");
	}
	/* FINGERPRINT and a comprehension-optional SOFTWARE attribute */
	memcpy(b + 100, "\x80\x22\x00\x05phone\0\0\0", 12);
	n = mk(b, 0x0001, b + 100, 12, 1);
	r = answer(b, n, src[1], &w);
	ok(r == 52 && mapped(got, r, &m) == 0 && g16(got + 44) == 0x8028 &&
	    g32(got + 48) == (stun_crc32(got, 44) ^ 0x5354554eu) &&
	    g16(got + 2) == 32,
	    "with FINGERPRINT and SOFTWARE: answered, with a right FINGERPRINT");
	b[n - 1] ^= 1;
	ok(answer(b, n, src[1], &w) == 0 && w == DROP_STUN,
	    "a wrong FINGERPRINT: dropped as bad-stun");
	/* every shorter datagram of it: never answered, never read past */
	b[n - 1] ^= 1;
	for (i = 0, r = 0; i < n; i++)
		r += answer(b, i, src[0], &w) != 0 || w != DROP_STUN;
	is_int((int)r, 0, "every truncation of it: bad-stun, not answered");
}

static void
refusals(void)
{
	unsigned char b[256];
	enum drop_reason w;
	size_t n;

	n = mk(b, 0x0001, NULL, 0, 0);
	p16(b + 2, 4);
	ok(answer(b, n, "198.51.100.10", &w) == 0 && w == DROP_STUN,
	    "length field past the datagram: bad-stun");
	n = mk(b, 0x0001, (const unsigned char *)"\x80\x22\x00\x02" "ab", 6,
	    0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 && w == DROP_STUN,
	    "length not a multiple of 4: bad-stun");
	n = mk(b, 0x0001, (const unsigned char *)"\x80\x22\x00\x09phonephon",
	    12, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 && w == DROP_STUN,
	    "an attribute longer than what is left: bad-stun");
	n = mk(b, 0x0001, (const unsigned char *)"\x80\x28\x00\x04\0\0\0\0"
	    "\x80\x22\x00\x00", 12, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 && w == DROP_STUN,
	    "FINGERPRINT not the last attribute: bad-stun");
	n = mk(b, 0x0001, (const unsigned char *)"\x00\x06\x00\x04user", 8, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 &&
	    w == DROP_STUN_UNHANDLED,
	    "USERNAME (comprehension-required): stun-unhandled");
	n = mk(b, 0x0101, NULL, 0, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 &&
	    w == DROP_STUN_UNHANDLED, "a binding response: not answered");
	n = mk(b, 0x0003, NULL, 0, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 &&
	    w == DROP_STUN_UNHANDLED, "another method (Allocate): not answered");
	n = mk(b, 0x0011, NULL, 0, 0);
	ok(answer(b, n, "198.51.100.10", &w) == 0 && w == DROP_NONE,
	    "a binding indication: a keep-alive, no answer");
	ok(!stun_looks("OPTIONS sip:a SIP/2.0\r\n", 23) &&
	    !stun_looks((const char *)b, 7) && stun_looks((const char *)b, 8),
	    "stun_looks: SIP is not STUN; the cookie decides");
}

static void
limits(void)
{
	struct addr a = A("198.51.100.10"), b = A("198.51.100.11");
	struct addr c = A("[2001:db8:5::1]"), d = A("[2001:db8:5::2]");
	struct addr e = A("[2001:db8:5:1::1]");
	int i, n = 0;

	limit_reset();
	for (i = 0; i < 1000; i++)
		n += limit_take(&a, 5000);
	is_int(n, LIMIT_BURST, "1000 at once from one source: the burst only");
	ok(limit_take(&b, 5000), "another source still gets its answer");
	for (i = 0, n = 0; i < 1000; i++)
		n += limit_take(&a, 6000);
	is_int(n, LIMIT_RATE, "one second later: the rate");
	for (i = 0, n = 0; i < 1000; i++)
		n += limit_take(&c, 5000) + limit_take(&d, 5000);
	is_int(n, LIMIT_BURST, "two addresses of one IPv6 /64 share a bucket");
	ok(limit_take(&e, 5000), "another /64 does not");
	limit_reset();
}

/* Through proxy_input: feed, capture. */
static int
feed(const char *text, const char *src, const char *dst)
{
	struct addr s = A(src), d = A(dst);
	size_t n;
	char *buf = crlf(text, &n);

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
own_bounds(void)
{
	/* compact forms: the smallest request a phone may send */
	static const char small[] =
	    "OPTIONS sip:192.0.2.1 SIP/2.0\nv: SIP/2.0/UDP 192.0.2.77\n"
	    "f: <sip:a@b>;tag=1\nt: <sip:192.0.2.1>\ni: s1\nCSeq: 1 OPTIONS\n";
	static const char big[] =
	    "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKbig\n"
	    "From: <sip:alice@192.0.2.77>;tag=1\nTo: <sip:192.0.2.1>\n"
	    "Call-ID: big-options-to-us@192.0.2.77\nCSeq: 1 OPTIONS\n"
	    "User-Agent: a phone that says a lot about itself, version 1.0\n"
	    "Max-Forwards: 70\nContent-Length: 0\n\n";
	uint64_t tr = stats.reply_trimmed;
	size_t req = sizeof(small) - 1 + 6;	/* and its CRs */
	int n;

	limit_reset();
	ok(feed(big, "192.0.2.77:5060", "192.0.2.1:5060") == 1 &&
	    strstr((char *)got, "\r\nAllow: INVITE, ACK, CANCEL, BYE, "
	    "OPTIONS,") != NULL && strstr((char *)got, "\r\nSupported:\r\n") &&
	    strstr((char *)got, "\r\nAccept: application/sdp\r\n") &&
	    strstr((char *)got, "\r\nServer: sipproxy64\r\n"),
	    "200 to OPTIONS: Allow, Accept, Supported (RFC 3261 11.2)");
	n = feed(small, "192.0.2.77:5060", "192.0.2.1:5060");
	ok(n == 1 && strncmp((char *)got, "SIP/2.0 200 OK\r\n", 16) == 0 &&
	    ngot + 28 <= 2 * (req + 28) && stats.reply_trimmed == tr + 1,
	    "a small OPTIONS: its 200 trimmed to twice its size (%zu for %zu)",
	    ngot, req);
	ok(strstr((char *)got, "Server:") == NULL &&
	    strstr((char *)got, "Accept:") == NULL,
	    "... Server and Accept given up first");
}

static void
malformed(void)
{
	static const struct {
		const char *what, *hdrs, *body, *reason;
	} c[] = {
		{ "short body", "Content-Length: 10\n", "abc",
		    "400 Body Shorter Than Content-Length" },
		{ "bad Content-Length", "Content-Length: 1x\n", "",
		    "400 Bad Content-Length" },
		{ "bad Max-Forwards", "Max-Forwards: 300\nContent-Length: 0\n",
		    "", "400 Bad Max-Forwards" },
	};
	char text[1024];
	size_t i;
	uint64_t b = stats.bad_answered;

	limit_reset();
	for (i = 0; i < NELEM(c); i++) {
		snprintf(text, sizeof(text), "INVITE sip:x@192.0.2.1 SIP/2.0\n"
		    "Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKm%zu\n"
		    "From: <sip:a@192.0.2.77>;tag=1\nTo: <sip:x@192.0.2.1>\n"
		    "Call-ID: m%zu\nCSeq: 1 INVITE\n%s\n%s", i, i, c[i].hdrs,
		    c[i].body);
		ok(feed(text, "192.0.2.77:5060", "192.0.2.1:5060") == 1 &&
		    strncmp((char *)got + 8, c[i].reason,
		    strlen(c[i].reason)) == 0 &&
		    addr_eq(&got_to, &(struct addr){ A("192.0.2.77:5060").u }),
		    "%s: answered %s", c[i].what, c[i].reason);
	}
	ok(feed("INVITE sip:x@192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKc\n"
	    "From: <sip:a@192.0.2.77>;tag=1\nTo: <sip:x@192.0.2.1>\n"
	    "Call-ID: c1\nCSeq: 1 BYE\n\n", "192.0.2.77:5060",
	    "192.0.2.1:5060") == 1 &&
	    strncmp((char *)got, "SIP/2.0 400 Bad CSeq\r\n", 22) == 0,
	    "CSeq method not the request's: 400 Bad CSeq");
	is_int((int)(stats.bad_answered - b), (int)NELEM(c) + 1,
	    "each counted as answered 400");
	is_int(feed("ACK sip:x@192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKa\n"
	    "From: <sip:a@192.0.2.77>;tag=1\nTo: <sip:x@192.0.2.1>\n"
	    "Call-ID: a1\nCSeq: 1 ACK\nContent-Length: 9\n\n", "192.0.2.77:5060",
	    "192.0.2.1:5060"), 0, "a malformed ACK: never answered");
	is_int(feed("SIP/2.0 200 OK\n"
	    "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKr\n"
	    "From: <sip:a@192.0.2.77>;tag=1\nTo: <sip:x@192.0.2.1>\n"
	    "Call-ID: r1\nCSeq: 1 INVITE\nContent-Length: 9\n\n",
	    "192.0.2.77:5060", "192.0.2.1:5060"), 0,
	    "a malformed response: never answered");
	is_int(feed("INVITE sip:x@192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 192.0.2.77;branch=z9hG4bKn\n"
	    "From: <sip:a@192.0.2.77>;tag=1\nTo: <sip:x@192.0.2.1>\n"
	    "CSeq: 1 INVITE\nContent-Length: 9\n\n", "192.0.2.77:5060",
	    "192.0.2.1:5060"), 0, "no Call-ID: cannot be answered, dropped");
}

static void
through_proxy(void)
{
	unsigned char b[64];
	struct addr s = A("[2001:db8:5::99]:40000"), d = A("[2001:db8::1]:5060");
	struct addr m;
	uint64_t st = stats.stun, bad = stats.drop[DROP_STUN];
	size_t n = mk(b, 0x0001, NULL, 0, 1);

	limit_reset();
	nsent = 0;
	{
		struct proxy_out o;

		if (proxy_input((const char *)b, n, &s, &d, TP_UDP, &o))
			tap(&o.from, &o.to, o.p, o.n);
	}
	ok(nsent == 1 && addr_eq(&got_from, &d) && addr_eq(&got_to, &s) &&
	    mapped(got, ngot, &m) == 0 && addr_eq(&m, &s) &&
	    stats.stun == st + 1,
	    "proxy_input: a binding request is answered from where it came");
	b[2] = 0x7f;
	nsent = 0;
	{
		struct proxy_out o;

		if (proxy_input((const char *)b, n, &s, &d, TP_UDP, &o))
			tap(&o.from, &o.to, o.p, o.n);
	}
	ok(nsent == 0 && stats.drop[DROP_STUN] == bad + 1,
	    "proxy_input: a broken one is dropped and counted");
}

void
test_stun(void)
{
	binding();
	refusals();
	limits();
	if (build_world(&world, 0) != 0)
		return;
	proxy_init(&world, 0);
	own_bounds();
	malformed();
	through_proxy();
	map_free(&world);
}
