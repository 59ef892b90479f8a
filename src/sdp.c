/*
 * sdp.c - SDP (RFC 4566) on its way from family F to family G, and the
 * bodies that hold it. Two passes over the lines: the first notes where
 * the addresses and ports of the session and of each m= line are, the
 * second records the edits. Every media stream with a non-zero port is
 * given to the relay, which answers with its port on the leaving
 * address; c= becomes that address, m= and a=rtcp its ports. ICE lines
 * go (every path is the relay). Any other line passes, but for a stray
 * address literal, which is exchanged so that the family invariant
 * holds. Payloads, crypto and fingerprints are not looked at.
 */
#include <string.h>

#include "obuf.h"
#include "rtp.h"
#include "sdp.h"
#include "sip.h"

#define SDP_MAXMEDIA	32

struct conn {
	int		present;
	int		ours;		/* IN IP4/IP6 of family F, a literal */
	int		unspec;		/* 0.0.0.0 or :: (RFC 2543 hold) */
	size_t		off;		/* addrtype ... */
	size_t		end;		/* ... through the address and /ttl */
	struct addr	a;
};

struct media {
	size_t		port_off, port_len;
	uint32_t	port;
	struct conn	c;
	int		rtcp;		/* a=rtcp present */
	size_t		rtcp_off, rtcp_len;
	uint32_t	rtcp_port;
	struct conn	rtcp_c;
	int		held;
};

static int
line_is(struct sl l, const char *z)
{
	return sl_prefix_ci(l, z);
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
	if (!sl_eq_ci(atype, "IP4") && !sl_eq_ci(atype, "IP6"))
		return;
	c->present = 1;
	if (sl_eq_ci(atype, from == AF_INET ? "IP6" : "IP4"))
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

/* Replace "IP4 a.b.c.d" by "IP6 x" (or back). */
static void
put_conn(struct xlate *x, const struct conn *c, const struct addr *to)
{
	char tmp[96], ip[ADDR_STRLEN];
	struct obuf ob;

	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, addr_af(to) == AF_INET6 ? "IP6 " : "IP4 ");
	if (c->unspec)
		ob_puts(&ob, addr_af(to) == AF_INET6 ? "::" : "0.0.0.0");
	else {
		addr_fmt(to, ip, sizeof(ip), 0, 0);
		ob_puts(&ob, ip);
	}
	ed_addob(x->ed, c->off, c->end - c->off, &ob);
}

static void
put_port(struct xlate *x, size_t off, size_t len, unsigned port)
{
	char tmp[8];
	struct obuf ob;

	ob_init(&ob, tmp, sizeof(tmp));
	ob_putu(&ob, port);
	ed_addob(x->ed, off, len, &ob);
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

/*
 * One stream of our family with a non-zero port: its relay's port, or,
 * in a message that makes no relay, port 0 (the addresses are the
 * leaving address all the same: nothing of family F gets through).
 */
static enum drop_reason
relay_stream(struct xlate *x, const struct media *m, const struct conn *c,
    int held, unsigned idx, const struct sdp_call *call)
{
	struct rtp_offer o;
	struct addr peer;
	uint16_t port_out = 0;
	enum drop_reason r;

	if (!may_relay(call))
		stats.sdp_norelay++;
	else {
		peer = c->a;
		addr_set_port(&peer, (uint16_t)m->port);
		memset(&o, 0, sizeof(o));
		o.callid = call->callid;
		o.idx = idx;
		o.local_in = call->local_in;
		o.local_out = &x->leave;
		o.peer = &peer;
		o.rtcp = (uint16_t)m->rtcp_port;
		o.held = held;
		o.sig = call->src;
		o.sig_known = call->src_known;
		r = relay_result(rtp_stream(&o, &port_out));
		if (r != DROP_NONE)
			return r;
	}
	put_port(x, m->port_off, m->port_len, port_out);
	if (m->rtcp && m->rtcp_len > 0)
		put_port(x, m->rtcp_off, m->rtcp_len,
		    port_out == 0 ? 0u : (unsigned)port_out + 1);
	return DROP_NONE;
}

/* RTP_MAXSTREAMS for all the SDP parts of a message together. */
static int
too_many_streams(const struct media *med, size_t nmed,
    const struct conn *sess_c, struct sdp_call *call)
{
	size_t i;

	for (i = 0; i < nmed; i++)
		if (med[i].port != 0 &&
		    (med[i].c.present ? &med[i].c : sess_c)->ours)
			call->nstreams++;
	return call->nstreams > RTP_MAXSTREAMS;
}

enum drop_reason
sdp_rewrite(struct xlate *x, size_t off, size_t len, struct sdp_call *call)
{
	const char *base = x->base, *p = base + off, *nl;
	struct media med[SDP_MAXMEDIA];
	struct conn sess_c, o_c;
	struct sl line, tok;
	size_t pos, next, e, nmed = 0, i, k;
	int sess_held = 0, relay = rtp_enabled();
	struct addr to;
	enum drop_reason rr;

	memset(&sess_c, 0, sizeof(sess_c));
	memset(&o_c, 0, sizeof(o_c));
	memset(med, 0, sizeof(med));

	/* Pass 1: where things are. Pass 2 runs in the same loop for the
	 * lines that need no knowledge of later lines. */
	for (pos = 0; pos < len; pos = next) {
		nl = memchr(p + pos, '\n', len - pos);
		next = nl == NULL ? len : (size_t)(nl - p) + 1;
		e = nl == NULL ? len : (size_t)(nl - p);
		if (e > pos && p[e - 1] == '\r')
			e--;
		line = sl_make(p + pos, e - pos);
		if (line.n < 2 || line.p[1] != '=') {
			xlate_span(x, off + pos, line.n, XF_NOPARAM);
			continue;
		}
		switch (line.p[0]) {
		case 'o':
			parse_conn(base, line, x->from, &o_c);
			if (o_c.ours) {
				xlate_sdp_addr(x, &o_c.a, &to);
				put_conn(x, &o_c, &to);
				/* the user name may be a literal too */
				xlate_span(x, off + pos, o_c.off - off - pos,
				    XF_NOPARAM);
			} else
				xlate_span(x, off + pos, line.n, XF_NOPARAM);
			break;
		case 'c':
			if (nmed == 0)
				parse_conn(base, line, x->from, &sess_c);
			else
				parse_conn(base, line, x->from,
				    &med[nmed - 1].c);
			break;
		case 'm':
			if (nmed >= SDP_MAXMEDIA)
				return DROP_SDP;
			tok = sl_make(line.p + 2, line.n - 2);
			(void)sl_token(&tok);		/* media */
			if (tok.n == 0 || tok.p[0] != ' ')
				return DROP_SDP;
			tok.p++;
			tok.n--;
			for (k = 0; k < tok.n && sl_isdigit((unsigned char)tok.p[k]);
			    k++)
				;
			if (sl_u32(sl_make(tok.p, k), 65535,
			    &med[nmed].port) != 0)
				return DROP_SDP;
			med[nmed].port_off = (size_t)(tok.p - base);
			med[nmed].port_len = k;
			nmed++;
			break;
		case 'a':
			if (is_ice(line)) {
				ed_add(x->ed, off + pos, next - pos, NULL, 0);
				break;
			}
			if (is_held_dir(line)) {
				if (nmed == 0)
					sess_held = 1;
				else
					med[nmed - 1].held = 1;
				break;
			}
			if (line_is(line, "a=rtcp:") && nmed > 0) {
				struct media *m = &med[nmed - 1];

				tok = sl_make(line.p + 7, line.n - 7);
				for (k = 0; k < tok.n &&
				    sl_isdigit((unsigned char)tok.p[k]); k++)
					;
				m->rtcp = 1;
				m->rtcp_off = (size_t)(tok.p - base);
				m->rtcp_len = k;
				if (sl_u32(sl_make(tok.p, k), 65535,
				    &m->rtcp_port) != 0)
					m->rtcp_port = 0;
				parse_conn(base, line, x->from, &m->rtcp_c);
				if (k < tok.n && !m->rtcp_c.ours)
					xlate_span(x, m->rtcp_off + k,
					    tok.n - k, XF_NOPARAM);
				break;
			}
			xlate_span(x, off + pos, line.n, XF_NOPARAM);
			break;
		default:
			xlate_span(x, off + pos, line.n, XF_NOPARAM);
		}
	}

	/* Pass 2: connection addresses and ports. */
	if (relay && too_many_streams(med, nmed, &sess_c, call))
		return DROP_SDP_STREAMS;
	if (sess_c.ours) {
		if (relay)
			to = x->leave;
		else
			xlate_sdp_addr(x, &sess_c.a, &to);
		put_conn(x, &sess_c, &to);
	}
	for (i = 0; i < nmed; i++) {
		struct media *m = &med[i];
		const struct conn *c = m->c.present ? &m->c : &sess_c;

		if (m->c.ours) {
			if (relay)
				to = x->leave;
			else
				xlate_sdp_addr(x, &m->c.a, &to);
			put_conn(x, &m->c, &to);
		}
		if (m->rtcp_c.ours) {
			if (relay)
				to = x->leave;
			else
				xlate_sdp_addr(x, &m->rtcp_c.a, &to);
			put_conn(x, &m->rtcp_c, &to);
		}
		/* SPEC 4: port 0 stays 0; only our family's streams. */
		if (!relay || m->port == 0 || !c->ours)
			continue;
		rr = relay_stream(x, m, c, sess_held || m->held || c->unspec,
		    call->mbase + (unsigned)i, call);
		if (rr != DROP_NONE)
			return rr;
	}
	call->mbase += (unsigned)nmed;
	return x->ed->overflow ? DROP_TOO_COMPLEX : DROP_NONE;
}

static int
is_sdp_type(struct sl ct)
{
	ct = sl_trim(ct);
	return sl_prefix_ci(ct, "application/sdp") &&
	    (ct.n == 15 || ct.p[15] == ';' || sl_islws((unsigned char)ct.p[15]));
}

/*
 * A multipart body (RFC 2046): each part with its own headers; SDP parts
 * are rewritten as SDP, others as text. A nested multipart is text.
 */
static enum drop_reason
multipart_rewrite(struct xlate *x, struct sl ctype, size_t off, size_t len,
    struct sdp_call *call)
{
	const char *p = x->base + off;
	char delim[80];
	struct sl b, pct;
	size_t dn, pos, start, hend, pe, ls, le, nx;
	int found, q;
	enum drop_reason r;

	b = sip_param(ctype, "boundary", &found);
	if (!found || b.n == 0 || b.n > 70)
		return xlate_span(x, off, len, XF_NOPARAM) ? DROP_TOO_COMPLEX :
		    DROP_NONE;
	q = b.p[0] == '"';
	if (q) {
		const char *e = memchr(b.p + 1, '"', b.n - 1);

		b = sl_make(b.p + 1, e == NULL ? b.n - 1 :
		    (size_t)(e - b.p - 1));
	}
	delim[0] = '-';
	delim[1] = '-';
	memcpy(delim + 2, b.p, b.n);
	dn = b.n + 2;

	/* Find each delimiter line; a part lies between two of them. */
	pos = 0;
	start = (size_t)-1;
	while (pos + dn <= len) {
		const char *hit = NULL;
		size_t i;

		for (i = pos; i + dn <= len; i++)
			if ((i == 0 || p[i - 1] == '\n') &&
			    memcmp(p + i, delim, dn) == 0) {
				hit = p + i;
				break;
			}
		if (hit == NULL)
			break;
		i = (size_t)(hit - p);
		if (start != (size_t)-1) {
			/* part [start, pe): the CRLF before -- belongs to
			 * the delimiter */
			pe = i;
			if (pe > start && p[pe - 1] == '\n')
				pe--;
			if (pe > start && p[pe - 1] == '\r')
				pe--;
			/* part headers end at an empty line */
			pct = sl_make(NULL, 0);
			hend = start;
			for (ls = start; ls < pe; ls = nx) {
				const char *nl = memchr(p + ls, '\n', pe - ls);

				nx = nl == NULL ? pe : (size_t)(nl - p) + 1;
				le = nl == NULL ? pe : (size_t)(nl - p);
				if (le > ls && p[le - 1] == '\r')
					le--;
				if (le == ls) {
					hend = nx;
					break;
				}
				if (sl_prefix_ci(sl_make(p + ls, le - ls),
				    "content-type:"))
					pct = sl_make(p + ls + 13,
					    le - ls - 13);
				hend = nx;
			}
			if (hend > pe)
				hend = pe;
			if (xlate_span(x, off + start, hend - start,
			    XF_NOPARAM) != 0)
				return DROP_TOO_COMPLEX;
			r = body_rewrite(x, pct, off + hend, pe - hend, call);
			if (r != DROP_NONE)
				return r;
		}
		pos = i + dn;
		if (pos + 2 <= len && p[pos] == '-' && p[pos + 1] == '-')
			return DROP_NONE;	/* close delimiter */
		while (pos < len && p[pos] != '\n')
			pos++;
		start = pos < len ? pos + 1 : len;
	}
	return DROP_NONE;
}

/* A body of the given Content-Type at off (relative to the datagram). */
enum drop_reason
body_rewrite(struct xlate *x, struct sl ctype, size_t off, size_t len,
    struct sdp_call *call)
{
	if (len == 0)
		return DROP_NONE;
	if (is_sdp_type(ctype))
		return sdp_rewrite(x, off, len, call);
	if (sl_prefix_ci(sl_trim(ctype), "multipart/") && call->depth < 4) {
		enum drop_reason r;

		call->depth++;
		r = multipart_rewrite(x, ctype, off, len, call);
		call->depth--;
		return r;
	}
	return xlate_span(x, off, len, XF_NOPARAM) ? DROP_TOO_COMPLEX :
	    DROP_NONE;
}
