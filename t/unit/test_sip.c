/*
 * test_sip.c - the SIP tokenizer. Every datagram is handed over in a heap
 * buffer of exactly its length, so that a read past its end is caught
 * when the suite runs under AddressSanitizer (make SAN=1).
 */
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "sip.h"
#include "unit.h"

#define HDRS(method) \
	"Via: SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bK776asdhds\n" \
	"Max-Forwards: 70\n" \
	"To: <sip:bob@192.0.2.20>\n" \
	"From: <sip:alice@198.51.100.10>;tag=1928301774\n" \
	"Call-ID: a84b4c76e66710@pc33.atlanta.example\n" \
	"CSeq: 314159 " method "\n"

#define REQ(method) method " sip:bob@192.0.2.20 SIP/2.0\n" HDRS(method)

static struct sip_msg m;

struct pcase {
	const char	*name;
	const char	*text;
	int		 lf;		/* keep bare LF line ends */
	enum drop_reason want;
	const char	*body;		/* expected body, NULL: not checked */
};

static const struct pcase pcases[] = {
	{ "request", REQ("INVITE") "Content-Length: 4\n\nbody",
	    0, DROP_NONE, "body" },
	{ "response", "SIP/2.0 180 Ringing\n" HDRS("INVITE")
	    "Content-Length: 0\n\n", 0, DROP_NONE, "" },
	{ "response, lenient spaces", "SIP/2.0  486  Busy Here\n"
	    HDRS("INVITE") "\n", 0, DROP_NONE, "" },
	{ "response without reason", "SIP/2.0 200\n" HDRS("INVITE") "\n",
	    0, DROP_NONE, "" },
	{ "request line: two SP after method",
	    "INVITE  sip:bob@192.0.2.20 SIP/2.0\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: two SP before version",
	    "INVITE sip:bob@192.0.2.20  SIP/2.0\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: trailing SP",
	    "INVITE sip:bob@192.0.2.20 SIP/2.0 \n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: a word after the version",
	    "INVITE sip:bob@192.0.2.20 SIP/2.0 x\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: SIP/7.0",
	    "INVITE sip:bob@192.0.2.20 SIP/7.0\n" HDRS("INVITE") "\n",
	    0, DROP_VERSION, NULL },
	{ "status line: SIP/7.0", "SIP/7.0 200 OK\n" HDRS("INVITE") "\n",
	    0, DROP_VERSION, NULL },
	{ "request line: no version",
	    "INVITE sip:bob@192.0.2.20\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: no URI scheme",
	    "INVITE bob SIP/2.0\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "request line: URI with <>",
	    "INVITE <sip:bob@x> SIP/2.0\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "status line: code 99", "SIP/2.0 099 Low\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "status line: code 700", "SIP/2.0 700 High\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "status line: four digits", "SIP/2.0 2000 OK\n" HDRS("INVITE")
	    "\n", 0, DROP_START_LINE, NULL },
	{ "status line: no code", "SIP/2.0\n" HDRS("INVITE") "\n",
	    0, DROP_START_LINE, NULL },
	{ "empty start line", "\n" HDRS("INVITE") "\n", 0, DROP_START_LINE,
	    NULL },
	{ "CSeq method differs", "INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    HDRS("ACK") "\n", 0, DROP_CSEQ, NULL },
	{ "CSeq without number", REQ("INVITE") "CSeq: INVITE\n\n", 0,
	    DROP_NONE, "" },	/* the first CSeq counts */
	{ "no Call-ID", "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "To: <sip:192.0.2.1>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "CSeq: 1 OPTIONS\n\n", 0, DROP_MISSING_HDR, NULL },
	{ "empty Call-ID", "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "To: <sip:192.0.2.1>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID:\nCSeq: 1 OPTIONS\n\n", 0, DROP_MISSING_HDR, NULL },
	{ "no Via", "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "To: <sip:192.0.2.1>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID: x\nCSeq: 1 OPTIONS\n\n", 0, DROP_MISSING_HDR, NULL },
	{ "header line without colon", REQ("INVITE") "Bogus\n\n", 0,
	    DROP_HEADER, NULL },
	{ "header name with a space inside", REQ("INVITE")
	    "X Y: z\n\n", 0, DROP_HEADER, NULL },
	{ "empty header name", REQ("INVITE") ": z\n\n", 0, DROP_HEADER,
	    NULL },
	{ "fold before any header", "INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    " continued\n" HDRS("INVITE") "\n", 0, DROP_HEADER, NULL },
	{ "Max-Forwards not a number", "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "Max-Forwards: seventy\n"
	    "To: <sip:192.0.2.1>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID: x\nCSeq: 1 OPTIONS\n\n", 0, DROP_MAXFWD, NULL },
	{ "Max-Forwards above 255", "OPTIONS sip:192.0.2.1 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "Max-Forwards: 256\n"
	    "To: <sip:192.0.2.1>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID: x\nCSeq: 1 OPTIONS\n\n", 0, DROP_MAXFWD, NULL },
	{ "Content-Length missing: body is the rest", REQ("INVITE")
	    "\nv=0\nxyz", 0, DROP_NONE, "v=0\r\nxyz" },
	{ "Content-Length larger than body", REQ("INVITE")
	    "Content-Length: 10\n\nbody", 0, DROP_SHORT_BODY, NULL },
	{ "Content-Length smaller: body cut", REQ("INVITE")
	    "Content-Length: 2\n\nbody", 0, DROP_NONE, "bo" },
	{ "Content-Length zero with trailing junk", REQ("INVITE")
	    "Content-Length: 0\n\njunk", 0, DROP_NONE, "" },
	{ "Content-Length negative", REQ("INVITE")
	    "Content-Length: -4\n\nbody", 0, DROP_CLEN, NULL },
	{ "Content-Length not numeric", REQ("INVITE")
	    "Content-Length: four\n\nbody", 0, DROP_CLEN, NULL },
	{ "Content-Length number and junk", REQ("INVITE")
	    "Content-Length: 4x\n\nbody", 0, DROP_CLEN, NULL },
	{ "Content-Length empty", REQ("INVITE")
	    "Content-Length:\n\nbody", 0, DROP_CLEN, NULL },
	{ "Content-Length twice, different", REQ("INVITE")
	    "Content-Length: 4\nContent-Length: 2\n\nbody", 0, DROP_CLEN,
	    NULL },
	{ "Content-Length twice, equal", REQ("INVITE")
	    "Content-Length: 4\nl: 4\n\nbody", 0, DROP_CLEN, NULL },
	{ "no empty line at the end", REQ("INVITE") "Content-Length: 0\n",
	    0, DROP_NONE, "" },
	{ "no line end at all after the last header", REQ("INVITE")
	    "Content-Length: 0", 0, DROP_NONE, "" },
	{ "LF-only line ends", REQ("INVITE") "Content-Length: 4\n\nbody",
	    1, DROP_NONE, "body" },
	{ "LF-only, body without Content-Length", REQ("INVITE")
	    "\nv=0\n", 1, DROP_NONE, "v=0\n" },
};

static void
parse_cases(void)
{
	const struct pcase *c;
	enum drop_reason r;
	size_t i, n;
	char *buf;

	for (i = 0; i < NELEM(pcases); i++) {
		c = &pcases[i];
		if (c->lf) {
			n = strlen(c->text);
			buf = heap_copy(c->text, n);
		} else
			buf = crlf(c->text, &n);
		r = sip_parse(buf, n, &m);
		is_str(drop_name(r), drop_name(c->want), "sip_parse: %s",
		    c->name);
		if (r == DROP_NONE && c->body != NULL)
			is_str(cstr(sl_make(buf + m.body_off, m.body_len)),
			    c->body, "sip_parse: %s: body", c->name);
		free(buf);
	}
}

/* The fields of a good request and a good response. */
static void
parse_fields(void)
{
	char *buf;
	size_t n;

	buf = crlf(REQ("INVITE") "Contact: <sip:alice@198.51.100.10>\n"
	    "Content-Length: 4\n\nbody", &n);
	if (ok(sip_parse(buf, n, &m) == DROP_NONE, "request parses")) {
		is_int(m.is_req, 1, "request: is_req");
		is_str(cstr(m.method), "INVITE", "request: method");
		is_str(cstr(m.ruri), "sip:bob@192.0.2.20", "request: R-URI");
		is_int((long long)m.start_len,
		    (long long)strlen("INVITE sip:bob@192.0.2.20 SIP/2.0\r\n"),
		    "request: start line length with CRLF");
		is_int((long long)m.nhdr, 8, "request: eight header fields");
		is_int(m.via, 0, "request: Via index");
		is_int(m.maxfwd, 1, "request: Max-Forwards index");
		is_int(m.cseq, 5, "request: CSeq index");
		is_int(m.clen, 7, "request: Content-Length index");
		is_int(m.cseq_num, 314159, "request: CSeq number");
		is_str(cstr(m.cseq_method), "INVITE", "request: CSeq method");
		is_int(m.hdr[6].id, H_CONTACT, "request: Contact known");
		is_str(cstr(m.hdr[4].value),
		    "a84b4c76e66710@pc33.atlanta.example", "request: Call-ID");
		is_int(m.has_empty_line, 1, "request: has the empty line");
		ok(m.hdr[1].off + m.hdr[1].len == m.hdr[2].off,
		    "request: one field ends where the next starts");
		is_str(cstr(sl_make(buf + m.hdr[1].off, m.hdr[1].len)),
		    "Max-Forwards: 70\r\n", "request: field with its CRLF");
		is_int((long long)(m.body_off + m.body_len), (long long)n,
		    "request: body ends the datagram");
	}
	free(buf);

	buf = crlf("SIP/2.0 183 Session Progress\n" HDRS("INVITE") "\n", &n);
	if (ok(sip_parse(buf, n, &m) == DROP_NONE, "response parses")) {
		is_int(m.is_req, 0, "response: is_req");
		is_int(m.code, 183, "response: code");
		is_int(m.maxfwd, 1, "response: Max-Forwards found too");
		is_int(m.clen, -1, "response: no Content-Length");
	}
	free(buf);
}

/* Compact forms, folding, white space before the colon. */
static void
parse_forms(void)
{
	static const struct {
		const char *name;
		enum hdr_id id;
	} compact[] = {
		{ "v", H_VIA }, { "i", H_CALLID }, { "l", H_CLEN },
		{ "m", H_CONTACT }, { "f", H_FROM }, { "t", H_TO },
		{ "c", H_CTYPE }, { "V", H_VIA }, { "k", H_OTHER },
		{ "s", H_OTHER }, { "e", H_OTHER },
	};
	char *buf, text[1024];
	size_t i, n;

	snprintf(text, sizeof(text), "INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    "v: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "f: <sip:alice@198.51.100.10>;tag=1\nt: <sip:bob@192.0.2.20>\n"
	    "i: c1@198.51.100.10\nCSeq: 1 INVITE\n"
	    "m: <sip:alice@198.51.100.10>\nc: application/sdp\nl: 3\n\nv=0");
	buf = crlf(text, &n);
	if (ok(sip_parse(buf, n, &m) == DROP_NONE,
	    "compact forms: request parses")) {
		is_int(m.via, 0, "compact v: is Via");
		is_int(m.from, 1, "compact f: is From");
		is_int(m.to, 2, "compact t: is To");
		is_int(m.callid, 3, "compact i: is Call-ID");
		is_int(m.hdr[5].id, H_CONTACT, "compact m: is Contact");
		is_int(m.ctype, 6, "compact c: is Content-Type");
		is_int(m.clen, 7, "compact l: is Content-Length");
		is_str(cstr(sl_make(buf + m.body_off, m.body_len)), "v=0",
		    "compact l: bounds the body");
	}
	free(buf);

	for (i = 0; i < NELEM(compact); i++) {
		snprintf(text, sizeof(text), REQ("INVITE") "%s: x\n\n",
		    compact[i].name);
		buf = crlf(text, &n);
		m.nhdr = 0;
		(void)sip_parse(buf, n, &m);
		ok(m.nhdr == 7 && m.hdr[6].id == compact[i].id,
		    "compact form %s: header id %d", compact[i].name,
		    compact[i].id);
		free(buf);
	}

	/* A Via folded onto the next line (RFC 3261 7.3.1). */
	buf = crlf("INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10:5060\n"
	    " ;branch=z9hG4bK776asdhds\n"
	    "\t;rport\n"
	    "Max-Forwards: 70\nTo: <sip:bob@192.0.2.20>\n"
	    "From: <sip:alice@198.51.100.10>;tag=1\nCall-ID: c1\n"
	    "CSeq: 1 INVITE\n\n", &n);
	if (ok(sip_parse(buf, n, &m) == DROP_NONE, "folded Via: parses")) {
		int found;

		is_int((long long)m.nhdr, 6, "folded Via: one field");
		is_str(cstr(m.hdr[0].value), "SIP/2.0/UDP 198.51.100.10:5060"
		    "\r\n ;branch=z9hG4bK776asdhds\r\n\t;rport",
		    "folded Via: value spans the folds");
		is_str(cstr(sl_make(buf + m.hdr[0].off, m.hdr[0].len)),
		    "Via: SIP/2.0/UDP 198.51.100.10:5060\r\n"
		    " ;branch=z9hG4bK776asdhds\r\n\t;rport\r\n",
		    "folded Via: the field takes all three lines");
		is_str(cstr(sip_param(m.hdr[0].value, "branch", &found)),
		    "z9hG4bK776asdhds", "folded Via: branch on a fold");
		(void)sip_param(m.hdr[0].value, "rport", &found);
		is_int(found, 1, "folded Via: rport on the second fold");
		is_int(m.maxfwd, 1, "folded Via: next field is Max-Forwards");
	}
	free(buf);

	/* "Via : ..." and "Via\t:": white space before the colon. */
	buf = crlf("INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via : SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "Max-Forwards\t: 70\nTo: <sip:bob@192.0.2.20>\n"
	    "From   :<sip:alice@198.51.100.10>;tag=1\nCall-ID: c1\n"
	    "CSeq: 1 INVITE\n\n", &n);
	if (ok(sip_parse(buf, n, &m) == DROP_NONE,
	    "space before colon: parses")) {
		is_str(cstr(m.hdr[0].name), "Via", "space before colon: name");
		is_int(m.hdr[0].id, H_VIA, "space before colon: Via known");
		is_str(cstr(m.hdr[0].value),
		    "SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1",
		    "space before colon: value");
		is_int(m.maxfwd, 1, "tab before colon: Max-Forwards known");
		is_str(cstr(m.hdr[3].value), "<sip:alice@198.51.100.10>;tag=1",
		    "no space after colon: value");
	}
	free(buf);
}

/* SIP_MAXHDR: exactly that many fields pass, one more does not. */
static void
parse_maxhdr(void)
{
	static char text[SIP_MAXHDR * 16 + 1024];
	size_t k, n, base = 6, len;
	char *buf;
	int extra;

	for (extra = 0; extra <= 1; extra++) {
		len = (size_t)snprintf(text, sizeof(text), "%s",
		    REQ("INVITE"));
		for (k = 0; k < SIP_MAXHDR - base + (size_t)extra; k++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "X-%zu: %zu\n", k, k);
		snprintf(text + len, sizeof(text) - len, "\n");
		buf = crlf(text, &n);
		is_str(drop_name(sip_parse(buf, n, &m)),
		    drop_name(extra ? DROP_TOO_MANY_HDRS : DROP_NONE),
		    "SIP_MAXHDR: %d header fields", SIP_MAXHDR + extra);
		if (!extra)
			is_int((long long)m.nhdr, SIP_MAXHDR,
			    "SIP_MAXHDR: all fields indexed");
		free(buf);
	}
}

/*
 * Every prefix of a message, each in a buffer of exactly its length: the
 * parser never reads past it (ASan) and what it returns lies inside it.
 */
static void
parse_prefixes(void)
{
	char *whole, *buf;
	size_t n, k, i, bad = 0, good = 0;

	whole = crlf(REQ("INVITE") "Contact: <sip:alice@[2001:db8::10]>\n"
	    " ;expires=60\nContent-Type: application/sdp\n"
	    "Content-Length: 13\n\nv=0\nc=IN IP4", &n);
	for (k = 0; k <= n; k++) {
		buf = heap_copy(whole, k);
		if (sip_parse(buf, k, &m) == DROP_NONE) {
			good++;
			if (m.body_off > k || m.body_len > k - m.body_off ||
			    m.hdr_end > k)
				bad++;
			for (i = 0; i < m.nhdr; i++)
				if (m.hdr[i].off + m.hdr[i].len > k ||
				    m.hdr[i].value.p + m.hdr[i].value.n >
				    buf + k)
					bad++;
		}
		free(buf);
	}
	ok(good > 0, "prefixes: the complete headers parse");
	is_int((long long)bad, 0,
	    "prefixes: every slice lies inside the datagram");
	free(whole);
}

static void
lists(void)
{
	static const struct {
		const char *name, *v, *first, *rest;
	} fv[] = {
		{ "plain", "<sip:a@x>, <sip:b@y>", "<sip:a@x>", " <sip:b@y>" },
		{ "comma in quotes", "\"Doe, John\" <sip:j@x>;tag=1, <sip:b@y>",
		    "\"Doe, John\" <sip:j@x>;tag=1", " <sip:b@y>" },
		{ "comma in <>", "<sip:a@x;p=1,2>, <sip:b@y>",
		    "<sip:a@x;p=1,2>", " <sip:b@y>" },
		{ "escaped quote", "\"a\\\", b\" <sip:a@x>,c",
		    "\"a\\\", b\" <sip:a@x>", "c" },
		{ "single", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1",
		    "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", "" },
		{ "Via list", "SIP/2.0/UDP a;branch=z9hG4bK1,SIP/2.0/UDP b",
		    "SIP/2.0/UDP a;branch=z9hG4bK1", "SIP/2.0/UDP b" },
		{ "empty", "", "", "" },
	};
	static const struct {
		const char *name, *v, *param;
		int found;
		const char *val;
	} pm[] = {
		{ "branch", "SIP/2.0/UDP h;branch=z9hG4bK1;rport;received=192.0.2.7",
		    "branch", 1, "z9hG4bK1" },
		{ "no value", "SIP/2.0/UDP h;branch=z9hG4bK1;rport;received=192.0.2.7",
		    "rport", 1, "" },
		{ "last", "SIP/2.0/UDP h;branch=z9hG4bK1;rport;received=192.0.2.7",
		    "received", 1, "192.0.2.7" },
		{ "case", "SIP/2.0/UDP h;BRANCH=z9hG4bKx", "branch", 1,
		    "z9hG4bKx" },
		{ "absent", "SIP/2.0/UDP h;branch=z9hG4bK1", "maddr", 0, "" },
		{ "prefix of a name", "SIP/2.0/UDP h;rportx=1", "rport", 0, "" },
		{ "spaces", "SIP/2.0/UDP h ; ttl = 16 ;x", "ttl", 1, "16" },
		{ "ends at >", "<sip:a@x;lr>;tag=9", "lr", 1, "" },
		{ "after <>", "<sip:a@x;lr>;tag=9", "tag", 1, "9" },
		{ "ends at comma", "SIP/2.0/UDP h;branch=z9hG4bKa,SIP/2.0/UDP i",
		    "branch", 1, "z9hG4bKa" },
		{ "bracketed value", "SIP/2.0/UDP h;received=[2001:db8::9]",
		    "received", 1, "[2001:db8::9]" },
	};
	static const struct {
		const char *name, *v, *uri;
	} uo[] = {
		{ "name-addr", "\"Bob\" <sip:bob@192.0.2.4>;tag=1",
		    "sip:bob@192.0.2.4" },
		{ "addr-spec", "sip:bob@192.0.2.4;tag=1", "sip:bob@192.0.2.4" },
		{ "< in quotes", "\"a<b\" <sip:c@d>", "sip:c@d" },
		{ "first of a list", "<sip:a@x;lr>, <sip:b@y>", "sip:a@x;lr" },
		{ "unclosed <", "<sip:a@x", NULL },
	};
	struct sl v, rest, r;
	size_t i;
	int found;

	for (i = 0; i < NELEM(fv); i++) {
		v = sl_make(fv[i].v, strlen(fv[i].v));
		r = sip_first_value(v, &rest);
		is_str(cstr(r), fv[i].first, "sip_first_value: %s: first",
		    fv[i].name);
		is_str(cstr(rest), fv[i].rest, "sip_first_value: %s: rest",
		    fv[i].name);
	}
	for (i = 0; i < NELEM(pm); i++) {
		v = sl_make(pm[i].v, strlen(pm[i].v));
		r = sip_param(v, pm[i].param, &found);
		is_int(found, pm[i].found, "sip_param: %s: found", pm[i].name);
		is_str(cstr(r), pm[i].val, "sip_param: %s: value", pm[i].name);
	}
	for (i = 0; i < NELEM(uo); i++) {
		v = sl_make(uo[i].v, strlen(uo[i].v));
		r = sip_uri_of(v);
		if (uo[i].uri == NULL)
			ok(r.p == NULL, "sip_uri_of: %s: none", uo[i].name);
		else
			is_str(cstr(r), uo[i].uri, "sip_uri_of: %s",
			    uo[i].name);
	}
}

static void
keepalives(void)
{
	static const struct {
		const char *name, *text;
		int ka;
	} ka[] = {
		{ "CRLF", "\r\n", 1 },
		{ "CRLFCRLF", "\r\n\r\n", 1 },
		{ "white space", "\r\n\r\n\r\n \t\r\n", 1 },
		{ "tiny junk", "jaK\n", 1 },
		{ "NUL bytes", "\0\0\0\0\0\0\0\0\0\0", 1 },
		{ "a request", "OPTIONS sip:192.0.2.1 SIP/2.0\r\n", 0 },
		{ "long junk", "xxxxxxxxxxxxxxxx", 0 },
	};
	size_t i, n;
	char *buf;

	for (i = 0; i < NELEM(ka); i++) {
		n = ka[i].text[0] == '\0' ? 10 : strlen(ka[i].text);
		buf = heap_copy(ka[i].text, n);
		is_int(sip_is_keepalive(buf, n), ka[i].ka,
		    "sip_is_keepalive: %s", ka[i].name);
		free(buf);
	}
}

/* RFC 3261 8.1.1.5, and the comment in check_fields(): "the number
 * below 2**31". */
static void
cseq_limit(void)
{
	char *buf;
	size_t n;

	buf = crlf("INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "To: <sip:bob@192.0.2.20>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID: c1\nCSeq: 2147483647 INVITE\n\n", &n);
	is_str(drop_name(sip_parse(buf, n, &m)), drop_name(DROP_NONE),
	    "CSeq 2**31-1 accepted");
	free(buf);
	buf = crlf("INVITE sip:bob@192.0.2.20 SIP/2.0\n"
	    "Via: SIP/2.0/UDP 198.51.100.10;branch=z9hG4bK1\n"
	    "To: <sip:bob@192.0.2.20>\nFrom: <sip:a@198.51.100.10>;tag=1\n"
	    "Call-ID: c1\nCSeq: 2147483648 INVITE\n\n", &n);
	is_str(drop_name(sip_parse(buf, n, &m)), drop_name(DROP_CSEQ),
	    "CSeq 2**31 refused (RFC 3261 8.1.1.5)");
	tap_todo = NULL;
	free(buf);
}

/*
 * A refused header line takes a slot of its own, nameless and opaque,
 * that holds this message's line: never the field of the message before
 * (here its Subject) that the slot held. The fields around it are read,
 * so that a 400 can be built (can_answer).
 */
static void
parse_stale(void)
{
	static const char *const bad[] = { "Bogus", "X Y: z", ": z",
	    "Subject: a\001b" };
	char *first, *buf, text[1024];
	size_t i, k, n, n1, in;

	first = crlf(REQ("INVITE") "Subject: from the first caller\n\n", &n1);
	for (i = 0; i < NELEM(bad); i++) {
		if (sip_parse(first, n1, &m) != DROP_NONE || m.nhdr != 7)
			ok(0, "stale slot: the first message parses");
		snprintf(text, sizeof(text), REQ("INVITE") "%s\n\n", bad[i]);
		buf = crlf(text, &n);
		is_str(drop_name(sip_parse(buf, n, &m)),
		    drop_name(DROP_HEADER), "stale slot: '%s' refused", bad[i]);
		is_int((long long)m.nhdr, 7,
		    "stale slot: '%s': nhdr counts the six fields and it",
		    bad[i]);
		ok(m.hdr[6].name.n == 0 && m.hdr[6].cls == HC_OPAQUE &&
		    m.can_answer, "stale slot: '%s': its slot is nameless "
		    "and opaque, and a 400 can be built", bad[i]);
		for (k = in = 0; k < m.nhdr; k++)
			in += m.hdr[k].value.p >= buf &&
			    m.hdr[k].value.p + m.hdr[k].value.n <= buf + n;
		is_int((long long)in, (long long)m.nhdr,
		    "stale slot: '%s': every counted field is this message's",
		    bad[i]);
		free(buf);
	}
	free(first);
}

/*
 * Control bytes (RFC 3261 25.1): HT, and the CRLF of a line end or fold,
 * anywhere; any other only as a quoted-pair in a quoted-string. In the
 * texts '|' stands for a NUL.
 */
static void
parse_ctl(void)
{
	static const struct {
		const char *name, *line;
		enum drop_reason want;
	} cc[] = {
		{ "NUL in a Via parameter",
		    "Via: SIP/2.0/UDP 198.51.100.9;x=a|;maddr=198.51.100.77",
		    DROP_HEADER },
		{ "NUL in a URI parameter",
		    "Contact: <sip:a@198.51.100.9;x=b|;maddr=198.51.100.78>",
		    DROP_HEADER },
		{ "NUL in a header value", "Subject: a|b", DROP_HEADER },
		{ "NUL at the end of a value", "X-A: b|", DROP_HEADER },
		{ "NUL in a header name", "X-|A: b", DROP_HEADER },
		{ "BEL in a header value", "X-A: b\ac", DROP_HEADER },
		{ "DEL in a header value", "X-A: b\177c", DROP_HEADER },
		{ "a lone CR", "X-A: b\rContact: <sip:a@198.51.100.79>",
		    DROP_HEADER },
		{ "a CR before the CRLF", "X-A: b\r", DROP_HEADER },
		{ "NUL on a fold", "X-A: b\n ;c=|", DROP_HEADER },
		{ "NUL in a quoted string, not escaped", "X-A: \"a|b\"",
		    DROP_HEADER },
		{ "NUL escaped outside a quoted string", "X-A: a\\|b",
		    DROP_HEADER },
		{ "NUL escaped in a comment (not quoted)", "Server: x (a\\|)",
		    DROP_HEADER },
		{ "NUL after a quoted string of another field",
		    "X-A: \"open\nX-B: a|", DROP_HEADER },
		{ "NUL escaped after an escaped quote",
		    "X-A: \"a\\\"\\|\"", DROP_NONE },
		{ "NUL after an escaped backslash: outside the quotes",
		    "X-A: \"a\\\\\"|", DROP_HEADER },
		{ "HT in a header value", "X-A: b\tc", DROP_NONE },
		{ "NUL, BEL, DEL escaped in a quoted string (RFC 4475 intmeth)",
		    "X-A: \"BEL:\\\a NUL:\\| DEL:\\\177\" <sip:a@x>", DROP_NONE },
		{ "NUL escaped in a quoted string on a fold",
		    "X-A: \"a\n b\\|\"", DROP_NONE },
		{ "UTF-8 in a header value", "X-A: \303\251t\303\251", DROP_NONE },
	};
	char *buf, text[1024];
	size_t i, k, n;

	for (i = 0; i < NELEM(cc); i++) {
		snprintf(text, sizeof(text), REQ("INVITE") "%s\n\n",
		    cc[i].line);
		buf = crlf(text, &n);
		for (k = 0; k < n; k++)
			if (buf[k] == '|')
				buf[k] = '\0';
		is_str(drop_name(sip_parse(buf, n, &m)), drop_name(cc[i].want),
		    "control bytes: %s", cc[i].name);
		free(buf);
	}
	/* the status line and the body are not header lines */
	buf = crlf("SIP/2.0 200 OK\n" HDRS("INVITE") "\nv=0|\001\n", &n);
	for (k = 0; k < n; k++)
		if (buf[k] == '|')
			buf[k] = '\0';
	is_str(drop_name(sip_parse(buf, n, &m)), drop_name(DROP_NONE),
	    "control bytes: NUL and SOH in a body");
	free(buf);
}

/*
 * Where a word ends, as sip_param and find.c read it: the value of
 * ;maddr= and whether find.c sees that parameter at all, in values with
 * a NUL (which sip_parse lets through in a quoted-pair only; '|' stands
 * for it) or a DQUOTE. A DQUOTE inside <> or in the middle of a word
 * opens no quoted string: find.c reads such a value as one element that
 * no translation can make right (nh 0, a literal: the invariant refuses
 * it), and sip_param stops there; where a word starts, a quoted string
 * as ever.
 */
static void
scanners(void)
{
	static const struct {
		const char *text;
		size_t vlen;		/* of sip_param's maddr value; 0: none */
		unsigned nh;		/* find.c's literals; 0: refused */
	} nc[] = {
		{ "SIP/2.0/UDP 198.51.100.9;x=a|;maddr=198.51.100.77", 13, 2 },
		{ "<sip:a@198.51.100.9;x=b|;maddr=198.51.100.78>", 13, 2 },
		{ "<sip:a@198.51.100.9;x=\"b\\|\";maddr=198.51.100.78>", 13, 0 },
		{ "<sip:a@198.51.100.9;x=b\"\\|\";maddr=198.51.100.78>", 0, 0 },
		{ "<sip:a@198.51.100.9;x=a\"b;maddr=198.51.100.77\">", 0, 0 },
		{ "sip:a@198.51.100.9;x=a\"b;maddr=198.51.100.77\"", 0, 0 },
		{ "SIP/2.0/UDP 198.51.100.9;x=a\"b;maddr=198.51.100.77\"", 0, 0 },
		{ "<sip:a@198.51.100.9;x=\"b;maddr=198.51.100.77\">", 0, 0 },
		{ "<sip:a@198.51.100.9>;x=a\"b, <sip:c@198.51.100.77>\"", 0, 0 },
		{ "\"Bob\"<sip:a@198.51.100.9;maddr=198.51.100.77>", 13, 2 },
		{ "<sip:a@198.51.100.9>;x=\"q;maddr=1.2.3.4\";maddr=198.51.100.77",
		    13, 1 },
	};
	struct elem e;
	struct sl v;
	size_t i, k, n, pos;
	char *buf;
	int found;

	for (i = 0; i < NELEM(nc); i++) {
		n = strlen(nc[i].text);
		buf = heap_copy(nc[i].text, n);
		for (k = 0; k < n; k++)
			if (buf[k] == '|')
				buf[k] = '\0';
		v = sip_param(sl_make(buf, n), "maddr", &found);
		ok(nc[i].vlen ? found && v.n == nc[i].vlen : !found,
		    "scanners: sip_param %s '%s' (%zu bytes)", nc[i].vlen ?
		    "reads maddr= of" : "finds no maddr= in", nc[i].text, v.n);
		pos = 0;
		ok(find_next(buf, n, &pos, 0, &e) && e.nh == nc[i].nh &&
		    (nc[i].nh > 0 || e.nlit > e.nh),
		    "scanners: find_next reads %u literals in '%s'%s",
		    nc[i].nh, nc[i].text, nc[i].nh > 0 ? "" : " (refused)");
		free(buf);
	}
}

static enum sip_frame
frame_str(const char *p, size_t max)
{
	size_t len;

	return sip_frame(p, strlen(p), max, &len);
}

/* Framing over TCP (RFC 3261 18.3): what sip_frame says of a stream. */
#define FIRST	"OPTIONS sip:a SIP/2.0\r\nl: 3\r\n\r\nabc"
static void
framing(void)
{
	static const char two[] = FIRST
	    "OPTIONS sip:b SIP/2.0\r\nContent-Length: 0\r\n\r\n";
	static const char nocl[] = "ACK sip:a SIP/2.0\nVia: x\n\nrest";
	char big[300];
	size_t len = 0, n1 = sizeof(FIRST) - 1, k;
	int whole = 1;

	ok(sip_frame(two, sizeof(two) - 1, 65536, &len) == SIP_FRAME_MSG &&
	    len == n1, "frame: the first of two messages, by compact l:");
	ok(sip_frame(two + n1, sizeof(two) - 1 - n1, 65536, &len) ==
	    SIP_FRAME_MSG && len == sizeof(two) - 1 - n1,
	    "frame: then the second");
	for (k = 1; k < n1; k++)
		if (sip_frame(two, k, 65536, &len) != SIP_FRAME_MORE)
			whole = 0;
	ok(whole, "frame: every cut of a message short of its end: more");
	ok(sip_frame(nocl, sizeof(nocl) - 1, 65536, &len) == SIP_FRAME_MSG &&
	    len == sizeof(nocl) - 1 - 4,
	    "frame: no Content-Length, LF line ends: no body");
	ok(sip_frame("\r\n\r\nOPT", 7, 65536, &len) == SIP_FRAME_PING &&
	    len == 4, "frame: CRLFCRLF is a keep-alive");
	ok(sip_frame("\r\n\r", 3, 65536, &len) == SIP_FRAME_MORE,
	    "frame: part of a CRLFCRLF: more");
	ok(sip_frame("\r\nOPTIONS", 9, 65536, &len) == SIP_FRAME_SKIP &&
	    len == 2, "frame: one CRLF before a message is skipped");
	ok(frame_str("A sip:a SIP/2.0\r\nl: 1x\r\n\r\nx", 65536) ==
	    SIP_FRAME_BAD, "frame: Content-Length not a number: bad");
	ok(frame_str("A sip:a SIP/2.0\r\nl: 1\r\nl: 2\r\n\r\nab", 65536) ==
	    SIP_FRAME_BAD, "frame: two Content-Lengths that differ: bad");
	memset(big, 'a', sizeof(big));
	memcpy(big, "A sip:a SIP/2.0\r\nX: ", 21);
	ok(sip_frame(big, sizeof(big), 256, &len) == SIP_FRAME_BAD,
	    "frame: no end within the limit: bad");
	ok(sip_frame(big, 200, 256, &len) == SIP_FRAME_MORE,
	    "frame: no end yet, within the limit: more");
	ok(frame_str("A sip:a SIP/2.0\r\nl: 999\r\n\r\n", 256) ==
	    SIP_FRAME_BAD, "frame: a body announced past the limit: bad");
}

void
test_sip(void)
{
	parse_cases();
	parse_fields();
	parse_forms();
	parse_maxhdr();
	parse_stale();
	parse_ctl();
	scanners();
	parse_prefixes();
	lists();
	keepalives();
	cseq_limit();
	framing();
}
