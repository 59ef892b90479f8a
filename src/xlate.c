/*
 * xlate.c - exchanging the addresses of one family for the other at the
 * host positions of SIP's grammar (find.c), element by element: a URI or
 * a Via at a time, since that is what one carried parameter belongs to.
 *
 * An address of the sending family F is exchanged (SPEC 3):
 *  - our own address in an element that holds our authenticated ;sp64=:
 *    the original it carries for that slot, and the parameter goes;
 *  - the placeholder 0.0.0.0 or :: for the other family's placeholder;
 *  - an address of the table for its partner;
 *  - anything else for the local address the message leaves from; the
 *    original is carried in one ;sp64= for the whole element (a bare URI
 *    in a field gets <> so that the parameter stays the URI's), marked
 *    vouched when it was the datagram's source. Special addresses
 *    (loopback, multicast, link-local, IPv4-mapped) are never carried.
 */
#include <stdio.h>
#include <string.h>

#include "auth.h"
#include "stats.h"
#include "xlate.h"

/* Write a translated address as it belongs in its context. */
static void
put_addr(struct obuf *ob, const struct addr *a, enum xctx ctx, int port)
{
	char buf[ADDR_STRLEN];

	if (ctx == XC_RECEIVED) {
		addr_fmt(a, buf, sizeof(buf), 0, 0);
	} else
		addr_fmt(a, buf, sizeof(buf), 1, port);
	ob_puts(ob, buf);
}

static int
wants_port(int had_port, const struct addr *out, enum xctx ctx)
{
	if (ctx == XC_RECEIVED || ctx == XC_PARAM)
		return 0;
	if (had_port)
		return 1;
	return (ctx == XC_URIHOST || ctx == XC_SENTBY) &&
	    addr_port(out) != 0 && addr_port(out) != SIP_PORT;
}

static void
put_edit(struct xlate *x, size_t off, const struct hostpos *h,
    const struct addr *a, int port)
{
	char tmp[ADDR_STRLEN + 8];
	struct obuf ob;

	ob_init(&ob, tmp, sizeof(tmp));
	put_addr(&ob, a, h->ctx, port);
	ed_addob(x->ed, off + h->off, h->len, &ob);
}

/* The entry of an authentic carried parameter for a slot, or NULL. */
static const struct carried *
entry_for(const struct carried *c, unsigned n, unsigned slot, int from)
{
	unsigned i;

	for (i = 0; i < n; i++)
		if (c[i].slot == slot && addr_af(&c[i].a) != from)
			return &c[i];
	return NULL;
}

/* The partner in the table of a (by IP, or with the port), or else the
 * leaving address: 1 for a partner. */
static int
partner(const struct xlate *x, const struct addr *a, int withport,
    struct addr *out)
{
	const struct pair *p = map_lookup(x->map, a, withport);

	*out = p != NULL ? *map_partner(p, a) : x->leave;
	return p != NULL;
}

/*
 * An address that is not ours to carry back, written with a port or not
 * at a position of context ctx: the partner in the table, the placeholder,
 * or the leaving address; 1 when the original goes along.
 */
static int
exchange(struct xlate *x, const struct addr *in, enum xctx ctx,
    int has_port, struct addr *out)
{
	/* a URI host or sent-by without a port means port 5060 */
	int dflt = ctx == XC_URIHOST || ctx == XC_SENTBY;
	struct addr a = *in;

	if (addr_is_unspec(&a)) {
		memset(out, 0, sizeof(*out));
		out->u.sa.sa_family = (sa_family_t)AF_OTHER(x->from);
		addr_set_port(out, addr_port(in));	/* as written */
		return 0;
	}
	if (!has_port && dflt)
		addr_set_port(&a, SIP_PORT);
	if (partner(x, &a, dflt || has_port, out))
		return 0;
	return !addr_is_special(&a) && !map_is_local(x->map, &a, 0);
}

/* The state of one element while it is translated. */
struct etrans {
	struct carried	 in[AUTH_MAXCARRY];	/* what it brought */
	unsigned	 nin;
	int		 authentic;
	int		 removed;	/* its ;sp64= goes */
	struct carried	 out[AUTH_MAXCARRY];	/* what it will carry */
	unsigned	 nout;
};

/* One more address for the element to carry; -1 when it has enough. */
static int
add_carry(struct etrans *t, unsigned slot, const struct addr *a, int vouched)
{
	if (t->nout >= AUTH_MAXCARRY)
		return -1;
	t->out[t->nout].slot = slot;
	t->out[t->nout].a = *a;
	t->out[t->nout].vouched = vouched;
	t->nout++;
	return 0;
}

/* Translate host k of the element; 0, or -1 when too much to carry. */
static int
xlate_host(struct xlate *x, size_t off, const struct elem *e, unsigned k,
    struct etrans *t)
{
	const struct hostpos *h = &e->h[k];
	const struct carried *c = NULL;
	const struct addr *to;
	struct addr out;
	int carry = 0, port;

	if (t->authentic && map_is_local(x->map, &h->a, 0))
		c = entry_for(t->in, t->nin, k, x->from);
	if (c != NULL) {
		to = &c->a;	/* the original comes back */
		port = addr_port(to) != 0;
	} else {
		carry = exchange(x, &h->a, h->ctx, h->has_port, &out);
		to = &out;
		port = wants_port(h->has_port, &out, h->ctx);
	}
	put_edit(x, off, h, to, port);
	if (!carry || h->ctx == XC_HOSTPORT)	/* a warn-agent is text */
		return 0;
	return add_carry(t, k, &h->a,
	    x->src != NULL && addr_eq_ip(&h->a, x->src));
}

/* ;received= for the Via that sipproxy64 stamps (RFC 3261 18.2.1). */
static int
add_received(struct xlate *x, size_t off, const struct elem *e,
    struct etrans *t)
{
	char tmp[ADDR_STRLEN + 16], ip[ADDR_STRLEN];
	struct addr a = *x->src, out;
	int carry, n;

	addr_set_port(&a, 0);
	carry = exchange(x, &a, XC_RECEIVED, 0, &out);
	addr_fmt(&out, ip, sizeof(ip), 0, 0);
	n = snprintf(tmp, sizeof(tmp), ";received=%s", ip);
	ed_add(x->ed, off + e->pend, 0, tmp, (size_t)n);
	if (!carry)
		return 0;
	if (e->nh >= FIND_MAXHOST)
		return -1;
	return add_carry(t, e->nh, &a, 1);
}

/* The one carried parameter of the element; a bare URI gets <>. */
static int
put_carried(struct xlate *x, size_t off, const struct elem *e,
    const struct etrans *t)
{
	char tmp[16 + 4 * AUTH_MAXCARRY * 19];
	struct obuf ob;

	if (x->carried >= XLATE_MAXCARRY)
		return -1;
	x->carried++;
	ob_init(&ob, tmp, sizeof(tmp));
	ob_puts(&ob, ";" AUTH_PARAM "=");
	auth_put_carried(&ob, t->out, t->nout);
	if (e->bare) {
		ob_putc(&ob, '>');
		ed_add(x->ed, off + e->off, 0, "<", 1);
	}
	ed_addob(x->ed, off + e->pend, 0, &ob);
	return 0;
}

/* Does the element hold a literal of family af? */
static int
elem_has(const struct elem *e, int af)
{
	unsigned k;

	for (k = 0; k < e->nh; k++)
		if (addr_af(&e->h[k].a) == af)
			return 1;
	return 0;
}

/* The element's ;sp64= goes; counted when it is forged. */
static void
drop_carried(struct xlate *x, size_t off, const struct elem *e, int forged)
{
	if (forged) {
		x->forged++;
		stats.forged++;
	}
	ed_add(x->ed, off + e->coff, e->clen, NULL, 0);
}

/* Check the element's ;sp64=: ours and authentic, or it goes. */
static void
check_carried(struct xlate *x, size_t off, const struct elem *e,
    struct etrans *t)
{
	unsigned k;
	int ours = 0;

	memset(t, 0, sizeof(*t));
	if (e->carried.p == NULL)
		return;
	for (k = 0; k < e->nh; k++)
		if (addr_af(&e->h[k].a) == x->from &&
		    map_is_local(x->map, &e->h[k].a, 0))
			ours = 1;
	if (!ours)
		return;		/* not next to our address: not ours */
	t->authentic = auth_get_carried(e->carried, t->in, &t->nin) == 0;
	t->removed = 1;
	drop_carried(x, off, e, !t->authentic);
}

static int
xlate_elem(struct xlate *x, size_t off, const struct elem *e)
{
	struct etrans t;
	unsigned k;
	int stamp = x->add_received && e->kind == EK_VIA;
	int has = elem_has(e, x->from);

	if (stamp)
		x->add_received = 0;
	if (e->nlit > e->nh && has)
		return -1;	/* more hosts than one element may have */
	if (!stamp && !has)
		return 0;
	check_carried(x, off, e, &t);
	for (k = 0; k < e->nh; k++)
		if (addr_af(&e->h[k].a) == x->from &&
		    xlate_host(x, off, e, k, &t) != 0)
			return -1;
	if (stamp && add_received(x, off, e, &t) != 0)
		return -1;
	if (t.nout == 0)
		return 0;
	if (e->carried.p != NULL && !t.removed) {
		/* one carried parameter per element: not ours, it goes */
		drop_carried(x, off, e, 1);
	}
	return put_carried(x, off, e, &t);
}

/*
 * Translate every address of family F in base[off, off+len), a field
 * value or the Request-URI, recording edits. 0, or -1 when the message
 * would carry or change too much.
 */
int
xlate_span(struct xlate *x, size_t off, size_t len, unsigned flags)
{
	const char *p = x->base + off;
	struct elem e;
	size_t pos = 0;

	while (find_next(p, len, &pos, flags, &e))
		if (xlate_elem(x, off, &e) != 0)
			return -1;
	return x->ed->overflow ? -1 : 0;
}

/* SDP: by IP alone; unknown becomes the leaving address. */
int
xlate_sdp_addr(const struct xlate *x, const struct addr *a, struct addr *out)
{
	return partner(x, a, 0, out);
}

/* Is there a host literal of family af in the value? (the invariant) */
int
xlate_has_family(const char *p, size_t n, unsigned flags, int af)
{
	struct elem e;
	size_t pos = 0;

	while (find_next(p, n, &pos, flags, &e))
		if (elem_has(&e, af) || e.nlit > e.nh)
			return 1;
	return 0;
}

/* A carried address as a next hop: only when vouched, never special;
 * -1 when the parameter carries no host. */
static int
carried_target(const struct xlate *x, const struct elem *e,
    struct addr *out)
{
	struct carried c[AUTH_MAXCARRY];
	const struct carried *h;
	unsigned n;

	if (auth_get_carried(e->carried, c, &n) != 0)
		return XT_FORGED;
	h = entry_for(c, n, 0, x->from);
	if (h == NULL)
		return -1;
	if (!h->vouched || addr_is_special(&h->a))	/* (and placeholders) */
		return XT_UNKNOWN;
	*out = h->a;
	if (addr_port(out) == 0)
		addr_set_port(out, SIP_PORT);
	return map_is_local(x->map, out, 0) ? XT_SELF : XT_KNOWN;
}

/* The other family's literal, as the sender wrote it. */
static enum xtarget
foreign_target(const struct xlate *x, const struct addr *a,
    struct addr *out)
{
	if (map_is_known_target(x->map, a)) {
		*out = *a;
		return XT_KNOWN;
	}
	return map_is_local(x->map, a, 1) ? XT_SELF : XT_UNKNOWN;
}

/*
 * Where a URI leads (SPEC 3, next hop): a host sipproxy64 knows, itself,
 * or something it will not send to (XT_FORGED: our address with a carried
 * parameter that we did not write). *out gets the destination in G.
 */
enum xtarget
xlate_target(const struct xlate *x, struct sl uri, struct addr *out)
{
	struct elem e;
	struct addr a;
	size_t pos = 0;
	int t, local;

	if (!find_next(uri.p, uri.n, &pos, FIND_RURI, &e) || e.nh == 0 ||
	    e.h[0].ctx != XC_URIHOST)
		return XT_UNKNOWN;
	a = e.h[0].a;
	if (!e.h[0].has_port)
		addr_set_port(&a, SIP_PORT);
	if (addr_af(&a) != x->from)
		return foreign_target(x, &a, out);
	local = map_is_local(x->map, &a, 0);
	if (local && e.carried.p != NULL) {
		t = carried_target(x, &e, out);
		if (t >= 0)
			return (enum xtarget)t;
	}
	if (!partner(x, &a, 1, out))
		return XT_UNKNOWN;
	if (map_is_known_target(x->map, out))
		return XT_KNOWN;
	return local || map_is_local(x->map, out, 0) ? XT_SELF : XT_UNKNOWN;
}
