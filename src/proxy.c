/*
 * proxy.c - what happens to one SIP datagram: parse it, decide where it
 * goes and from where, record the edits (own Via, received/rport,
 * Max-Forwards, every address, the SDP, Content-Length), apply them,
 * check the family invariant, send. Or answer it ourselves (483, 404,
 * 503, 200 to an OPTIONS for us), or drop it with a named reason.
 *
 * Nothing is allocated here: the parse, the edits and the output live in
 * static buffers, which is fine in a single-threaded process.
 */
#include <string.h>

#include "auth.h"
#include "edit.h"
#include "log.h"
#include "net.h"
#include "proxy.h"
#include "rtp.h"
#include "sdp.h"
#include "sip.h"
#include "xlate.h"

#define OUT_MAX		65507	/* largest UDP payload over IPv4 */

static const struct map *map;
static int wrapper;
static struct sip_msg msg, chk;
static struct edits ed;
static char outbuf[OUT_MAX];
static int sent;		/* the message at hand was forwarded */

void
proxy_init(const struct map *m, int wrap)
{
	map = m;
	wrapper = wrap;
}

static void
drop(enum drop_reason r, const struct addr *src, const char *what)
{
	stats.drop[r]++;
	log_limited(r, "dropped datagram from %s: %s%s%s", addr_str(src),
	    drop_name(r), what ? ": " : "", what ? what : "");
}

/* The sent-by of a Via value: host and port (0 if none). */
static struct sl
via_sentby(struct sl v, uint16_t *port)
{
	size_t i = 0, s, e;
	struct lit l;
	size_t pos = 0;
	uint32_t pv;
	const char *c;

	*port = 0;
	while (i < v.n && !sl_islws((unsigned char)v.p[i]) && v.p[i] != ';')
		i++;
	while (i < v.n && sl_islws((unsigned char)v.p[i]))
		i++;
	s = i;
	while (i < v.n && v.p[i] != ';' && v.p[i] != ',' &&
	    !sl_islws((unsigned char)v.p[i]))
		i++;
	e = i;
	if (xlate_next_lit(v.p + s, e - s, &pos, &l) && l.off == 0 &&
	    l.len == e - s) {
		*port = addr_port(&l.a);
		return sl_make(v.p + s, e - s);
	}
	c = memchr(v.p + s, ':', e - s);
	if (c != NULL && sl_u32(sl_make(c + 1, (size_t)(v.p + e - c - 1)),
	    65535, &pv) == 0)
		*port = (uint16_t)pv;
	return sl_make(v.p + s, e - s);
}

/*
 * RFC 3261 18.2.1 and RFC 3581: received= when the sent-by host is not
 * the source address (always when rport is asked for), rport= filled in.
 * The translated (or, for our own replies, raw) source goes in received.
 * *replyto gets where a response to this request goes (18.2.2, 3581 4).
 */
static void
stamp_via(const struct sip_msg *m, const struct addr *src, struct xlate *x,
    struct addr *replyto)
{
	const struct sip_hdr *h = &m->hdr[m->via];
	struct sl v = sip_first_value(h->value, NULL), rp, host;
	struct lit l;
	size_t pos = 0, vend = (size_t)(v.p + v.n - m->buf);
	char tmp[256];
	struct obuf ob;
	uint16_t sport;
	int has_rport, has_recv, same = 0;

	while (v.n > 0 && sl_islws((unsigned char)v.p[v.n - 1])) {
		v.n--;
		vend--;
	}
	rp = sip_param(v, "rport", &has_rport);
	(void)sip_param(v, "received", &has_recv);
	host = via_sentby(v, &sport);
	if (xlate_next_lit(host.p, host.n, &pos, &l) && l.off == 0)
		same = addr_eq_ip(&l.a, src);
	*replyto = *src;
	if (!has_rport)
		addr_set_port(replyto, sport != 0 ? sport : SIP_PORT);
	if (has_rport && rp.n == 0) {
		ob_init(&ob, tmp, sizeof(tmp));
		ob_putc(&ob, '=');
		ob_putu(&ob, addr_port(src));
		/* right after the name "rport" */
		ed_addob(&ed, (size_t)(rp.p - m->buf), 0, &ob);
	}
	if (has_recv || (same && !has_rport))
		return;
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, ";received=");
	if (x != NULL)
		xlate_addr(x, &ob, src, XC_RECEIVED, 1);
	else {
		char ip[ADDR_STRLEN];

		addr_fmt(src, ip, sizeof(ip), 0, 0);
		ob_puts(&ob, ip);
	}
	ed_addob(&ed, vend, 0, &ob);
}

/*
 * A datagram that ends inside its last header line (no line end, no empty
 * line): close that line, so that the fields added after it stand on
 * lines of their own. Called after the edits that belong at the end of
 * that line (a To tag, received=, rport=) and before any added field.
 */
static void
close_last_line(const struct sip_msg *m)
{
	if (!m->has_empty_line && m->len > 0 && m->buf[m->len - 1] != '\n')
		ed_add(&ed, m->hdr_end, 0, "\r\n", 2);
}

static void
put_hdr_line(const char *name, const char *value, unsigned long num,
    size_t off)
{
	char tmp[128];
	struct obuf ob;

	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, name);
	ob_puts(&ob, ": ");
	if (value != NULL)
		ob_puts(&ob, value);
	else
		ob_putu(&ob, num);
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, off, 0, &ob);
}

static void
put_number(size_t off, size_t len, unsigned long num)
{
	char tmp[24];
	struct obuf ob;

	ob_init(&ob, tmp, sizeof(tmp));
	ob_putu(&ob, num);
	ed_addob(&ed, off, len, &ob);
}

/* Content-Length for the body as edited; and the end of the headers. */
static void
finish_body(const struct sip_msg *m, long delta)
{
	size_t blen = (size_t)((long)m->body_len + delta);

	if (m->clen >= 0)
		put_number((size_t)(m->hdr[m->clen].value.p - m->buf),
		    m->hdr[m->clen].value.n, blen);
	else
		put_hdr_line("Content-Length", NULL, blen, m->hdr_end);
	if (!m->has_empty_line)
		ed_add(&ed, m->hdr_end, 0, "\r\n", 2);
	if (m->body_off + m->body_len < m->len)	/* RFC 3261 18.3 */
		ed_add(&ed, m->body_off + m->body_len,
		    m->len - m->body_off - m->body_len, NULL, 0);
}

static int
apply(const struct sip_msg *m, struct obuf *out)
{
	ob_init(out, outbuf, sizeof(outbuf));
	return ed_apply(&ed, m->buf, m->len, out);
}

/* The To tag of our own responses: keyed by the Call-ID, so that the ACK
 * of a failure we answered is known again (RFC 3261 17.2.1); under a key
 * of its own, so that a chosen Call-ID tells nothing of a token's MAC. */
static void
own_tag(struct obuf *ob, const struct sip_msg *m)
{
	uint64_t h = auth_mac(AUTH_USE_TAG, m->hdr[m->callid].value.p,
	    m->hdr[m->callid].value.n);

	ob_puts(ob, "sp64");
	ob_puthex(ob, (const unsigned char *)&h, 4);
}

static int
is_own_ack(const struct sip_msg *m)
{
	char tmp[16];
	struct obuf ob;
	struct sl tag;
	int found;

	if (!sl_eq_ci(m->method, "ACK"))
		return 0;
	tag = sip_param(m->hdr[m->to].value, "tag", &found);
	ob_init(&ob, tmp, sizeof(tmp));
	own_tag(&ob, m);
	return found && tag.n == ob.len && memcmp(tag.p, tmp, ob.len) == 0;
}

/* Our own answer, stateless (RFC 3261 16.11, 8.2.6). */
static void
reply(const struct sip_msg *m, const struct addr *src,
    const struct addr *dst, unsigned code, const char *reason)
{
	char tmp[128];
	struct obuf ob, out;
	struct addr to;
	size_t i;
	int tag;

	if (sl_eq_ci(m->method, "ACK"))
		return;
	ed_reset(&ed);
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, "SIP/2.0 ");
	ob_putu(&ob, code);
	ob_putc(&ob, ' ');
	ob_puts(&ob, reason);
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, 0, m->start_len, &ob);
	for (i = 0; i < m->nhdr; i++) {
		const struct sip_hdr *hd = &m->hdr[i];

		switch (hd->id) {
		case H_VIA:
		case H_FROM:
		case H_CALLID:
		case H_CSEQ:
			break;
		case H_TO:
			(void)sip_param(hd->value, "tag", &tag);
			if (tag || code == 100)
				break;
			ob_init(&ob, tmp, sizeof(tmp));
			ob_puts(&ob, ";tag=");
			own_tag(&ob, m);
			ed_addob(&ed, (size_t)(hd->value.p + hd->value.n -
			    m->buf), 0, &ob);
			break;
		default:
			ed_add(&ed, hd->off, hd->len, NULL, 0);
		}
	}
	stamp_via(m, src, NULL, &to);
	close_last_line(m);	/* after what goes at the end of that line */
	put_hdr_line("Server", "sipproxy64", 0, m->hdr_end);
	put_hdr_line("Content-Length", NULL, 0, m->hdr_end);
	if (!m->has_empty_line)
		ed_add(&ed, m->hdr_end, 0, "\r\n", 2);
	ed_add(&ed, m->body_off, m->len - m->body_off, NULL, 0);
	if (apply(m, &out) != 0) {
		drop(DROP_TOO_BIG, src, "own reply");
		return;
	}
	stats.local_resp++;
	log_debug("answered %u %s to %s", code, reason, addr_str(src));
	net_send_sip(dst, &to, out.p, out.len);
}

/* Translate every header value, the start line and the body. */
/* How the translation reads a header field's value. */
static int
span_flags(const struct sip_hdr *h)
{
	return h->id == H_VIA ? XF_VIA : h->id == H_WARNING ? XF_WARNING : 0;
}

static enum drop_reason
translate(const struct sip_msg *m, struct xlate *x, size_t skip_off,
    size_t skip_len, const struct addr *local_in, const struct addr *src)
{
	struct sdp_call call;
	struct sl ctype = sl_make(NULL, 0);
	size_t i, o;
	enum drop_reason r;

	if (m->is_req)
		xlate_span(x, (size_t)(m->ruri.p - m->buf), m->ruri.n, XF_RURI);
	else
		xlate_span(x, 0, m->start_len, XF_NOPARAM);
	for (i = 0; i < m->nhdr; i++) {
		const struct sip_hdr *h = &m->hdr[i];

		o = (size_t)(h->value.p - m->buf);
		if (h->id == H_CALLID || h->id == H_CLEN ||
		    h->id == H_MAXFWD || (wrapper && h->id == H_CONTACT))
			continue;
		if (skip_len > 0 && o < skip_off + skip_len &&
		    o + h->value.n > skip_off) {
			/* the part of this field that stays */
			size_t s = skip_off + skip_len;

			if (o + h->value.n > s)
				xlate_span(x, s, o + h->value.n - s,
				    span_flags(h));
			continue;
		}
		xlate_span(x, o, h->value.n, span_flags(h));
	}
	if (m->ctype >= 0)
		ctype = m->hdr[m->ctype].value;
	memset(&call, 0, sizeof(call));
	call.callid = m->hdr[m->callid].value;
	call.local_in = local_in;
	/* the relay needs the signalling host, the method, the status */
	call.src = src;
	call.src_known = map_real_host(map, src) != NULL;
	call.method = m->cseq_method;
	call.code = m->is_req ? 0 : m->code;
	r = body_rewrite(x, ctype, m->body_off, m->body_len, &call);
	if (r != DROP_NONE)
		return r;
	return ed.overflow ? DROP_TOO_COMPLEX : DROP_NONE;
}

/*
 * The family invariant (SPEC 3) on what is about to leave: no literal of
 * the sender's family anywhere but in Call-ID (and, in wrapper mode, in
 * Contact). A safety net: translate() is built to make it true.
 */
static int
invariant_ok(const char *p, size_t n, int from)
{
	size_t i;

	if (sip_parse(p, n, &chk) != DROP_NONE)
		return 0;
	if (xlate_has_family(p, chk.start_len, from))
		return 0;
	for (i = 0; i < chk.nhdr; i++) {
		const struct sip_hdr *h = &chk.hdr[i];

		if (h->id == H_CALLID || (wrapper && h->id == H_CONTACT))
			continue;
		if (xlate_has_family(h->value.p, h->value.n, from))
			return 0;
	}
	return !xlate_has_family(p + chk.body_off, chk.body_len, from);
}

static void
send_out(const struct sip_msg *m, struct obuf *out, int from,
    const struct addr *src, const struct addr *leave, const struct addr *to)
{
	if (apply(m, out) != 0) {
		drop(ed.overflow ? DROP_TOO_COMPLEX : DROP_TOO_BIG, src, NULL);
		return;
	}
	if (!invariant_ok(out->p, out->len, from)) {
		drop(DROP_INVARIANT, src, "translation left an address");
		return;
	}
	sent = 1;
	stats.tx[FI(addr_af(to))]++;
	if (m->is_req)
		stats.req[FI(addr_af(to))]++;
	else
		stats.resp[FI(addr_af(to))]++;
	log_debug("%s %.*s from %s to %s via %s",
	    m->is_req ? "request" : "response",
	    m->is_req ? (int)m->method.n : 3,
	    m->is_req ? m->method.p : m->buf + 8, addr_str(src),
	    addr_str(to), addr_str(leave));
	net_send_sip(leave, to, out->p, out->len);
}

/* The branch of our Via (RFC 3261 16.11): the same for a request, its
 * retransmissions, its CANCEL and the ACK of a failure. */
static void
put_branch(struct obuf *ob, const struct sip_msg *m, const struct addr *dst,
    const struct addr *target)
{
	unsigned char in[1024];
	struct obuf hb;
	struct sl top = sip_first_value(m->hdr[m->via].value, NULL), br;
	uint64_t h;
	unsigned char hx[8];
	int found, i;

	ob_init(&hb, (char *)in, sizeof(in));
	br = sip_param(top, "branch", &found);
	if (found && sl_prefix_ci(br, "z9hG4bK")) {
		ob_putsl(&hb, br);
		ob_putsl(&hb, via_sentby(top, &(uint16_t){0}));
	} else {
		/* RFC 2543 peers: the fields of 17.2.3 but the To tag. */
		ob_putsl(&hb, m->ruri);
		ob_putsl(&hb, m->hdr[m->from].value);
		ob_putsl(&hb, m->hdr[m->callid].value);
		ob_putu(&hb, m->cseq_num);
		ob_putsl(&hb, top);
	}
	ob_put(&hb, addr_ipbytes(dst), addr_iplen(dst));
	ob_put(&hb, addr_ipbytes(target), addr_iplen(target));
	h = auth_mac(AUTH_USE_BRANCH, hb.p, hb.len);
	for (i = 0; i < 8; i++)
		hx[i] = (unsigned char)(h >> (56 - 8 * i));
	ob_puts(ob, AUTH_BRANCH);
	ob_puthex(ob, hx, 8);
}

/* Mark the Route values that name sipproxy64 itself (RFC 3261 16.4) for
 * removal; return the URI of the first one that does not, if any. */
static struct sl
pop_routes(const struct sip_msg *m, struct xlate *x)
{
	struct sl v, rest, uri;
	struct addr t;
	size_t i, s;

	for (i = 0; i < m->nhdr; i++) {
		const struct sip_hdr *h = &m->hdr[i];

		if (h->id != H_ROUTE)
			continue;
		rest = h->value;
		while (rest.n > 0) {
			v = sip_first_value(rest, &rest);
			uri = sip_uri_of(v);
			if (xlate_target(x, uri, &t) != XT_SELF)
				return uri;
			if (rest.n == 0 && v.p == h->value.p) {
				ed_add(&ed, h->off, h->len, NULL, 0);
				break;
			}
			s = (size_t)(v.p - m->buf);
			ed_add(&ed, s, (size_t)((rest.n > 0 ? rest.p :
			    v.p + v.n) - m->buf) - s, NULL, 0);
			if (rest.n == 0) {
				/* the last value went: remove the comma */
				break;
			}
		}
	}
	return sl_make(NULL, 0);
}

static void
handle_request(const struct sip_msg *m, const struct addr *src,
    const struct addr *dst)
{
	int f = addr_af(dst), g = AF_OTHER(f), is_options;
	struct xlate x;
	struct addr target, replyto;
	const struct pair *p = NULL;
	struct sl uri;
	enum xtarget t;
	enum drop_reason r;
	uint32_t mf = 70;
	struct obuf ob, out;
	char tmp[512];
	size_t i, bs, bl;

	if (is_own_ack(m)) {
		/* the ACK of our own 4xx/5xx ends here */
		stats.own_ack++;
		return;
	}
	is_options = sl_eq_ci(m->method, "OPTIONS");
	if (m->maxfwd >= 0) {
		(void)sl_u32(m->hdr[m->maxfwd].value, 255, &mf);
		if (mf == 0) {
			/* RFC 3261 16.3 step 3 */
			reply(m, src, dst, 483, "Too Many Hops");
			return;
		}
	}

	ed_reset(&ed);
	memset(&x, 0, sizeof(x));
	x.map = map;
	x.from = f;
	x.leave = *map_leaving(map, src);
	x.ed = &ed;
	x.base = m->buf;

	/* SPEC 3, the next hop. */
	if (!addr_eq(dst, &map->gen[FI(f)])) {
		for (i = 0; i < map->npairs; i++)
			if (map->pairs[i].kind == PAIR_OPERAND &&
			    map->pairs[i].local == FI(f) &&
			    addr_eq(&map->pairs[i].side[FI(f)], dst))
				p = &map->pairs[i];
		if (p == NULL) {
			drop(DROP_NO_ROUTE, src, "not a stand-in");
			return;
		}
		target = p->side[FI(g)];
	} else {
		uri = pop_routes(m, &x);
		if (uri.p == NULL)
			uri = m->ruri;
		t = xlate_target(&x, uri, &target);
		if (t != XT_KNOWN) {
			if (map_has_uplink(map, g))
				target = map->uplink[FI(g)];
			else if (is_options && t == XT_SELF &&
			    uri.p == m->ruri.p) {
				reply(m, src, dst, 200, "OK");
				return;
			} else {
				/* (with an uplink, translate() counts it) */
				if (t == XT_FORGED)
					stats.forged++;
				stats.drop[DROP_NO_ROUTE]++;
				log_limited(DROP_NO_ROUTE, "no route for "
				    "%.*s from %s", SL_ARG(m->ruri),
				    addr_str(src));
				reply(m, src, dst, 404, "Not Found");
				return;
			}
		}
	}
	if (map_is_local(map, &target, 1)) {
		drop(DROP_LOOP, src, "next hop is sipproxy64");
		return;
	}

	/* Our Via on top, the sender's stamped (RFC 3261 16.6 step 8). */
	stamp_via(m, src, &x, &replyto);
	close_last_line(m);	/* after what goes at the end of that line */
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, "Via: SIP/2.0/UDP ");
	{
		char la[ADDR_STRLEN];

		addr_fmt(&x.leave, la, sizeof(la), 1, 1);
		ob_puts(&ob, la);
	}
	ob_puts(&ob, ";branch=");
	bs = ob.len;
	put_branch(&ob, m, dst, &target);
	bl = ob.len - bs;
	ob_puts(&ob, ";" AUTH_VIAPARAM "=");
	/* bound to this branch: it vouches for this transaction only */
	auth_put_via(&ob, dst, &replyto, sl_make(ob.p + bs, bl));
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, m->hdr[m->via].off, 0, &ob);

	if (m->maxfwd >= 0)
		put_number((size_t)(m->hdr[m->maxfwd].value.p - m->buf),
		    m->hdr[m->maxfwd].value.n, mf - 1);
	else
		put_hdr_line("Max-Forwards", NULL, 70, m->hdr_end);

	r = translate(m, &x, 0, 0, dst, src);
	if (r == DROP_RELAY_FULL || r == DROP_HOST_RELAYS) {
		stats.drop[r]++;
		log_limited(r, "%s: refusing %.*s from %s", r ==
		    DROP_RELAY_FULL ? "relay table full" : "relays per host",
		    SL_ARG(m->method), addr_str(src));
		reply(m, src, dst, 503, "Service Unavailable");
		return;
	}
	if (r == DROP_SDP_PEER || r == DROP_SDP_STREAMS) {
		/* the session is refused, not the phone: it may try another
		 * (RFC 3261 21.4.26) */
		stats.drop[r]++;
		log_limited(r, "%s: refusing %.*s from %s", drop_name(r),
		    SL_ARG(m->method), addr_str(src));
		reply(m, src, dst, 488, "Not Acceptable Here");
		return;
	}
	if (r != DROP_NONE) {
		drop(r, src, NULL);
		return;
	}
	finish_body(m, ed_delta(&ed, m->body_off, m->body_off + m->body_len));
	if (sl_eq_ci(m->method, "BYE") || sl_eq_ci(m->method, "CANCEL"))
		rtp_call_end(m->hdr[m->callid].value, dst, &x.leave);
	send_out(m, &out, f, src, &x.leave, &target);
}

static void
handle_response(const struct sip_msg *m, const struct addr *src,
    const struct addr *dst)
{
	const struct sip_hdr *h = &m->hdr[m->via];
	struct sl top, rest, br, v;
	struct addr arrived, replyto;
	struct xlate x;
	struct obuf out;
	size_t s, e;
	int found;
	enum drop_reason r;

	top = sip_first_value(h->value, &rest);
	br = sip_param(top, "branch", &found);
	if (!found || !sl_prefix_ci(br, AUTH_BRANCH)) {
		drop(DROP_NOT_OUR_VIA, src, NULL);
		return;
	}
	v = sip_param(top, AUTH_VIAPARAM, &found);
	if (!found || auth_get_via(v, br, &arrived, &replyto) != 0 ||
	    addr_af(&arrived) == addr_af(dst) ||
	    addr_af(&replyto) != addr_af(&arrived) ||
	    !map_is_local(map, &arrived, 1)) {
		stats.forged++;
		drop(DROP_NOT_OUR_VIA, src, "own Via fails its check");
		return;
	}

	ed_reset(&ed);
	close_last_line(m);
	memset(&x, 0, sizeof(x));
	x.map = map;
	x.from = addr_af(dst);
	x.leave = arrived;
	x.ed = &ed;
	x.base = m->buf;

	/* RFC 3261 16.7 step 3: our Via goes; with none left, the response
	 * was meant for us, and a stateless proxy has nothing to do with
	 * it. */
	if (rest.n == 0) {
		size_t i;

		for (i = (size_t)m->via + 1; i < m->nhdr; i++)
			if (m->hdr[i].id == H_VIA)
				break;
		if (i == m->nhdr) {
			drop(DROP_VIA, src, "no Via after ours");
			return;
		}
		s = h->off;
		e = h->off + h->len;
	} else {
		s = (size_t)(top.p - m->buf);
		e = (size_t)(rest.p - m->buf);
		while (e < m->len && sl_islws((unsigned char)m->buf[e]))
			e++;
	}
	ed_add(&ed, s, e - s, NULL, 0);
	r = translate(m, &x, s, e - s, dst, src);
	if (r != DROP_NONE) {
		drop(r, src, NULL);
		return;
	}
	finish_body(m, ed_delta(&ed, m->body_off, m->body_off + m->body_len));
	if (m->code >= 300 && sl_eq_ci(m->cseq_method, "INVITE"))
		rtp_call_end(m->hdr[m->callid].value, dst, &arrived);
	send_out(m, &out, x.from, src, &arrived, &replyto);
	if (sent && m->code > 100 && m->code < 200 &&
	    sl_eq_ci(m->cseq_method, "INVITE"))
		rtp_call_ringing(m->hdr[m->callid].value, dst, &arrived);
}

void
proxy_input(const char *buf, size_t len, const struct addr *src,
    const struct addr *dst)
{
	enum drop_reason r;

	stats.rx[FI(addr_af(dst))]++;
	if (sip_is_keepalive(buf, len)) {
		stats.keepalive++;
		return;
	}
	r = sip_parse(buf, len, &msg);
	/* room for what sipproxy64 adds (Via, Max-Forwards, Content-Length),
	 * so that what it sends parses too */
	if (r == DROP_NONE && msg.nhdr > SIP_MAXHDR - 4)
		r = DROP_TOO_MANY_HDRS;
	if (r != DROP_NONE) {
		drop(r, src, NULL);
		return;
	}
	if (addr_af(src) != addr_af(dst))
		return;
	sent = 0;
	if (msg.is_req)
		handle_request(&msg, src, dst);
	else
		handle_response(&msg, src, dst);
	if (sent)
		rtp_commit();
	else
		rtp_abort();
}
