/*
 * xlate.c - finding address literals generically, and exchanging them.
 *
 * The finder looks at runs of the characters an address literal is made
 * of (hex digits, '.', ':') and at "[...]", where a host name or token
 * cannot continue on either side. A run that is a dotted quad (optionally
 * ":port") or that inet_pton accepts as IPv6 is an address; anything else
 * is skipped whole. It never reads outside the slice it is given.
 *
 * An address of the sending family F is exchanged (SPEC 3):
 *  - our own address followed by our authenticated ;sp64= parameter: the
 *    address carried in it, and the parameter goes;
 *  - an address of the table: its partner;
 *  - anything else: the local address the message leaves from, and where
 *    a parameter can stand (URI host, Via, name=value) the original goes
 *    along in ;sp64=; a bare URI in a header gets <> so that the
 *    parameter stays a URI parameter.
 */
#include <string.h>

#include "auth.h"
#include "sip.h"
#include "stats.h"
#include "xlate.h"

static int
is_litch(int c)
{
	return sl_isxdigit(c) || c == ':' || c == '.';
}

/* A character that continues a host name or token next to a literal. */
static int
is_wordch(int c)
{
	return sl_isalpha(c) || sl_isdigit(c) || c == '.' || c == '-' ||
	    c == '_';
}

static size_t
digits(const char *p, size_t n, size_t i, size_t max)
{
	size_t j = i;

	while (j < n && j - i < max + 1 && sl_isdigit((unsigned char)p[j]))
		j++;
	return j - i;
}

/* ":port" at p[i]; returns its length (0 if none) and sets *port. */
static size_t
port_at(const char *p, size_t n, size_t i, uint16_t *port)
{
	size_t d;
	uint32_t v;

	if (i >= n || p[i] != ':')
		return 0;
	d = digits(p, n, i + 1, 5);
	if (d == 0 || d > 5 ||
	    sl_u32(sl_make(p + i + 1, d), 65535, &v) != 0)
		return 0;
	*port = (uint16_t)v;
	return d + 1;
}

/* A dotted quad at p[i..]; returns its length or 0. */
static size_t
quad_at(const char *p, size_t n, size_t i)
{
	size_t j = i, d;
	int k;

	for (k = 0; k < 4; k++) {
		d = digits(p, n, j, 3);
		if (d == 0 || d > 3)
			return 0;
		j += d;
		if (k < 3) {
			if (j >= n || p[j] != '.')
				return 0;
			j++;
		}
	}
	return j - i;
}

/* Try a literal starting exactly at p[i]. */
static int
lit_at(const char *p, size_t n, size_t i, struct lit *l)
{
	size_t j, k, q, pl;
	uint16_t port = 0;

	memset(l, 0, sizeof(*l));
	if (p[i] == '[') {
		for (j = i + 1; j < n && j - i <= 46 && is_litch((unsigned char)p[j]);
		    j++)
			;
		if (j >= n || p[j] != ']' || j == i + 1)
			return 0;
		if (addr_parse_ip(sl_make(p + i + 1, j - i - 1), &l->a) != 0)
			return 0;
		l->brackets = 1;
		k = j + 1;
	} else {
		for (j = i; j < n && is_litch((unsigned char)p[j]); j++)
			;
		q = quad_at(p, n, i);
		if (q > 0 && (i + q == n || p[i + q] != '.')) {
			if (addr_parse_ip(sl_make(p + i, q), &l->a) != 0)
				return 0;
			k = i + q;
		} else {
			/* IPv6 without brackets: the whole run, or the run
			 * less a trailing :port (RFC 5118 4.3 style). */
			if (j - i > 45 + 6)
				return 0;
			if (addr_parse_ip(sl_make(p + i, j - i), &l->a) == 0)
				k = j;
			else {
				for (q = j; q > i && p[q - 1] != ':'; q--)
					;
				if (q <= i + 1 || q == j ||
				    addr_parse_ip(sl_make(p + i, q - 1 - i),
				    &l->a) != 0 || addr_af(&l->a) != AF_INET6)
					return 0;
				k = q - 1;
			}
			if (addr_af(&l->a) != AF_INET6)
				return 0;
			l->off = i;
			l->len = k - i;
			if (k < j) {
				pl = port_at(p, n, k, &port);
				if (pl != j - k)
					return 0;
				l->has_port = 1;
				addr_set_port(&l->a, port);
				l->len = j - i;
			}
			if (j < n && is_wordch((unsigned char)p[j]))
				return 0;
			return 1;
		}
	}
	pl = port_at(p, n, k, &port);
	if (pl > 0) {
		l->has_port = 1;
		addr_set_port(&l->a, port);
		k += pl;
	}
	if (k < n && (is_wordch((unsigned char)p[k]) || p[k] == '['))
		return 0;
	l->off = i;
	l->len = k - i;
	return 1;
}

/*
 * Does a URI scheme end at the ':' at p[i]? RFC 3986: a letter, then
 * letters, digits, '+', '-', '.', standing on its own (so that the hex
 * pairs of an a=fingerprint, "12:DF:3E:...", are no scheme).
 */
static int
is_scheme(const char *p, size_t i)
{
	size_t j = i;

	while (j > 0 && (sl_isalpha((unsigned char)p[j - 1]) ||
	    sl_isdigit((unsigned char)p[j - 1]) || p[j - 1] == '+' ||
	    p[j - 1] == '-' || p[j - 1] == '.'))
		j--;
	if (j == i || !sl_isalpha((unsigned char)p[j]))
		return 0;
	return j == 0 || !(is_wordch((unsigned char)p[j - 1]) ||
	    p[j - 1] == ':');
}

/*
 * The next literal in p[0..n) at or after *pos. Returns 1 and fills *l,
 * setting *pos after it; 0 when there is none.
 */
int
xlate_next_lit(const char *p, size_t n, size_t *pos, struct lit *l)
{
	size_t i = *pos;
	int c, prev, scheme;

	for (; i < n; i++) {
		c = (unsigned char)p[i];
		prev = i > 0 ? (unsigned char)p[i - 1] : ' ';
		scheme = 0;
		if (c == ':' && sl_isalpha(prev) && i + 1 < n &&
		    (is_litch((unsigned char)p[i + 1]) || p[i + 1] == '[') &&
		    !(i + 2 < n && p[i + 1] == ':' && p[i + 2] != ':') &&
		    is_scheme(p, i)) {
			/* "scheme:" then the literal */
			scheme = 1;
		} else if (c == '[') {
			if (is_wordch(prev) || prev == ']')
				continue;
		} else if (!is_litch(c) || is_wordch(prev) || prev == ':' ||
		    prev == ']')
			continue;
		if (lit_at(p, n, i + (size_t)scheme, l)) {
			l->after_scheme = scheme;
			*pos = l->off + l->len;
			return 1;
		}
	}
	*pos = n;
	return 0;
}

/* Is there any literal of family af in the text? (the invariant oracle) */
int
xlate_has_family(const char *p, size_t n, int af)
{
	struct lit l;
	size_t pos = 0;

	while (xlate_next_lit(p, n, &pos, &l))
		if (addr_af(&l.a) == af)
			return 1;
	return 0;
}

/* Write a translated address as it belongs in its context. */
static void
put_addr(struct obuf *ob, const struct addr *a, enum xctx ctx, int port,
    const struct lit *l)
{
	char buf[ADDR_STRLEN];
	int br;

	switch (ctx) {
	case XC_RECEIVED:
	case XC_SDP:
		br = 0;
		port = 0;
		break;
	case XC_BARE:
		/* text keeps the writer's style */
		br = l != NULL && l->brackets;
		break;
	default:
		br = 1;
	}
	addr_fmt(a, buf, sizeof(buf), br, port);
	ob_puts(ob, buf);
}

static int
wants_port(const struct lit *l, const struct addr *out, enum xctx ctx)
{
	if (ctx == XC_RECEIVED || ctx == XC_SDP)
		return 0;
	if (l != NULL && l->has_port)
		return 1;
	return (ctx == XC_URIHOST || ctx == XC_SENTBY) &&
	    addr_port(out) != 0 && addr_port(out) != SIP_PORT;
}

/*
 * Translate one address of family F for the given context: partner in
 * the table, else the leaving address with the original carried along
 * (when carry is set). Used for what sipproxy64 adds itself (received=).
 */
void
xlate_addr(struct xlate *x, struct obuf *ob, const struct addr *a,
    enum xctx ctx, int carry)
{
	int portaware = ctx == XC_URIHOST || ctx == XC_SENTBY;
	const struct pair *p = map_lookup(x->map, a, portaware);

	if (p != NULL) {
		const struct addr *o = map_partner(p, a);

		put_addr(ob, o, ctx, wants_port(NULL, o, ctx), NULL);
		return;
	}
	put_addr(ob, &x->leave, ctx, wants_port(NULL, &x->leave, ctx),
	    NULL);
	if (carry) {
		ob_puts(ob, ";" AUTH_PARAM "=");
		auth_put_addr(ob, a);
	}
}

/* SDP: by IP alone; unknown becomes the leaving address. */
int
xlate_sdp_addr(const struct xlate *x, const struct addr *a, struct addr *out)
{
	const struct pair *p = map_lookup(x->map, a, 0);

	if (p != NULL) {
		*out = *map_partner(p, a);
		return 1;
	}
	*out = x->leave;
	return 0;
}

/* The token before '=' that precedes p[i]. */
static struct sl
param_name(const char *p, size_t i)
{
	size_t j = i;

	while (j > 0 && sl_islws((unsigned char)p[j - 1]))
		j--;
	i = j;
	while (j > 0 && sl_istoken((unsigned char)p[j - 1]))
		j--;
	return sl_make(p + j, i - j);
}

/*
 * Find ;sp64=VALUE after a literal ending at p[i]: directly after it, or
 * (in a URI) anywhere among the parameters that follow. Sets *poff and *plen
 * to the whole ";sp64=VALUE" and returns the value.
 */
static struct sl
find_carried(const char *p, size_t n, size_t i, int anywhere, size_t *poff,
    size_t *plen)
{
	size_t j, k, v;
	struct sl name;

	while (i < n && p[i] == ';') {
		j = i + 1;
		k = j;
		while (k < n && sl_istoken((unsigned char)p[k]))
			k++;
		name = sl_make(p + j, k - j);
		v = k;
		if (k < n && p[k] == '=') {
			v = k + 1;
			while (v < n && sl_istoken((unsigned char)p[v]))
				v++;
		}
		if (sl_eq_ci(name, AUTH_PARAM) && v > k + 1) {
			*poff = i;
			*plen = v - i;
			return sl_make(p + k + 1, v - k - 1);
		}
		if (!anywhere)
			break;
		if (v < n && p[v] == '"')
			break;
		i = v;
	}
	return sl_make(NULL, 0);
}

/* Where the URI that holds the literal at p[i] starts: its scheme. */
static size_t
uri_start(const char *p, size_t from, size_t i)
{
	size_t j = i;

	while (j > from) {
		j--;
		if (p[j] == ':' && j >= from + 3 &&
		    sl_prefix_ci(sl_make(p + j - 3, 4), "sip:")) {
			return j - 3;
		}
		if (p[j] == ':' && j >= from + 4 &&
		    sl_prefix_ci(sl_make(p + j - 4, 5), "sips:"))
			return j - 4;
		if (sl_islws((unsigned char)p[j]) || p[j] == ',' ||
		    p[j] == '<' || p[j] == '"')
			break;
	}
	return (size_t)-1;
}

/*
 * Translate every address of family F in base[off, off+len), recording
 * edits. Returns 0, or -1 when the edit list is full.
 */
int
xlate_span(struct xlate *x, size_t off, size_t len, unsigned flags)
{
	const char *p = x->base + off;
	char tmp[512];
	struct obuf ob;
	struct lit l;
	struct addr out;
	struct sl v, name;
	size_t pos = 0, scan = 0, poff = 0, plen = 0, us, elem = 0;
	int quote = 0, angle = 0, semi = 0, carry, prev;
	enum xctx ctx;

	while (xlate_next_lit(p, len, &pos, &l)) {
		/* Track quotes, <> and elements up to the literal. */
		for (; scan < l.off; scan++) {
			char c = p[scan];

			if (quote) {
				if (c == '\\')
					scan++;
				else if (c == '"')
					quote = 0;
			} else if (c == '"')
				quote = 1;
			else if (c == '<')
				angle = 1;
			else if (c == '>')
				angle = 0;
			else if (c == ';')
				semi = 1;
			else if (c == ',' && !angle) {
				semi = 0;
				elem = scan + 1;
			}
		}
		scan = l.off + l.len;
		if (addr_af(&l.a) != x->from)
			continue;

		prev = l.off > 0 ? (unsigned char)p[l.off - 1] : 0;
		if ((flags & XF_VIA) && !semi && !quote && l.off > 0 &&
		    sl_islws(prev))
			ctx = XC_SENTBY;
		else if ((flags & XF_WARNING) && !quote && l.off > 0 &&
		    sl_islws(prev))
			ctx = XC_HOSTPORT;
		else if (prev == '@' || (l.after_scheme && l.off >= 4 &&
		    (sl_prefix_ci(sl_make(p + l.off - 4, 4), "sip:") ||
		    (l.off >= 5 && sl_prefix_ci(sl_make(p + l.off - 5, 5),
		    "sips:")))))
			ctx = XC_URIHOST;
		else if (prev == '=') {
			name = param_name(p, l.off - 1);
			ctx = sl_eq_ci(name, "received") ? XC_RECEIVED :
			    XC_PARAM;
		} else
			ctx = XC_BARE;
		carry = !(flags & XF_NOPARAM) && ctx != XC_BARE &&
		    ctx != XC_HOSTPORT;

		ob_init(&ob, tmp, sizeof(tmp));
		if (map_is_local(x->map, &l.a, 0)) {
			v = find_carried(p, len, l.off + l.len,
			    ctx == XC_URIHOST, &poff, &plen);
			if (v.n > 0 && auth_get_addr(v, &out) == 0 &&
			    addr_af(&out) != x->from) {
				put_addr(&ob, &out, ctx,
				    wants_port(&l, &out, ctx), &l);
				ed_addob(x->ed, off + l.off, l.len, &ob);
				ed_add(x->ed, off + poff, plen, NULL, 0);
				continue;
			}
			if (v.n > 0) {
				/* Not ours: the parameter is dropped too. */
				x->forged++;
				stats.forged++;
				ed_add(x->ed, off + poff, plen, NULL, 0);
			}
		}
		if (!l.has_port && (ctx == XC_URIHOST || ctx == XC_SENTBY))
			addr_set_port(&l.a, SIP_PORT);
		{
			int portaware = ctx == XC_URIHOST ||
			    ctx == XC_SENTBY || l.has_port;
			const struct pair *pr = map_lookup(x->map, &l.a,
			    portaware);

			if (pr != NULL) {
				const struct addr *o = map_partner(pr, &l.a);

				put_addr(&ob, o, ctx, wants_port(&l, o, ctx),
				    &l);
				ed_addob(x->ed, off + l.off, l.len, &ob);
				continue;
			}
		}
		us = (size_t)-1;
		if (ctx == XC_URIHOST && carry && !angle && !quote &&
		    !(flags & (XF_RURI | XF_VIA)))
			us = uri_start(p, elem, l.off);
		put_addr(&ob, &x->leave, ctx, wants_port(&l, &x->leave, ctx),
		    &l);
		if (carry) {
			ob_puts(&ob, ";" AUTH_PARAM "=");
			auth_put_addr(&ob, &l.a);
		}
		if (us != (size_t)-1) {
			ob_putc(&ob, '>');
			ed_add(x->ed, off + us, 0, "<", 1);
		}
		ed_addob(x->ed, off + l.off, l.len, &ob);
	}
	return x->ed->overflow ? -1 : 0;
}

/*
 * Where a URI leads (SPEC 3, next hop): a host sipproxy64 knows, itself,
 * or something it will not send to (XT_FORGED: our address with a carried
 * parameter that we did not write). *out gets the destination in G.
 */
enum xtarget
xlate_target(const struct xlate *x, struct sl uri, struct addr *out)
{
	struct lit l;
	struct sl v;
	size_t pos = 0, poff, plen;
	const struct pair *p;
	int forged = 0;

	/* The host: after '@' if there is one, else after the scheme. */
	if (!xlate_next_lit(uri.p, uri.n, &pos, &l))
		return XT_UNKNOWN;
	if (l.off > 0 && uri.p[l.off - 1] != '@' && !l.after_scheme)
		return XT_UNKNOWN;
	if (!l.has_port)
		addr_set_port(&l.a, SIP_PORT);
	if (addr_af(&l.a) != x->from) {
		/* The other family's literal, as the sender wrote it. */
		if (map_is_known_target(x->map, &l.a)) {
			*out = l.a;
			return XT_KNOWN;
		}
		if (map_is_local(x->map, &l.a, 1))
			return XT_SELF;
		return XT_UNKNOWN;
	}
	if (map_is_local(x->map, &l.a, 0)) {
		v = find_carried(uri.p, uri.n, l.off + l.len, 1, &poff, &plen);
		if (v.n > 0 && auth_get_addr(v, out) == 0 &&
		    addr_af(out) != x->from) {
			if (addr_port(out) == 0)
				addr_set_port(out, SIP_PORT);
			return map_is_local(x->map, out, 1) ? XT_SELF : XT_KNOWN;
		}
		forged = v.n > 0;
	}
	p = map_lookup(x->map, &l.a, 1);
	if (p == NULL)
		return forged ? XT_FORGED : XT_UNKNOWN;
	*out = *map_partner(p, &l.a);
	if (map_is_known_target(x->map, out))
		return XT_KNOWN;
	if (forged)
		return XT_FORGED;
	if (map_is_local(x->map, out, 0) || map_is_local(x->map, &l.a, 0))
		return XT_SELF;
	return XT_UNKNOWN;
}
