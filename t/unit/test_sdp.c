/*
 * test_sdp.c - SDP across the families (SPEC 4), through body_rewrite():
 * first without the relay (addresses exchanged by the table), then with
 * rtp_init() in fake mode, so that relay ports are handed out without a
 * socket: m= gets the relay port, a=rtcp the next one, the answer finds
 * the same relay, another call or another pair of legs gets its own.
 */
#include <stdlib.h>
#include <string.h>

#include "edit.h"
#include "map.h"
#include "rtp.h"
#include "sdp.h"
#include "unit.h"

#define CRYPTO	"a=crypto:1 AES_CM_128_HMAC_SHA1_80 " \
		"inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32\n"
#define FPRINT	"a=fingerprint:sha-256 12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD:" \
		"B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:4A:AD\n"
#define ZRTP	"a=zrtp-hash:1.10 fe30efd02423cb054e50efd0248742ac7a52c8f9" \
		"1bc2df881ae642c371ba46df\n"
#define ICE	"a=ice-ufrag:8hhY\n" \
		"a=ice-pwd:asd88fgpdd777uzjYhagZg\n" \
		"a=candidate:1 1 UDP 2130706431 198.51.100.10 49170 typ host\n" \
		"a=candidate:2 1 UDP 1694498815 203.0.113.9 49170 typ srflx " \
		"raddr 198.51.100.10 rport 49170\n" \
		"a=remote-candidates:1 198.51.100.10 49170\n" \
		"a=end-of-candidates\n"

/* An offer from the IPv4 phone: two audio streams, one rejected video,
 * the second audio held RFC 2543 style. */
static const char offer4[] =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP4 198.51.100.10\n"
	"s=-\n"
	"c=IN IP4 198.51.100.10\n"
	"t=0 0\n"
	"m=audio 49170 RTP/AVP 0 8 97\n"
	"a=rtcp:49171\n"
	CRYPTO FPRINT ZRTP ICE
	"a=rtpmap:97 iLBC/8000\n"
	"m=video 0 RTP/AVP 31\n"
	"c=IN IP4 198.51.100.10\n"
	"m=audio 49180 RTP/AVP 0\n"
	"c=IN IP4 0.0.0.0\n"
	"a=rtcp:49181 IN IP4 198.51.100.10\n"
	"a=sendonly\n";

/* The same, table-translated (no relay). */
static const char offer4_norelay[] =
	"v=0\n"
	"o=alice 2890844526 2890844526 IN IP6 2001:db8::10\n"
	"s=-\n"
	"c=IN IP6 2001:db8::10\n"
	"t=0 0\n"
	"m=audio 49170 RTP/AVP 0 8 97\n"
	"a=rtcp:49171\n"
	CRYPTO FPRINT ZRTP
	"a=rtpmap:97 iLBC/8000\n"
	"m=video 0 RTP/AVP 31\n"
	"c=IN IP6 2001:db8::10\n"
	"m=audio 49180 RTP/AVP 0\n"
	"c=IN IP6 ::\n"
	"a=rtcp:49181 IN IP6 2001:db8::10\n"
	"a=sendonly\n";

static const char answer6[] =
	"v=0\n"
	"o=bob 1 1 IN IP6 2001:db8:1::20\n"
	"s=-\n"
	"c=IN IP6 2001:db8:1::20\n"
	"t=0 0\n"
	"m=audio 50000 RTP/AVP 0\n"
	"a=rtcp:50001\n"
	"m=video 0 RTP/AVP 31\n"
	"m=audio 50010 RTP/AVP 0\n"
	"a=recvonly\n";

static struct edits ed;
static struct map world;
static const char *method = "INVITE";	/* the CSeq method of rewrite() */

/* body_rewrite of an LF text (made CRLF) in an exact heap buffer; the
 * output with CRLF made LF again, for readable comparisons. */
static const char *
rewrite(const char *ctype, const char *lf, int from, const char *leave,
    const char *callid, const char *local_in, enum drop_reason *rp)
{
	static char out[8192];
	struct xlate x;
	struct sdp_call call;
	struct obuf ob;
	struct addr in = A(local_in), sig = A(from == AF_INET ? "198.51.100.10" :
	    "[2001:db8::20]");
	enum drop_reason r;
	size_t n, i, k;
	char *buf = crlf(lf, &n), tmp[8192];

	ed_reset(&ed);
	memset(&x, 0, sizeof(x));
	x.map = &world;
	x.from = from;
	x.leave = A(leave);
	x.ed = &ed;
	x.base = buf;
	memset(&call, 0, sizeof(call));
	call.callid = sl_make(callid, strlen(callid));
	call.local_in = &in;
	call.src = &sig;
	call.src_known = 1;
	call.method = sl_make(method, strlen(method));
	r = body_rewrite(&x, sl_make(ctype, strlen(ctype)), 0, n, &call);
	if (rp != NULL)
		*rp = r;
	ob_init(&ob, tmp, sizeof(tmp));
	if (r != DROP_NONE || ed_apply(&ed, buf, n, &ob) != 0) {
		free(buf);
		return "(failed)";
	}
	for (i = 0, k = 0; i < ob.len && k < sizeof(out) - 1; i++)
		if (!(tmp[i] == '\r' && i + 1 < ob.len && tmp[i + 1] == '\n'))
			out[k++] = tmp[i];
	out[k] = '\0';
	free(buf);
	return out;
}

/* The value of the n-th line that starts with prefix, as a C string. */
static const char *
line(const char *sdp, const char *prefix, int nth)
{
	static char buf[4][256];
	static int k;
	const char *p = sdp, *e;

	k = (k + 1) % 4;
	buf[k][0] = '\0';
	while (p != NULL && *p != '\0') {
		e = strchr(p, '\n');
		if (strncmp(p, prefix, strlen(prefix)) == 0 && nth-- == 0) {
			size_t n = e != NULL ? (size_t)(e - p) : strlen(p);

			n -= strlen(prefix);
			if (n >= sizeof(buf[k]))
				n = sizeof(buf[k]) - 1;
			memcpy(buf[k], p + strlen(prefix), n);
			buf[k][n] = '\0';
			return buf[k];
		}
		p = e != NULL ? e + 1 : NULL;
	}
	return "(none)";
}

static void
norelay(void)
{
	const char *got;
	static const char multi[] =
	    "--b1\n"
	    "Content-Type: application/sdp\n"
	    "\n"
	    "v=0\n"
	    "o=- 1 1 IN IP4 198.51.100.10\n"
	    "c=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\n"
	    "\n"
	    "--b1\n"
	    "Content-Type: application/isup\n"
	    "\n"
	    "calling 192.0.2.20 x\n"
	    "--b1--\n";

	ok(!rtp_enabled(), "before rtp_init the relay is off");
	got = rewrite("application/sdp", offer4, AF_INET, "[2001:db8::10]",
	    "call-0", "192.0.2.20", NULL);
	is_str(got, offer4_norelay, "no relay: table translation, ICE gone, "
	    "crypto/fingerprint/zrtp untouched");
	got = rewrite("Application/SDP; charset=x", offer4, AF_INET,
	    "[2001:db8::10]", "call-0", "192.0.2.20", NULL);
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::10",
	    "Content-Type match is case-insensitive, parameters allowed");
	got = rewrite("text/plain", "addr 198.51.100.10 here", AF_INET,
	    "[2001:db8::10]", "call-0", "192.0.2.20", NULL);
	is_str(got, "addr 198.51.100.10 here",
	    "other bodies: byte for byte (SPEC 3: text)");
	got = rewrite("application/sdp", "v=0\no=198.51.100.10 1 1 IN IP4 "
	    "198.51.100.10\ns=-\nc=IN IP4 198.51.100.10\nt=0 0\n"
	    "m=audio 49170 RTP/AVP 0\na=rtcp:9 IN IP4 0.0.0.0\na=rtcp-mux\n"
	    "a=x-note:198.51.100.10\n", AF_INET, "[2001:db8::10]", "call-9",
	    "192.0.2.20", NULL);
	is_str(line(got, "a=rtcp:", 0), "9 IN IP6 ::",
	    "a=rtcp:9 IN IP4 0.0.0.0 stays a placeholder, port 9 kept");
	is_str(line(got, "a=x-note:", 0), "198.51.100.10",
	    "an attribute that is no address position: byte for byte");
	is_str(line(got, "o=", 0), "198.51.100.10 1 1 IN IP6 2001:db8::10",
	    "o=: the address translated, the user name is text");
	got = rewrite("multipart/mixed;boundary=b1", multi, AF_INET,
	    "[2001:db8::10]", "call-0", "192.0.2.20", NULL);
	is_str(line(got, "o=", 0), "- 1 1 IN IP6 2001:db8::10",
	    "multipart: SDP part, o=");
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::10",
	    "multipart: SDP part, c=");
	is_str(line(got, "calling ", 0), "192.0.2.20 x",
	    "multipart: a part that is not SDP, byte for byte");
	is_str(line(got, "--b1", 2), "--", "multipart: close delimiter kept");
	got = rewrite("application/sdp",
	    "v=0\nc=IN IP6 2001:db8::10\nm=audio 4000 RTP/AVP 0\n", AF_INET,
	    "[2001:db8::10]", "call-0", "192.0.2.20", NULL);
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::10",
	    "c= already of the other family: untouched");
}

static void guarded(void);

static void
relay(void)
{
	struct rtp_conf rc;
	enum drop_reason r;
	const char *got;
	char m0[64], m2[64], b0[64];
	unsigned before;

	memset(&rc, 0, sizeof(rc));
	rc.port_min = 30000;
	rc.port_max = 30999;
	rc.idle_s = 60;
	rc.max_relays = 6;
	rc.fake = 1;
	if (!ok(rtp_init(&rc) == 0 && rtp_enabled(), "rtp_init in fake mode"))
		return;

	/* Offer: IPv4 phone -> its peer's stand-in 192.0.2.20 -> IPv6. */
	got = rewrite("application/sdp", offer4, AF_INET, "[2001:db8::10]",
	    "call-A", "192.0.2.20", &r);
	is_str(drop_name(r), "none", "offer: rewritten");
	is_int(rtp_active(), 2, "offer: one relay per non-zero m= line");
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::10",
	    "offer: session c= is the leaving address");
	is_str(line(got, "o=", 0), "alice 2890844526 2890844526 IN IP6 "
	    "2001:db8::10", "offer: o= translated");
	is_str(line(got, "m=", 0), "audio 30002 RTP/AVP 0 8 97",
	    "offer: m= port is the relay's IPv6 port");
	is_str(line(got, "a=rtcp:", 0), "30003",
	    "offer: a=rtcp is the relay port + 1");
	is_str(line(got, "m=", 1), "video 0 RTP/AVP 31",
	    "offer: port 0 stays 0");
	is_str(line(got, "c=", 1), "IN IP6 2001:db8::10",
	    "offer: the rejected stream's c= is translated too");
	is_str(line(got, "m=", 2), "audio 30006 RTP/AVP 0",
	    "offer: the held stream gets its own relay");
	is_str(line(got, "c=", 2), "IN IP6 ::", "offer: hold 0.0.0.0 -> ::");
	is_str(line(got, "a=rtcp:", 1), "30007 IN IP6 2001:db8::10",
	    "offer: a=rtcp with an address: port and address");
	ok(strstr(got, "a=candidate") == NULL && strstr(got, "a=ice-") == NULL
	    && strstr(got, "a=remote-candidates") == NULL &&
	    strstr(got, "a=end-of-candidates") == NULL,
	    "offer: ICE lines removed");
	ok(strstr(got, CRYPTO) != NULL && strstr(got, FPRINT) != NULL &&
	    strstr(got, ZRTP) != NULL,
	    "offer: crypto, fingerprint, zrtp-hash byte for byte");
	ok(strstr(got, "a=rtpmap:97 iLBC/8000\na=sendonly") == NULL &&
	    strstr(got, "a=rtpmap:97 iLBC/8000\n") != NULL &&
	    strstr(got, "a=sendonly\n") != NULL, "offer: other lines pass");
	snprintf(m0, sizeof(m0), "%s", line(got, "m=", 0));
	snprintf(m2, sizeof(m2), "%s", line(got, "m=", 2));

	/* Answer: IPv6 phone -> the stand-in [2001:db8::10] -> IPv4. */
	before = rtp_active();
	got = rewrite("application/sdp", answer6, AF_INET6, "192.0.2.20",
	    "call-A", "[2001:db8::10]", &r);
	is_str(drop_name(r), "none", "answer: rewritten");
	is_int(rtp_active(), before, "answer: no new relay");
	is_str(line(got, "m=", 0), "audio 30000 RTP/AVP 0",
	    "answer: the same relay's IPv4 port");
	is_str(line(got, "a=rtcp:", 0), "30001", "answer: its RTCP port");
	is_str(line(got, "m=", 2), "audio 30004 RTP/AVP 0",
	    "answer: the second stream's relay, by m-line index");
	is_str(line(got, "c=", 0), "IN IP4 192.0.2.20",
	    "answer: c= is the leaving IPv4 address");
	is_str(line(got, "o=", 0), "bob 1 1 IN IP4 192.0.2.20",
	    "answer: o= translated by the table");

	/* A re-INVITE: the same relay again. */
	got = rewrite("application/sdp", offer4, AF_INET, "[2001:db8::10]",
	    "call-A", "192.0.2.20", &r);
	is_str(line(got, "m=", 0), m0, "re-offer: same relay port (m0)");
	is_str(line(got, "m=", 2), m2, "re-offer: same relay port (m2)");
	is_int(rtp_active(), before, "re-offer: no new relay");

	/* Another Call-ID: another relay. */
	got = rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\n", AF_INET, "[2001:db8::10]", "call-B",
	    "192.0.2.20", &r);
	snprintf(b0, sizeof(b0), "%s", line(got, "m=", 0));
	ok(strcmp(b0, m0) != 0 && strncmp(b0, "audio 300", 9) == 0,
	    "another Call-ID: another relay port (%s)", b0);
	is_int(rtp_active(), before + 1, "another Call-ID: a new relay");

	/* The same call passing through other legs (other local
	 * addresses): an independent relay. */
	got = rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\n", AF_INET, "[2001:db8::1]", "call-A",
	    "192.0.2.1", &r);
	ok(strcmp(line(got, "m=", 0), m0) != 0,
	    "same Call-ID, other legs: another relay (%s)", line(got, "m=", 0));
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::1",
	    "same Call-ID, other legs: its own leaving address");
	is_int(rtp_active(), before + 2, "same Call-ID, other legs: counted");

	/* Full: max_relays is 6, 4 are taken; a call with three streams
	 * gets relays for two, then the table is full. The proxy then gives
	 * back what was made for that message (rtp_abort). */
	rtp_commit();
	got = rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\nm=audio 49172 RTP/AVP 0\n"
	    "m=audio 49174 RTP/AVP 0\n", AF_INET,
	    "[2001:db8::10]", "call-C", "192.0.2.20", &r);
	is_str(drop_name(r), drop_name(DROP_RELAY_FULL),
	    "relay table full: the SDP is refused");
	is_int(rtp_active(), 6, "relay table full: two relays made first");
	rtp_abort();
	is_int(rtp_active(), 4, "relay table full: rtp_abort gives those two "
	    "back, the others stay");
	got = rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\nm=audio 49172 RTP/AVP 0\n", AF_INET,
	    "[2001:db8::10]", "call-D", "192.0.2.20", &r);
	rtp_commit();
	rtp_abort();
	is_str(drop_name(r), "none", "after that a two-stream call fits");
	is_int(rtp_active(), 6, "... and rtp_abort after rtp_commit keeps it");
	got = rewrite("application/sdp", answer6, AF_INET6, "192.0.2.20",
	    "call-A", "[2001:db8::10]", &r);
	is_str(line(got, "m=", 0), "audio 30000 RTP/AVP 0",
	    "relay table full: an existing call still finds its relay");

	/* BYE: the call's relays end after a short linger; a sweep far in
	 * the future ends them all (no media ever came). */
	{
		struct addr l4 = A("192.0.2.20"), l6 = A("[2001:db8::10]");

		rtp_call_end(sl_make("call-A", 6), &l4, &l6);
	}
	rtp_sweep((uint64_t)RTP_NOMEDIA_S * 1000 + 10 * 1000 * 1000);
	is_int(rtp_active(), 0, "rtp_sweep: every relay ends in time");
	rtp_commit();
	guarded();
}

/* What a relay refuses (issue 8); the table is empty on entry. */
static void
guarded(void)
{
	static const char *const bad[] = {
		"192.0.2.20",		/* the stand-in the offer arrived at */
		"127.0.0.1", "127.3.2.1", "224.0.0.1", "239.1.2.3",
		"169.254.1.1", "255.255.255.255", "0.1.2.3",
	};
	static const char *const bad6[] = {
		"::1", "::ffff:198.51.100.10", "fe80::1", "ff02::1",
		"::198.51.100.10", "2001:db8::10",
	};
	char sdp[512];
	enum drop_reason r;
	const char *got;
	size_t i;

	for (i = 0; i < NELEM(bad); i++) {
		snprintf(sdp, sizeof(sdp), "v=0\nc=IN IP4 %s\n"
		    "m=audio 30000 RTP/AVP 0\n", bad[i]);
		(void)rewrite("application/sdp", sdp, AF_INET,
		    "[2001:db8::10]", "call-G", "192.0.2.20", &r);
		rtp_abort();
		ok(r == DROP_SDP_PEER && rtp_active() == 0,
		    "a peer of %s is refused (%s), no relay made", bad[i],
		    drop_name(r));
	}
	for (i = 0; i < NELEM(bad6); i++) {
		snprintf(sdp, sizeof(sdp), "v=0\nc=IN IP6 %s\n"
		    "m=audio 30000 RTP/AVP 0\n", bad6[i]);
		(void)rewrite("application/sdp", sdp, AF_INET6, "192.0.2.20",
		    "call-G", "[2001:db8::10]", &r);
		rtp_abort();
		ok(r == DROP_SDP_PEER && rtp_active() == 0,
		    "a peer of %s is refused (%s), no relay made", bad6[i],
		    drop_name(r));
	}

	/* OPTIONS, INFO, MESSAGE: translated, port 0, no relay. */
	method = "OPTIONS";
	got = rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\na=rtcp:49171\n", AF_INET,
	    "[2001:db8::10]", "call-O", "192.0.2.20", &r);
	rtp_commit();
	is_str(line(got, "m=", 0), "audio 0 RTP/AVP 0",
	    "OPTIONS: SDP translated with port 0");
	is_str(line(got, "c=", 0), "IN IP6 2001:db8::10",
	    "OPTIONS: c= the leaving address");
	is_str(line(got, "a=rtcp:", 0), "0", "OPTIONS: a=rtcp 0 too");
	is_int(rtp_active(), 0, "OPTIONS: no relay made");
	method = "INFO";
	(void)rewrite("application/sdp", "v=0\nc=IN IP4 198.51.100.10\n"
	    "m=audio 49170 RTP/AVP 0\n", AF_INET, "[2001:db8::10]", "call-O",
	    "192.0.2.20", &r);
	rtp_commit();
	is_int(rtp_active(), 0, "INFO: no relay made");
	method = "INVITE";

	/* More than RTP_MAXSTREAMS streams in one message: refused. */
	{
		char many[2048];
		size_t n = 0;

		n += (size_t)snprintf(many + n, sizeof(many) - n,
		    "v=0\nc=IN IP4 198.51.100.10\n");
		for (i = 0; i <= RTP_MAXSTREAMS; i++)
			n += (size_t)snprintf(many + n, sizeof(many) - n,
			    "m=audio %u RTP/AVP 0\n", 40000 + 2 * (unsigned)i);
		(void)rewrite("application/sdp", many, AF_INET,
		    "[2001:db8::10]", "call-M", "192.0.2.20", &r);
		rtp_abort();
		ok(r == DROP_SDP_STREAMS && rtp_active() == 0,
		    "%d streams in one message: refused (%s)",
		    RTP_MAXSTREAMS + 1, drop_name(r));
	}
}

void
test_sdp(void)
{
	if (build_world(&world, 0) != 0)
		return;
	norelay();
	relay();
	map_free(&world);
}
