/*
 * sdp.c - SDP (RFC 4566) on its way from family F to family G, and the
 * bodies that hold it. Addresses stand in three places only: c=, o= and
 * a=rtcp (RFC 3605); every other line passes byte for byte. Two passes
 * over the lines: the first notes where the addresses and ports of the
 * session and of each m= line are, the second records the edits. Every
 * media stream with a non-zero port is given to the relay, which answers
 * with its port on the leaving address; c= becomes that address, m= and
 * a=rtcp its ports. ICE lines go (every path is the relay). Placeholders
 * (0.0.0.0, ::) become the other family's placeholder. A body that is not
 * SDP, and every part of a multipart body that is not, passes untouched.
 */
#include <string.h>

#include "obuf.h"
#include "rtp.h"
#include "sdp.h"
#include "sip.h"

#define SDP_MAXMEDIA	32
#define MULTIPART_DEPTH	4

struct conn {
	int		present;
	int		ours;		/* IN IP4/IP6 of family F, a literal */
	int		unspec;		/* 0.0.0.0 or :: (placeholder, hold) */
	size_t		off;		/* addrtype ... */
	size_t		end;		/* ... through the address and /ttl */
	struct addr	a;
};

struct media {
	size_t		port_off, port_len;
	uint32_t	port;
	struct conn	c;
	size_t		rtcp_off, rtcp_len;	/* a=rtcp's port; len 0: no port */
	uint32_t	rtcp_port;
	struct conn	rtcp_c;
	int		held;
};

struct sdp {
	struct media	sess;		/* the session part: its c=, its hold */
	struct media	med[SDP_MAXMEDIA];
	size_t		nmed;
};

/* The next line of base[*pos, end): its text without the line end;
 * *pos moves past the line end. 0 at the end. */
static int
next_line(const char *base, size_t end, size_t *pos, struct sl *line)
{
	size_t start = *pos, e;

	if (start >= end)
		return 0;
	e = sl_line_end(base, end, start, pos);
	*line = sl_make(base + start, e - start);
	if (e == end && line->n > 0 && line->p[line->n - 1] == '\r')
		line->n--;	/* the last line, with no LF */
	return 1;
}

static int
line_is(struct sl l, const char *z)
{
	return sl_prefix_ci(l, z);
}

/*
 * A line that is not SDP (RFC 4566 5): anything but one lower-case type
 * letter and "=" at its start. A lenient receiver could read "C=" or
 * " c=" as c=, so the translation refuses such a body and the invariant
 * reads it as holding an address. An empty line is let by.
 */
static int
bad_line(struct sl l)
{
	return l.n > 0 && (l.n < 2 || l.p[1] != '=' || l.p[0] < 'a' ||
	    l.p[0] > 'z');
}

/*
 * "<nettype> <addrtype> <address>" at the end of a line (c=, o=, a=rtcp):
 * the last two tokens, when the addrtype is IP4 or IP6.
 */
static void
parse_conn(const char *base, struct sl line, int from, struct conn *c)
{
	size_t e = line.n, ae, ts, as;
	struct sl atype, addr, ip;
	const char *slash;
	int af;

	memset(c, 0, sizeof(*c));
	while (e > 0 && line.p[e - 1] == ' ')
		e--;
	as = e;
	while (as > 0 && line.p[as - 1] != ' ')
		as--;
	if (as == 0)
		return;
	ts = as - 1;
	while (ts > 0 && line.p[ts - 1] != ' ')
		ts--;
	atype = sl_make(line.p + ts, as - 1 - ts);
	addr = sl_make(line.p + as, e - as);
	if (sl_eq_ci(atype, "IP4"))
		af = AF_INET;
	else if (sl_eq_ci(atype, "IP6"))
		af = AF_INET6;
	else
		return;
	c->present = 1;
	if (af != from)
		return;		/* already the other family's */
	ae = addr.n;
	slash = memchr(addr.p, '/', addr.n);
	if (slash != NULL)
		ae = (size_t)(slash - addr.p);
	ip = sl_make(addr.p, ae);
	if (ip.n > 2 && ip.p[0] == '[' && ip.p[ip.n - 1] == ']') {
		/* not SDP (RFC 4566), but some stacks write it */
		ip.p++;
		ip.n -= 2;
	}
	if (addr_parse_ip(ip, &c->a) != 0 || addr_af(&c->a) != from)
		return;
	c->ours = 1;
	c->unspec = addr_is_unspec(&c->a);
	c->off = (size_t)(atype.p - base);
	c->end = (size_t)(addr.p + addr.n - base);
}

static int
is_ice(struct sl l)
{
	return line_is(l, "a=candidate:") || line_is(l, "a=ice-") ||
	    line_is(l, "a=remote-candidates:") ||
	    line_is(l, "a=end-of-candidates");
}

static int
is_held_dir(struct sl l)
{
	return line_is(l, "a=inactive") || line_is(l, "a=sendonly") ||
	    line_is(l, "a=recvonly");
}

/* The decimal number at the start of s: its length in *len, its value
 * in *v (0 when it passes 65535). 0, or -1 when it is no port. */
static int
number(struct sl s, size_t *len, uint32_t *v)
{
	size_t k = 0;

	while (k < s.n && sl_isdigit((unsigned char)s.p[k]))
		k++;
	*len = k;
	*v = 0;
	return sl_u32(sl_make(s.p, k), 65535, v);
}

/* m=<media> <port>...: its stream, or NULL for no valid m= line. */
static struct media *
note_media(struct sdp *d, const char *base, struct sl line)
{
	struct media *m;
	struct sl tok;

	if (d->nmed >= SDP_MAXMEDIA)
		return NULL;
	m = &d->med[d->nmed];
	tok = sl_make(line.p + 2, line.n - 2);
	(void)sl_token(&tok);		/* media */
	if (tok.n == 0 || tok.p[0] != ' ')
		return NULL;
	tok.p++;
	tok.n--;
	if (number(tok, &m->port_len, &m->port) != 0)
		return NULL;
	m->port_off = (size_t)(tok.p - base);
	d->nmed++;
	return m;
}

/* a=rtcp:<port> [<nettype> <addrtype> <address>] of an m= line. */
static void
note_rtcp(struct media *m, const char *base, struct sl line, int from)
{
	struct sl tok = sl_make(line.p + 7, line.n - 7);

	m->rtcp_off = (size_t)(tok.p - base);
	(void)number(tok, &m->rtcp_len, &m->rtcp_port);
	parse_conn(base, line, from, &m->rtcp_c);
}

/* An a= line of part m, at base[loff, lnext). */
static void
note_attr(struct xlate *x, struct sdp *d, struct media *m, struct sl line,
    size_t loff, size_t lnext)
{
	if (is_ice(line))
		ed_add(x->ed, loff, lnext - loff, NULL, 0);
	else if (is_held_dir(line))
		m->held = 1;
	else if (line_is(line, "a=rtcp:") && m != &d->sess)
		note_rtcp(m, x->base, line, x->from);
}

/*
 * A c=, o= or a=rtcp address of family F: the relay's address, or
 * without a relay (and always at o=) what xlate_sdp_addr gives. "IP4
 * a.b.c.d" becomes "IP6 x" (or back); a placeholder stays one.
 */
static void
sdp_conn(struct xlate *x, const struct conn *c, int relay)
{
	char tmp[4 + ADDR_STRLEN];
	struct addr to = x->leave;
	int af;

	if (!c->ours)
		return;
	if (!relay)
		xlate_sdp_addr(x, &c->a, &to);
	af = addr_af(&to);
	if (c->unspec) {	/* 0.0.0.0 or :: */
		memset(&to, 0, sizeof(to));
		to.u.sa.sa_family = (sa_family_t)af;
	}
	memcpy(tmp, "IP4 ", 4);
	if (af == AF_INET6)
		tmp[2] = '6';
	ed_add(x->ed, c->off, c->end - c->off, tmp,
	    4 + addr_fmt(&to, tmp + 4, sizeof(tmp) - 4, 0, 0));
}

/* Pass 1: where the addresses and ports are; ICE lines go; o= now. */
static enum drop_reason
sdp_scan(struct xlate *x, size_t off, size_t len, struct sdp *d)
{
	struct media *m = &d->sess;	/* the part the line is in */
	struct conn o;
	struct sl line;
	size_t pos = off, loff;

	memset(d, 0, sizeof(*d));
	for (loff = pos; next_line(x->base, off + len, &pos, &line);
	    loff = pos) {
		if (bad_line(line))
			return DROP_SDP;
		switch (line.n > 0 ? line.p[0] : 0) {
		case 'o':
			parse_conn(x->base, line, x->from, &o);
			sdp_conn(x, &o, 0);
			break;
		case 'c':
			parse_conn(x->base, line, x->from, &m->c);
			break;
		case 'm':
			if ((m = note_media(d, x->base, line)) == NULL)
				return DROP_SDP;
			break;
		case 'a':
			note_attr(x, d, m, line, loff, pos);
			break;
		}
	}
	return DROP_NONE;
}

/*
 * Relays are made and re-armed by the offers and answers of INVITE (and
 * its 1xx and 2xx), ACK, PRACK and UPDATE (and their 2xx) only; never
 * by OPTIONS, INFO, MESSAGE, NOTIFY or a failure response.
 */
static int
may_relay(const struct sdp_call *call)
{
	struct sl m = call->method;

	if (call->src == NULL || call->code >= 300 ||
	    (call->code != 0 && call->code < 100))
		return 0;
	return sl_eq_ci(m, "INVITE") || sl_eq_ci(m, "UPDATE") ||
	    sl_eq_ci(m, "PRACK") || (call->code == 0 && sl_eq_ci(m, "ACK"));
}

static enum drop_reason
relay_result(enum rtp_result rr)
{
	switch (rr) {
	case RTP_OK:
		return DROP_NONE;
	case RTP_PEER:
		return DROP_SDP_PEER;
	case RTP_REARM:
		return DROP_SDP_REARM;
	case RTP_HOSTMAX:
		return DROP_HOST_RELAYS;
	default:
		return DROP_RELAY_FULL;
	}
}

/* The c= of stream m: its own, or the session's. */
static const struct conn *
conn_of(const struct sdp *d, const struct media *m)
{
	return m->c.present ? &m->c : &d->sess.c;
}

/* SPEC 4: only our family's streams are relayed; port 0 stays 0. */
static int
relayed(const struct sdp *d, const struct media *m)
{
	return m->port != 0 && conn_of(d, m)->ours;
}

/* The relay of one stream; its port on the leaving side in *port. */
static enum drop_reason
relay_offer(struct xlate *x, const struct sdp *d, unsigned i,
    const struct sdp_call *call, uint16_t *port)
{
	const struct media *m = &d->med[i];
	const struct conn *c = conn_of(d, m);
	struct addr peer = c->a;
	struct rtp_offer o = {
		.callid = call->callid,
		.idx = call->mbase + i,
		.local_in = call->local_in,
		.local_out = &x->leave,
		.peer = &peer,
		.rtcp = (uint16_t)m->rtcp_port,
		.held = d->sess.held || m->held || c->unspec,
		.sig = call->src,
		.sig_known = call->src_known,
	};

	addr_set_port(&peer, (uint16_t)m->port);
	return relay_result(rtp_stream(&o, port));
}

/*
 * One m= line through the relay: its port, a=rtcp's port. In a message
 * that makes no relay, port 0 (the addresses are the leaving address
 * all the same: nothing of family F gets through).
 */
static enum drop_reason
sdp_relay(struct xlate *x, const struct sdp *d, unsigned i,
    struct sdp_call *call)
{
	const struct media *m = &d->med[i];
	uint16_t port_out = 0;
	enum drop_reason r;

	if (!relayed(d, m))
		return DROP_NONE;
	if (!may_relay(call))
		stats.sdp_norelay++;
	else if ((r = relay_offer(x, d, i, call, &port_out)) != DROP_NONE)
		return r;
	ed_addu(x->ed, m->port_off, m->port_len, port_out);
	/* a=rtcp:9 IN IP4 0.0.0.0 (ICE, rtcp-mux) stays a placeholder */
	if (m->rtcp_len > 0 && !m->rtcp_c.unspec)
		ed_addu(x->ed, m->rtcp_off, m->rtcp_len, port_out == 0 ? 0u :
		    (unsigned)port_out + 1);
	return DROP_NONE;
}

/* RTP_MAXSTREAMS for all the SDP parts of a message together. */
static int
too_many_streams(const struct sdp *d, struct sdp_call *call)
{
	size_t i;

	for (i = 0; i < d->nmed; i++)
		if (relayed(d, &d->med[i]))
			call->nstreams++;
	return call->nstreams > RTP_MAXSTREAMS;
}

/* One SDP at base[off, off+len): its edits, its relays. */
static enum drop_reason
sdp_rewrite(struct xlate *x, size_t off, size_t len, struct sdp_call *call)
{
	static struct sdp d;
	int relay = rtp_enabled();
	enum drop_reason r;
	unsigned i;

	r = sdp_scan(x, off, len, &d);
	if (r != DROP_NONE)
		return r;
	if (relay && too_many_streams(&d, call))
		return DROP_SDP_STREAMS;
	sdp_conn(x, &d.sess.c, relay);
	for (i = 0; i < d.nmed; i++) {
		sdp_conn(x, &d.med[i].c, relay);
		sdp_conn(x, &d.med[i].rtcp_c, relay);
		if (relay && (r = sdp_relay(x, &d, i, call)) != DROP_NONE)
			return r;
	}
	call->mbase += (unsigned)d.nmed;
	return x->ed->overflow ? DROP_TOO_COMPLEX : DROP_NONE;
}

/* Is there an address of family af at c=, o= or a=rtcp, or a line
 * that is not SDP? */
static int
sdp_has(const char *base, size_t off, size_t len, int af)
{
	struct sl line;
	struct conn c;
	size_t pos = off;

	while (next_line(base, off + len, &pos, &line)) {
		if (bad_line(line))
			return 1;
		if (line.n == 0 || !(line.p[0] == 'c' || line.p[0] == 'o' ||
		    line_is(line, "a=rtcp:")))
			continue;
		parse_conn(base, line, af, &c);
		if (c.ours)
			return 1;
	}
	return 0;
}

/* Content-Type (trimmed) application/sdp, with or without parameters. */
static int
is_sdp_type(struct sl ct)
{
	return sl_prefix_ci(ct, "application/sdp") &&
	    (ct.n == 15 || ct.p[15] == ';' || sl_islws((unsigned char)ct.p[15]));
}

/* A body part: offsets into the datagram; its own Content-Type. */
struct part {
	size_t		off, len;	/* content, after the part's headers */
	struct sl	ctype;
};

/* The part's headers, up to an empty line: its Content-Type. */
static void
part_headers(const char *base, size_t start, size_t pe, struct part *pt)
{
	struct sl line;
	size_t pos = start;

	pt->ctype = sl_make(NULL, 0);
	while (next_line(base, pe, &pos, &line) && line.n > 0)
		if (sl_prefix_ci(line, "content-type:"))
			pt->ctype = sl_make(line.p + 13, line.n - 13);
	pt->off = pos;
	pt->len = pe - pos;
}

/* The boundary of a multipart body, unquoted, at most 70 characters
 * (RFC 2046); -1 when there is none. */
static int
multipart_boundary(struct sl ctype, struct sl *b)
{
	const char *e;
	int found;

	*b = sip_param(ctype, "boundary", &found);
	if (found && b->n > 0 && b->p[0] == '"') {
		e = memchr(b->p + 1, '"', b->n - 1);
		*b = sl_make(b->p + 1, e == NULL ? b->n - 1 :
		    (size_t)(e - b->p - 1));
	}
	return found && b->n > 0 && b->n <= 70 ? 0 : -1;
}

/* A walk over the SDPs of a body: rewriting them (x), or looking in them
 * for an address of family af (x NULL). */
struct walk {
	const char	*base;
	struct xlate	*x;
	struct sdp_call	*call;
	int		 af;
};

static enum drop_reason
one_sdp(const struct walk *w, size_t off, size_t len)
{
	if (w->x != NULL)
		return sdp_rewrite(w->x, off, len, w->call);
	return sdp_has(w->base, off, len, w->af) ? DROP_INVARIANT : DROP_NONE;
}

static enum drop_reason walk(const struct walk *, struct sl, size_t, size_t,
    unsigned);

/*
 * Each part of a multipart body (RFC 2046), as a body of its own: what
 * lies between two delimiter lines, but for the line end before the
 * second, which belongs to the delimiter.
 */
static enum drop_reason
walk_multipart(const struct walk *w, struct sl ctype, size_t off, size_t len,
    unsigned depth)
{
	const char *base = w->base;
	struct sl b, line;
	struct part pt;
	size_t pos = off, start = 0, pe;	/* 0: before the first */
	enum drop_reason r;

	if (multipart_boundary(ctype, &b) != 0)
		return DROP_NONE;
	while (next_line(base, off + len, &pos, &line)) {
		/* a delimiter line: "--" and the boundary */
		if (line.n < b.n + 2 || memcmp(line.p, "--", 2) != 0 ||
		    memcmp(line.p + 2, b.p, b.n) != 0)
			continue;
		if (start != 0) {
			pe = (size_t)(line.p - base);
			if (pe > start && base[pe - 1] == '\n')
				pe--;
			if (pe > start && base[pe - 1] == '\r')
				pe--;
			part_headers(base, start, pe, &pt);
			r = walk(w, pt.ctype, pt.off, pt.len, depth + 1);
			if (r != DROP_NONE)
				return r;
		}
		if (line.n >= b.n + 4 && memcmp(line.p + b.n + 2, "--", 2) == 0)
			break;		/* close delimiter */
		start = pos;
	}
	return DROP_NONE;
}

/* Every SDP in a body of the given Content-Type. */
static enum drop_reason
walk(const struct walk *w, struct sl ctype, size_t off, size_t len,
    unsigned depth)
{
	if (len == 0)
		return DROP_NONE;
	ctype = sl_trim(ctype);
	if (is_sdp_type(ctype))
		return one_sdp(w, off, len);
	if (sl_prefix_ci(ctype, "multipart/") &&
	    depth < MULTIPART_DEPTH)
		return walk_multipart(w, ctype, off, len, depth);
	return DROP_NONE;	/* not SDP: byte for byte */
}

/* A body of the given Content-Type at off (relative to the datagram). */
enum drop_reason
body_rewrite(struct xlate *x, struct sl ctype, size_t off, size_t len,
    struct sdp_call *call)
{
	struct walk w = { x->base, x, call, 0 };

	return walk(&w, ctype, off, len, 0);
}

/* The invariant on a body: an address of family af in any SDP of it? */
int
body_has_family(const char *base, struct sl ctype, size_t off, size_t len,
    int af)
{
	struct walk w = { base, NULL, NULL, af };

	return walk(&w, ctype, off, len, 0) != DROP_NONE;
}
