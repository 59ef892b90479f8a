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
#include "inv.h"
#include "limit.h"
#include "log.h"
#include "loop.h"
#include "proxy.h"
#include "rtp.h"
#include "sdp.h"
#include "sip.h"
#include "stun.h"
#include "xlate.h"

#define OUT_MAX		65507	/* largest UDP payload over IPv4 */
#define UDP_SIZE_MAX	1300	/* larger requests go over TCP (RFC 3261
				 * 18.1.1, path MTU unknown) */

static const struct map *map;
static int wrapper;
static struct sip_msg msg;
static struct edits ed;
static char outbuf[OUT_MAX];
static int sent;		/* the message at hand was forwarded */
static struct proxy_out *out_rec;	/* what the message at hand makes */
static int out_made;
static enum transport in_tp;		/* how it came */
static const struct addr *in_src;	/* from where */
static const struct addr *in_dst;	/* to which of our addresses */
static int in_af;			/* its family, F */
static enum transport next_tp;		/* how what it makes goes */
/* How our Via starts, after the line end before it (put_own_via writes
 * it from the "Via", choose_transport finds it) */
static const char own_via[] = "\nVia: SIP/2.0/UDP ";

void
proxy_init(const struct map *m, int wrap)
{
	map = m;
	wrapper = wrap;
}

/* What goes out, and where: the out record of the message at hand. */
static void
emit(const struct addr *from, const struct addr *to, const char *p,
    size_t n)
{
	out_rec->p = p;
	out_rec->n = n;
	out_rec->from = *from;
	out_rec->to = *to;
	out_rec->tp = next_tp;
	out_made = 1;
}

/* The message at hand goes no further, for the reason r. */
static void
drop(enum drop_reason r, const char *what)
{
	stats.drop[r]++;
	log_limited(r, "dropped datagram from %s: %s%s%s", addr_str(in_src),
	    drop_name(r), what ? ": " : "", what ? what : "");
}

/* The sent-by of a Via value: host[:port]. */
static struct sl
via_sentby(struct sl v)
{
	size_t i = 0, s;

	while (i < v.n && !sl_islws((unsigned char)v.p[i]) && v.p[i] != ';')
		i++;
	s = i = sl_skip_lws(v.p, v.n, i);
	while (i < v.n && v.p[i] != ';' && v.p[i] != ',' &&
	    !sl_islws((unsigned char)v.p[i]))
		i++;
	return sl_make(v.p + s, i - s);
}

/*
 * RFC 3261 18.2.1 and RFC 3581: received= when the sent-by host is not
 * the source address (always when rport is asked for), rport= filled in
 * (recorded here). Returns whether received= is due; *vend gets where it
 * goes in the top Via value. *replyto gets where a response to this
 * request goes (18.2.2, 3581 4): over TCP, back on its connection.
 */
static int
via_plan(const struct sip_msg *m, struct addr *replyto, size_t *vend)
{
	const struct sip_hdr *h = &m->hdr[m->via];
	struct sl v = sl_trim(sip_first_value(h->value, NULL)), rp, host;
	struct hostpos hp;
	char tmp[16];
	struct obuf ob;
	uint16_t sport = 0;
	uint32_t pv;
	const char *c;
	int has_rport, has_recv, same = 0;

	*vend = (size_t)(v.p + v.n - m->buf);
	rp = sip_param(v, "rport", &has_rport);
	(void)sip_param(v, "received", &has_recv);
	host = via_sentby(v);
	if (find_host_literal(host, &hp)) {
		same = addr_eq_ip(&hp.a, in_src);
		sport = addr_port(&hp.a);
	} else if ((c = memchr(host.p, ':', host.n)) != NULL &&
	    sl_u32(sl_make(c + 1, (size_t)(host.p + host.n - c - 1)), 65535,
	    &pv) == 0)
		sport = (uint16_t)pv;
	*replyto = *in_src;
	if (!has_rport && in_tp != TP_TCP)
		addr_set_port(replyto, sport != 0 ? sport : SIP_PORT);
	if (has_rport && rp.n == 0) {
		ob_init(&ob, tmp, sizeof(tmp));
		ob_putc(&ob, '=');
		ob_putu(&ob, addr_port(in_src));
		/* right after the name "rport" */
		ed_addob(&ed, (size_t)(rp.p - m->buf), 0, &ob);
	}
	return !has_recv && !(same && !has_rport);
}

/* received= as it is, for our own replies (they stay in the family). */
static void
stamp_raw(const struct sip_msg *m, struct addr *replyto)
{
	char rv[10 + ADDR_STRLEN];
	size_t vend, n;

	if (!via_plan(m, replyto, &vend))
		return;
	memcpy(rv, ";received=", 10);
	n = addr_fmt(in_src, rv + 10, sizeof(rv) - 10, 0, 0);
	ed_add(&ed, vend, 0, rv, 10 + n);
}

/* [off, off + len) of the datagram goes. */
static void
cut(size_t off, size_t len)
{
	ed_add(&ed, off, len, NULL, 0);
}

/* A line at the end of the headers: a field, or a line end ("\r\n"). */
static void
put_line(const struct sip_msg *m, const char *line)
{
	ed_add(&ed, m->hdr_end, 0, line, strlen(line));
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
		put_line(m, "\r\n");
}

/* Field idx gets the value num; with no such field (idx < 0), a line
 * "name: num" goes at the end of the headers (name has the ": "). */
static void
set_number(const struct sip_msg *m, int idx, const char *name,
    unsigned long num)
{
	char tmp[40];
	struct obuf ob;

	if (idx >= 0) {
		ed_addu(&ed, (size_t)(m->hdr[idx].value.p - m->buf),
		    m->hdr[idx].value.n, num);
		return;
	}
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, name);
	ob_putu(&ob, num);
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, m->hdr_end, 0, &ob);
}

/* Content-Length for the body as edited; and the end of the headers. */
static void
finish_body(const struct sip_msg *m)
{
	set_number(m, m->clen, "Content-Length: ", (size_t)((long)m->body_len +
	    ed_delta(&ed, m->body_off, m->body_off + m->body_len)));
	if (!m->has_empty_line)
		put_line(m, "\r\n");
	if (m->body_off + m->body_len < m->len)	/* RFC 3261 18.3 */
		cut(m->body_off + m->body_len,
		    m->len - m->body_off - m->body_len);
}

static int
apply(const struct sip_msg *m, struct obuf *out)
{
	ob_init(out, outbuf, sizeof(outbuf));
	return ed_apply(&ed, m->buf, m->len, out);
}

/* The To tag of our own responses: keyed by the Call-ID, so that the ACK
 * of a failure we answered is known again (RFC 3261 17.2.1). */
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
	/* (without a tag, or one without a value, tag is empty) */
	return tag.n == ob.len && memcmp(tag.p, tmp, ob.len) == 0;
}

/*
 * The bounds on what sipproxy64 says itself (issue 8): no more than twice
 * the size of the datagram it answers, counted as datagrams on the wire
 * (IP and UDP headers included, which is what an amplification
 * multiplies), and LIMIT_BURST answers, then LIMIT_RATE a second, per
 * source (limit.c). own_room: the largest answer to req bytes, the n
 * with n + ovh <= 2 * (req + ovh). own_send: 1 when sent.
 */
static size_t
own_room(size_t req)
{
	size_t ovh = addr_af(in_src) == AF_INET ? 20 + 8 : 40 + 8;

	return 2 * req + ovh;
}

static int
own_send(const struct addr *to, const char *p, size_t n, size_t req)
{
	enum drop_reason r = n > own_room(req) ? DROP_REPLY_SIZE :
	    !limit_take(in_src, loop_now()) ? DROP_REPLY_RATE : DROP_NONE;

	if (r != DROP_NONE) {
		drop(r, NULL);
		return 0;
	}
	next_tp = in_tp;	/* back the way it came (RFC 3261 18.2.2) */
	emit(in_dst, to, p, n);
	return 1;
}

/*
 * The optional lines of our own responses, in the order in which they are
 * given up to fit the size bound (the lowest bit first): Server, then
 * what RFC 3261 11.2 asks of a 200 to OPTIONS (Accept, Supported, Allow).
 * Supported is empty: sipproxy64 neither needs nor offers an extension of
 * its own (those of the phones pass through it). Allow: what it forwards.
 */
#define EX_SERVER	1
#define EX_ACCEPT	2
#define EX_SUPPORTED	4
#define EX_ALLOW	8
#define OWN_ALLOW	"INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, PRACK, " \
			"UPDATE, INFO, SUBSCRIBE, NOTIFY, REFER, MESSAGE"

static void
put_extras(const struct sip_msg *m, int extras)
{
	if (extras & EX_SERVER)
		put_line(m, "Server: sipproxy64\r\n");
	if (extras & EX_ALLOW)
		put_line(m, "Allow: " OWN_ALLOW "\r\n");
	if (extras & EX_ACCEPT)
		put_line(m, "Accept: application/sdp\r\n");
	if (extras & EX_SUPPORTED)
		put_line(m, "Supported:\r\n");
}

/* The To tag of our own answer, unless the request had one. */
static void
put_own_tag(const struct sip_msg *m, const struct sip_hdr *hd)
{
	char tmp[64];
	struct obuf ob;
	int tag;

	(void)sip_param(hd->value, "tag", &tag);
	if (tag)
		return;
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, ";tag=");
	own_tag(&ob, m);
	ed_addob(&ed, (size_t)(hd->value.p + hd->value.n - m->buf), 0, &ob);
}

/* Our own answer, stateless (RFC 3261 16.11, 8.2.6), into out. */
static int
build_reply(const struct sip_msg *m, const char *status, int extras,
    struct obuf *out, struct addr *to)
{
	char tmp[128];
	struct obuf ob;
	size_t i;
	int kept = 1;

	ed_reset(&ed);
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, "SIP/2.0 ");
	ob_puts(&ob, status);
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, 0, m->start_len, &ob);
	for (i = 0; i < m->nhdr; i++) {
		const struct sip_hdr *hd = &m->hdr[i];

		kept = 1;
		if (hd->id == H_TO)
			put_own_tag(m, hd);
		else if (hd->id != H_VIA && hd->id != H_FROM &&
		    hd->id != H_CALLID && hd->id != H_CSEQ) {
			cut(hd->off, hd->len);
			kept = 0;
		}
	}
	stamp_raw(m, to);
	if (kept)	/* the last line stays: after what goes at its end */
		close_last_line(m);
	put_extras(m, extras);
	set_number(m, -1, "Content-Length: ", 0);	/* a line of its own */
	if (!m->has_empty_line)
		put_line(m, "\r\n");
	cut(m->body_off, m->len - m->body_off);
	return apply(m, out);
}

/* Answer; trimmed to the size bound, and rate-limited. 1 when sent. */
static int
reply(const struct sip_msg *m, const char *status)
{
	struct obuf out;
	struct addr to;
	size_t room;
	int extras = EX_SERVER;

	if (sl_eq_ci(m->method, "ACK"))
		return 0;
	room = own_room(m->len);
	if (status[0] == '2')	/* 200 only to an OPTIONS for us */
		extras |= EX_ALLOW | EX_ACCEPT | EX_SUPPORTED;
	for (;;) {
		if (build_reply(m, status, extras, &out, &to) != 0) {
			drop(DROP_TOO_BIG, "own reply");
			return 0;
		}
		if (extras == 0 || out.len <= room)
			break;
		extras &= extras - 1;
	}
	if (!own_send(&to, out.p, out.len, m->len))
		return 0;
	stats.local_resp++;
	/* trimmed: Server, the lowest, is the first to go */
	stats.reply_trimmed += (uint64_t)!(extras & EX_SERVER);
	log_debug("answered %s to %s", status, addr_str(in_src));
	return 1;
}

/*
 * A malformed request that can still be answered (its Via, From, To,
 * Call-ID and CSeq could be read) gets 400 with what is wrong, so that
 * the phone stops retransmitting (RFC 3261 16.3, 8.2, 18.3); anything
 * else is only dropped. Never a response, never an ACK.
 */
static void
answer_malformed(const struct sip_msg *m, enum drop_reason r)
{
	const char *status;

	if (!m->can_answer || !m->is_req)
		return;
	switch (r) {
	case DROP_SHORT_BODY:
		status = "400 Body Shorter Than Content-Length";
		break;
	case DROP_CLEN:
		status = "400 Bad Content-Length";
		break;
	case DROP_CSEQ:
		status = "400 Bad CSeq";
		break;
	case DROP_MAXFWD:
		status = "400 Bad Max-Forwards";
		break;
	case DROP_SDP:
		status = "400 Bad SDP";
		break;
	case DROP_HEADER:
		status = "400 Bad Header Line";
		break;
	default:
		return;
	}
	if (reply(m, status))
		stats.bad_answered++;
}

/* A request refused for r: counted, logged as why, answered. */
static void
refuse(const struct sip_msg *m, enum drop_reason r, const char *why,
    const char *status)
{
	stats.drop[r]++;
	log_limited(r, "%s: refusing %.*s from %s", why, SL_ARG(m->method),
	    addr_str(in_src));
	reply(m, status);
}

/*
 * A STUN datagram on a SIP socket (RFC 5626 section 8): a binding request
 * is answered from the socket it came to, anything else STUN is dropped
 * (stun.c). Returns 0 when the datagram is not STUN.
 */
static int
answer_stun(const char *buf, size_t len)
{
	static unsigned char out[STUN_MAXRESP];
	enum drop_reason why;
	size_t n;

	if (!stun_looks(buf, len))
		return 0;
	n = stun_answer(buf, len, in_src, out, sizeof(out), &why);
	if (n == 0 && why == DROP_NONE)
		stats.keepalive++;
	else if (n == 0)
		drop(why, NULL);
	else if (own_send(in_src, (const char *)out, n, len))
		stats.stun++;
	return 1;
}

/*
 * Translate the Request-URI, every field value that SIP's grammar reads
 * (not the opaque and text ones, SPEC 3) and the body. skip_off/len: a
 * range that goes (our Via in a response; a request's, empty at 0, meets
 * no field). recv: the top Via gets ;received= (a request).
 */
static enum drop_reason
translate(const struct sip_msg *m, struct xlate *x, size_t skip_off,
    size_t skip_len, int recv)
{
	struct sdp_call call;
	struct sl ctype = sl_make(NULL, 0);
	size_t i, o, e, s = skip_off + skip_len;
	int bad = 0;

	if (m->is_req)
		bad |= xlate_span(x, (size_t)(m->ruri.p - m->buf), m->ruri.n,
		    XF_RURI);
	for (i = 0; i < m->nhdr; i++) {
		const struct sip_hdr *h = &m->hdr[i];

		if (h->cls != HC_GRAMMAR || (wrapper && h->id == H_CONTACT))
			continue;
		o = (size_t)(h->value.p - m->buf);
		e = o + h->value.n;
		if (o < s && e > skip_off) {
			/* only the part of this field that stays */
			if (e <= s)
				continue;
			o = s;
		}
		x->add_received = recv && (int)i == m->via;
		bad |= xlate_span(x, o, e - o, 0);
		x->add_received = 0;
	}
	if (bad)
		return DROP_TOO_COMPLEX;
	if (m->ctype >= 0)
		ctype = m->hdr[m->ctype].value;
	memset(&call, 0, sizeof(call));
	call.callid = m->hdr[m->callid].value;
	call.local_in = in_dst;
	/* the relay needs the signalling host, the method, the status */
	call.src = x->src;
	call.src_known = map_real_host(map, x->src) != NULL;
	call.method = m->cseq_method;
	call.code = m->is_req ? 0 : m->code;
	return body_rewrite(x, ctype, m->body_off, m->body_len, &call);
}

/* Our Via, the first in the message p, written as transport was, now
 * names tp (the same length). */
static void
via_transport(char *p, size_t n, const char *was, const char *tp)
{
	char want[sizeof(own_via)];
	char *v;

	memcpy(want, own_via, sizeof(own_via));
	memcpy(want + sizeof(own_via) - 5, was, 3);
	v = (char *)sl_memmem_ci(sl_make(p, n), want);
	if (v != NULL)
		memcpy(v + sizeof(own_via) - 5, tp, 3);
}

/*
 * A request over 1300 bytes toward a UDP next hop goes over TCP (RFC 3261
 * 18.1.1); our Via, the first in the message, names the transport it is
 * sent on (it was written as UDP: the same length).
 */
static void
choose_transport(struct obuf *out)
{
	if (next_tp == TP_UDP && out->len > UDP_SIZE_MAX)
		next_tp = TP_TCP;
	if (next_tp == TP_TCP)
		via_transport(out->p, out->len, "UDP", "TCP");
}

/* The message as edited, its body finished, checked and sent. */
static void
send_out(const struct sip_msg *m, const struct xlate *x,
    const struct addr *to)
{
	struct obuf out;
	int t;

	finish_body(m);
	if (apply(m, &out) != 0) {
		drop(ed.overflow ? DROP_TOO_COMPLEX : DROP_TOO_BIG, NULL);
		return;
	}
	if (!inv_holds(out.p, out.len, x->from, wrapper)) {
		drop(DROP_INVARIANT, "translation left an address");
		return;
	}
	if (m->is_req)
		choose_transport(&out);
	sent = 1;
	t = FI(addr_af(to));
	stats.tx[t]++;
	if (m->is_req)
		stats.req[t]++;
	else
		stats.resp[t]++;
	log_debug("%s %.*s from %s to %s via %s",
	    m->is_req ? "request" : "response",
	    m->is_req ? (int)m->method.n : 3,
	    m->is_req ? m->method.p : m->buf + 8, addr_str(in_src),
	    addr_str(to), addr_str(&x->leave));
	emit(&x->leave, to, out.p, out.len);
}

/* The branch of our Via (RFC 3261 16.11): the same for a request, its
 * retransmissions, its CANCEL and the ACK of a failure. */
static void
put_branch(struct obuf *ob, const struct sip_msg *m, const struct addr *target)
{
	unsigned char in[1024];
	struct obuf hb;
	struct sl top = sip_first_value(m->hdr[m->via].value, NULL), br;
	uint64_t h;
	unsigned char hx[8];
	int found, i;

	ob_init(&hb, (char *)in, sizeof(in));
	br = sip_param(top, "branch", &found);	/* none: empty */
	if (sl_prefix_ci(br, "z9hG4bK")) {
		ob_putsl(&hb, br);
		ob_putsl(&hb, via_sentby(top));
	} else {
		/* RFC 2543 peers: the fields of 17.2.3 but the To tag. */
		ob_putsl(&hb, m->ruri);
		ob_putsl(&hb, m->hdr[m->from].value);
		ob_putsl(&hb, m->hdr[m->callid].value);
		ob_putu(&hb, m->cseq_num);
		ob_putsl(&hb, top);
	}
	ob_put(&hb, addr_ipbytes(in_dst), addr_iplen(in_dst));
	ob_put(&hb, addr_ipbytes(target), addr_iplen(target));
	h = auth_mac(AUTH_USE_BRANCH, hb.p, hb.len);
	for (i = 7; i >= 0; i--, h >>= 8)	/* big-endian */
		hx[i] = (unsigned char)h;
	ob_puts(ob, AUTH_BRANCH);
	ob_puthex(ob, hx, 8);
}

/*
 * The URI that picks the next hop: the first Route value that does not
 * name sipproxy64 itself, else the Request-URI. pop: the values before
 * it, ours, are marked for removal (RFC 3261 16.4). With no x, of a
 * request as sent: the first Route (ours are gone by then).
 */
static struct sl
next_hop_uri(const struct sip_msg *m, struct xlate *x, int pop)
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
			if (x != NULL && xlate_target(x, uri, &t) == XT_SELF)
				continue;
			if (pop && v.p > h->value.p) {
				/* the values before it, ours, go */
				s = (size_t)(h->value.p - m->buf);
				cut(s, (size_t)(v.p - h->value.p));
			}
			return uri;
		}
		if (pop)	/* all its values ours: the field goes */
			cut(h->off, h->len);
	}
	return m->ruri;
}

/* The next hop asks for TCP (;transport=tcp). */
static int
asks_tcp(const struct sip_msg *m, struct xlate *x)
{
	int found;	/* (none: the empty slice) */

	return sl_eq_ci(sip_param(next_hop_uri(m, x, 0), "transport",
	    &found), "tcp");
}

/*
 * Source control (issue 8): who may send requests to a general address
 * (and so reach its uplink). The table's hosts (the real side of a pair,
 * an uplink) always may; anybody else only from a -a prefix of its
 * family; with no -a of that family, anybody, unless the requests of
 * that family can reach an uplink: then nobody (an uplink that trusts
 * sipproxy64's address would take anybody's calls: toll fraud). The
 * refused get 403 and nothing is forwarded. Returns 1 when refused; the
 * message at hand came to a general address.
 */
static int
stranger_refused(const struct sip_msg *m)
{
	int f = in_af;

	if (map_real_host(map, in_src) != NULL)
		return 0;
	if (map->allow.has[FI(f)] ? acl_allows(&map->allow, in_src) :
	    !map_has_uplink(map, AF_OTHER(f)))
		return 0;
	refuse(m, DROP_SOURCE, "source not allowed at the general address",
	    "403 Forbidden");
	return 1;
}

/* The translation of the message at hand, leaving from G. */
static void
xlate_init(struct xlate *x, const struct sip_msg *m, const struct addr *leave)
{
	*x = (struct xlate){ .map = map, .from = in_af, .leave = *leave,
	    .src = in_src, .ed = &ed, .base = m->buf };
}

/* Arriving at a stand-in: to the real host of its pair (SPEC 3); NULL
 * when dropped. */
static const struct addr *
route_standin(void)
{
	int f = FI(in_af);
	const struct pair *p, *end = map->pairs + map->npairs;

	for (p = map->pairs; p < end; p++)
		if (p->kind == PAIR_OPERAND && p->local == f &&
		    addr_eq(&p->side[f], in_dst))
			return &p->side[!f];
	drop(DROP_NO_ROUTE, "not a stand-in");
	return NULL;
}

/*
 * Arriving at a general address: from a source allowed there, to the
 * top Route, else the Request-URI, when it names a host we know; else the
 * uplink; else 200 to an OPTIONS for us, 404 to anything else. The
 * next hop (a known host in *known), or NULL when answered.
 */
static const struct addr *
route_general(const struct sip_msg *m, struct xlate *x, struct addr *known)
{
	int g = AF_OTHER(in_af);
	struct sl uri;
	enum xtarget t;

	if (stranger_refused(m))
		return NULL;
	uri = next_hop_uri(m, x, 1);
	t = xlate_target(x, uri, known);
	if (t == XT_KNOWN)
		return known;
	if (map_has_uplink(map, g))
		return &map->uplink[FI(g)];
	if (t == XT_SELF && uri.p == m->ruri.p &&
	    sl_eq_ci(m->method, "OPTIONS")) {
		reply(m, "200 OK");
		return NULL;
	}
	/* (with an uplink, translate() counts it) */
	if (t == XT_FORGED)
		stats.forged++;
	stats.drop[DROP_NO_ROUTE]++;
	log_limited(DROP_NO_ROUTE, "no route for %.*s from %s",
	    SL_ARG(m->ruri), addr_str(in_src));
	reply(m, "404 Not Found");
	return NULL;
}

/* Our Via on top (RFC 3261 16.6 step 8), naming where the request
 * arrived and where its response goes, authenticated. */
static void
put_own_via(const struct sip_msg *m, const struct xlate *x,
    const struct addr *target, const struct addr *replyto)
{
	char tmp[512], la[ADDR_STRLEN];
	struct obuf ob;
	size_t bs, bl;

	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, own_via + 1);
	addr_fmt(&x->leave, la, sizeof(la), 1, 1);
	ob_puts(&ob, la);
	ob_puts(&ob, ";branch=");
	bs = ob.len;
	put_branch(&ob, m, target);
	bl = ob.len - bs;
	ob_puts(&ob, ";" AUTH_VIAPARAM "=");
	/* bound to this branch: it vouches for this transaction only */
	auth_put_via(&ob, in_dst, replyto, sl_make(ob.p + bs, bl),
	    in_tp == TP_TCP);
	ob_puts(&ob, "\r\n");
	ed_addob(&ed, m->hdr[m->via].off, 0, &ob);
}

/* Max-Forwards 0: 483 (RFC 3261 16.3 step 3); else *mf gets the one
 * the request goes on with: one less, 70 if it had none. */
static int
check_maxfwd(const struct sip_msg *m, uint32_t *mf)
{
	uint32_t v = 71;

	if (m->maxfwd >= 0)	/* sip_parse read it */
		(void)sl_u32(m->hdr[m->maxfwd].value, 255, &v);
	if (v == 0) {
		reply(m, "483 Too Many Hops");
		return -1;
	}
	*mf = v - 1;
	return 0;
}

static void
handle_request(const struct sip_msg *m)
{
	int recv;
	struct xlate x;
	struct addr known, replyto;
	const struct addr *target;
	enum drop_reason r;
	uint32_t mf;
	size_t vend;

	if (is_own_ack(m)) {
		/* the ACK of our own 4xx/5xx ends here */
		stats.own_ack++;
		return;
	}
	if (check_maxfwd(m, &mf) != 0)
		return;
	ed_reset(&ed);
	xlate_init(&x, m, map_leaving(map, in_src));
	target = addr_eq(in_dst, &map->gen[FI(in_af)]) ?
	    route_general(m, &x, &known) : route_standin();
	if (target == NULL)
		return;
	if (map_is_local(map, target, 1) || addr_is_special(target)) {
		drop(DROP_LOOP, "next hop is sipproxy64");
		return;
	}
	next_tp = asks_tcp(m, &x) ? TP_TCP : TP_UDP;
	recv = via_plan(m, &replyto, &vend);
	close_last_line(m);	/* after what goes at the end of that line */
	put_own_via(m, &x, target, &replyto);
	set_number(m, m->maxfwd, "Max-Forwards: ", mf);
	r = translate(m, &x, 0, 0, recv);
	if (r == DROP_RELAY_FULL || r == DROP_HOST_RELAYS)
		refuse(m, r, r == DROP_RELAY_FULL ? "relay table full" :
		    "relays per host", "503 Service Unavailable");
	else if (r == DROP_SDP_PEER || r == DROP_SDP_STREAMS)
		/* the session is refused, not the phone: it may try another
		 * (RFC 3261 21.4.26) */
		refuse(m, r, drop_name(r), "488 Not Acceptable Here");
	else if (r != DROP_NONE) {
		drop(r, NULL);
		answer_malformed(m, r);
	}
	if (r != DROP_NONE)
		return;
	if (sl_eq_ci(m->method, "BYE") || sl_eq_ci(m->method, "CANCEL"))
		rtp_call_end(m->hdr[m->callid].value, in_dst, &x.leave);
	send_out(m, &x, target);
}

/* The Via values after ours: the rest of its field (rest), else the next
 * Via field; p is NULL when there is none. */
static struct sl
via_after(const struct sip_msg *m, struct sl rest)
{
	size_t i;

	if (rest.n > 0)
		return rest;
	for (i = (size_t)m->via + 1; i < m->nhdr; i++)
		if (m->hdr[i].id == H_VIA)
			return m->hdr[i].value;
	return sl_make(NULL, 0);
}

static void
handle_response(const struct sip_msg *m)
{
	const struct sip_hdr *h = &m->hdr[m->via];
	struct sl top, rest, br, v, next, callid;
	struct addr arrived, replyto;
	struct xlate x;
	size_t s, e;
	int found, tcp, invite;
	enum drop_reason r;

	top = sip_first_value(h->value, &rest);
	/* (a parameter that is not there is the empty slice) */
	br = sip_param(top, "branch", &found);
	if (!sl_prefix_ci(br, AUTH_BRANCH)) {
		drop(DROP_NOT_OUR_VIA, NULL);
		return;
	}
	v = sip_param(top, AUTH_VIAPARAM, &found);
	/* (auth_get_via gives both addresses in one family) */
	if (auth_get_via(v, br, &arrived, &replyto, &tcp) != 0 ||
	    addr_af(&arrived) == in_af || !map_is_local(map, &arrived, 1)) {
		stats.forged++;
		drop(DROP_NOT_OUR_VIA, "own Via fails its check");
		return;
	}

	/* RFC 3261 16.7 step 3: our Via goes; with none left, the response
	 * was meant for us, and a stateless proxy has nothing to do with
	 * it. */
	next = via_after(m, rest);
	if (next.p == NULL) {
		drop(DROP_VIA, "no Via after ours");
		return;
	}
	ed_reset(&ed);
	close_last_line(m);
	xlate_init(&x, m, &arrived);
	if (rest.n == 0) {
		s = h->off;
		e = h->off + h->len;
	} else {
		s = (size_t)(top.p - m->buf);
		e = sl_skip_lws(m->buf, m->len, (size_t)(rest.p - m->buf));
	}
	cut(s, e - s);
	r = translate(m, &x, s, e - s, 0);
	if (r != DROP_NONE) {
		drop(r, NULL);
		return;
	}
	invite = sl_eq_ci(m->cseq_method, "INVITE");
	callid = m->hdr[m->callid].value;
	if (m->code >= 300 && invite)
		rtp_call_end(callid, in_dst, &arrived);
	/* the sent-protocol of the next Via (RFC 3261 20.42) */
	next_tp = tcp || sl_prefix_ci(sl_trim(next), "SIP/2.0/TCP") ? TP_TCP :
	    TP_UDP;
	send_out(m, &x, &replyto);
	if (sent && m->code > 100 && m->code < 200 && invite)
		rtp_call_ringing(callid, in_dst, &arrived);
}

/* The message at hand, parsed, goes its way; the relays it made or
 * changed are kept when it was forwarded, given back when not
 * (rtp_commit, rtp_abort). 1 if the out record has a message. */
static int
handle(const struct sip_msg *m)
{
	if (m->is_req)
		handle_request(m);
	else
		handle_response(m);
	if (sent)
		rtp_commit();
	else
		rtp_abort();
	return out_made;
}

/* A message at hand, from src to our dst over tp: nothing made of it
 * yet. */
static void
begin(struct proxy_out *out, enum transport tp, const struct addr *src,
    const struct addr *dst)
{
	out_rec = out;
	out_made = 0;
	sent = 0;
	in_tp = tp;
	in_src = src;
	in_dst = dst;
	in_af = addr_af(dst);
	next_tp = TP_UDP;
}

/* One message in from src at our dst over tp; 1 if *out has one to send. */
int
proxy_input(const char *buf, size_t len, const struct addr *src,
    const struct addr *dst, enum transport tp, struct proxy_out *out)
{
	enum drop_reason r;

	begin(out, tp, src, dst);
	stats.rx[FI(in_af)]++;
	if (sip_is_keepalive(buf, len)) {
		stats.keepalive++;
		return 0;
	}
	if (answer_stun(buf, len))
		return out_made;
	r = sip_parse(buf, len, &msg);
	/* room for what sipproxy64 adds (Via, Max-Forwards, Content-Length),
	 * so that what it sends parses too */
	if (r == DROP_NONE && msg.nhdr > SIP_MAXHDR - 4)
		r = DROP_TOO_MANY_HDRS;
	if (r != DROP_NONE)
		drop(r, NULL);
	if (addr_af(src) != in_af)
		return 0;	/* not even answered */
	if (r != DROP_NONE) {
		answer_malformed(&msg, r);
		return out_made;
	}
	return handle(&msg);
}

/*
 * A request that could not be sent over TCP (no connection to be made).
 * One that went to TCP only for its size goes over UDP after all (RFC
 * 3261 18.1.1 retries UDP after a reset; here after any failure: a
 * fragmented datagram is better than a failed call), its Via saying so.
 * Any other is answered as if its next hop had answered, 513 Message
 * Too Large when it was too big for UDP, else 503 (RFC 3261 8.1.3.1);
 * the answer then goes the way of any response, to the request's
 * sender. p is the request as sent, from our address from to to. 1 if
 * *out has what to send.
 */
int
proxy_fail(const char *p, size_t n, const struct addr *from,
    const struct addr *to, struct proxy_out *out)
{
	static char req[OUT_MAX], resp[OUT_MAX];

	if (n > sizeof(req))
		return 0;
	memcpy(req, p, n);
	begin(out, TP_UDP, to, from);
	if (sip_parse(req, n, &msg) != DROP_NONE || !msg.is_req)
		return 0;
	if (n > UDP_SIZE_MAX && !asks_tcp(&msg, NULL)) {
		via_transport(req, n, "TCP", "UDP");
		emit(from, to, req, n);
		return 1;
	}
	reply(&msg, n > UDP_SIZE_MAX ? "513 Message Too Large" :
	    "503 Service Unavailable");
	if (!out_made)	/* (made in outbuf: it fits resp) */
		return 0;
	memcpy(resp, out->p, out->n);
	n = out->n;
	out_made = 0;
	if (sip_parse(resp, n, &msg) != DROP_NONE)
		return 0;
	return handle(&msg);
}
