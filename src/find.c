/*
 * find.c - the host positions of SIP's grammar in a header field value
 * (RFC 3261 25.1), found generically: no header is known by name.
 *
 * The value is walked once. Quoted strings and comments are passed over
 * whole (one scanner, sl_skip_quoted / sl_skip_comment). At the start of
 * each comma-separated element, two shapes are recognised: a via-parm
 * (sent-protocol LWS sent-by *(; via-params)) and a warning-value (3DIGIT
 * SP warn-agent SP quoted-string). Anywhere else, "sip:" or "sips:" at
 * the start of a word opens a SIP URI: in <> (name-addr), bare (addr-spec,
 * whose ;parameters are then the field's), or the Request-URI. Every
 * other scheme (http:, mailto:, tel:, ...) is text. Nothing here reads
 * outside the slice it is given.
 */
#include <string.h>

#include "find.h"

#define URI_ANGLE	0	/* in <>: parameters are the URI's */
#define URI_BARE	1	/* addr-spec in a field: no URI parameters */
#define URI_WHOLE	2	/* the Request-URI: the whole slice */

static int
is_hostch(int c)
{
	return sl_isalpha(c) || sl_isdigit(c) || c == '-' || c == '.' ||
	    c == '_' || c == ':' || c == '[' || c == ']';
}

/* ":port" exactly: 1 to 5 digits, at most 65535. */
static int
parse_port(struct sl s, uint16_t *port)
{
	uint32_t v;

	if (s.n < 2 || s.n > 6 || s.p[0] != ':' ||
	    sl_u32(sl_make(s.p + 1, s.n - 1), 65535, &v) != 0)
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/*
 * Is the slice "host[:port]" an address literal? Fills hp->a (port 0 when
 * none), has_port. 1 if it is, 0 for a name or junk. IPv6 is in brackets,
 * or bare (not SIP, but written): the whole run, or the run less the port
 * after its last colon; an IPv4 address has no colon of its own.
 */
int
find_host_literal(struct sl s, struct hostpos *hp)
{
	const char *c, *end = s.p + s.n;
	struct sl port = sl_make(end, 0);
	uint16_t pv = 0;

	memset(&hp->a, 0, sizeof(hp->a));
	hp->has_port = 0;
	if (s.n > 0 && s.p[0] == '[') {
		c = memchr(s.p, ']', s.n);
		if (c == NULL || addr_parse_ip(sl_make(s.p + 1,
		    (size_t)(c - s.p - 1)), &hp->a) != 0 ||
		    addr_af(&hp->a) != AF_INET6)
			return 0;
		port = sl_make(c + 1, (size_t)(end - c - 1));
	} else if (addr_parse_ip(s, &hp->a) != 0) {
		for (c = end; c > s.p && c[-1] != ':'; c--)
			;
		if (c == s.p || addr_parse_ip(sl_make(s.p,
		    (size_t)(c - 1 - s.p)), &hp->a) != 0)
			return 0;
		port = sl_make(c - 1, (size_t)(end - c + 1));
	}
	if (port.n > 0) {
		if (parse_port(port, &pv) != 0)
			return 0;
		hp->has_port = 1;
	}
	addr_set_port(&hp->a, pv);
	return 1;
}

/* Record a host position of the element, if it holds a literal. */
static void
add_host(struct elem *e, const char *p, size_t off, size_t len,
    enum xctx ctx)
{
	struct hostpos hp;

	if (!find_host_literal(sl_make(p + off, len), &hp))
		return;
	e->nlit++;
	if (e->nh >= FIND_MAXHOST)
		return;
	hp.off = off;
	hp.len = len;
	hp.ctx = ctx;
	if (ctx == XC_RECEIVED) {	/* an address alone */
		hp.has_port = 0;
		addr_set_port(&hp.a, 0);
	}
	e->h[e->nh++] = hp;
}

static size_t
host_run(const char *p, size_t end, size_t i)
{
	while (i < end && is_hostch((unsigned char)p[i]))
		i++;
	return i;
}

/*
 * The ;name[=value] parameters of a URI or a Via from p[k] on (white
 * space allowed around ';' and '=', and in a Via before ';'), noting
 * maddr=, a Via's received= and ours (sp64=). Returns the index after the
 * last one, k if there is none.
 */
static size_t
params(struct elem *e, const char *p, size_t end, size_t k, int via)
{
	const char *stop = via ? ";,\"" : ";?>\"";
	size_t q, i, j, vo, vl;
	struct sl name;

	for (;;) {
		/* LWS before the ";" in a Via only: a URI's bound is k */
		q = sl_skip_lws(p, via ? end : k, k);
		if (q >= end || p[q] != ';')
			return k;
		i = sl_skip_wsp(p, end, q + 1);
		j = sl_skip_token(p, end, i);
		name = sl_make(p + i, j - i);
		i = sl_skip_wsp(p, end, j);
		vo = vl = 0;
		if (i < end && p[i] == '=') {
			vo = sl_skip_wsp(p, end, i + 1);
			j = sl_word_end(p, end, vo, stop);
			vl = j - vo;
		}
		k = j;
		if (sl_eq_ci(name, "maddr"))
			add_host(e, p, vo, vl, XC_PARAM);
		else if (via && sl_eq_ci(name, "received"))
			add_host(e, p, vo, vl, XC_RECEIVED);
		else if (sl_eq_ci(name, "sp64") && e->carried.p == NULL) {
			e->carried = sl_make(p + vo, vl);
			e->coff = q;
			e->clen = k - q;
		}
	}
}

/* The end of a URI that starts at p[i]. */
static size_t
uri_end(const char *p, size_t n, size_t i, int mode)
{
	const char *gt;

	if (mode == URI_WHOLE)
		return n;
	if (mode == URI_ANGLE) {
		gt = memchr(p + i, '>', n - i);
		return gt == NULL ? n : (size_t)(gt - p);
	}
	return sl_word_end(p, n, i, ",;?>\"");	/* p[i] is the scheme's */
}

/* A SIP URI at p[i] ("sip:" or "sips:", scheme length sl). */
static void
parse_uri(const char *p, size_t n, size_t i, size_t sl, int mode,
    struct elem *e)
{
	size_t end = uri_end(p, n, i, mode), h = i + sl, k;
	const char *at = memchr(p + h, '@', end - h);

	e->kind = EK_URI;
	e->off = i;
	e->end = end;
	e->bare = mode == URI_BARE;
	if (at != NULL)
		h = (size_t)(at - p) + 1;
	k = host_run(p, end, h);
	add_host(e, p, h, k - h, XC_URIHOST);
	e->pend = mode == URI_BARE ? end : params(e, p, end, k, 0);
}

/* sent-protocol (token SLASH token SLASH token, SLASH = SWS "/" SWS) and
 * LWS at p[i]; the sent-by's offset, or 0 if this is no via-parm. */
static size_t
via_shape(const char *p, size_t n, size_t i)
{
	int part;
	size_t j = i, s;

	for (part = 0; part < 3; part++) {
		if (part > 0) {
			j = sl_skip_lws(p, n, j);
			if (j >= n || p[j] != '/')
				return 0;
			j = sl_skip_lws(p, n, j + 1);
		}
		s = j;
		if ((j = sl_skip_token(p, n, s)) == s)
			return 0;
	}
	if (j >= n || !sl_islws((unsigned char)p[j]))
		return 0;
	j = sl_skip_lws(p, n, j);
	return j < n ? j : 0;
}

static int
parse_via(const char *p, size_t n, size_t i, struct elem *e)
{
	size_t sb = via_shape(p, n, i), k;

	if (sb == 0)
		return 0;
	e->kind = EK_VIA;
	e->off = i;
	e->end = sl_elem_end(p, n, i);
	k = host_run(p, e->end, sb);
	add_host(e, p, sb, k - sb, XC_SENTBY);
	e->pend = params(e, p, e->end, k, 1);
	return 1;
}

/* warn-code SP warn-agent SP quoted-string at p[i]. */
static int
parse_warning(const char *p, size_t n, size_t i, struct elem *e)
{
	size_t k = i + 4, end;
	uint32_t code;

	if (i + 4 >= n || sl_u32(sl_make(p + i, 3), 999, &code) != 0 ||
	    p[i + 3] != ' ')
		return 0;
	end = host_run(p, n, k);
	if (end == k || end + 1 >= n || p[end] != ' ' || p[end + 1] != '"')
		return 0;
	e->kind = EK_WARNING;
	e->off = i;
	e->end = sl_elem_end(p, n, i);
	e->pend = end;
	add_host(e, p, k, end - k, XC_HOSTPORT);
	return 1;
}

/* "sip:" or "sips:" at p[i]: the scheme's length, else 0. */
static size_t
sip_scheme(const char *p, size_t n, size_t i)
{
	struct sl s = sl_make(p + i, n - i);

	if (sl_prefix_ci(s, "sip:"))
		return 4;
	if (sl_prefix_ci(s, "sips:"))
		return 5;
	return 0;
}

/*
 * A DQUOTE where no quoted-string can open (sl.h) anywhere in
 * the value: the walk of sl_elem_end, element by element, stops at one.
 * A URI holds none at all: in the Request-URI, any DQUOTE is one.
 */
static int
stray_quote(const char *p, size_t n, unsigned flags)
{
	size_t i = 0;

	if (memchr(p, '"', n) == NULL)
		return 0;	/* most values: no walk */
	if (flags & FIND_RURI)
		return 1;
	while ((i = sl_elem_end(p, n, i)) < n && p[i] == ',')
		i++;
	return i < n;
}

/*
 * The next element at or after *pos of the value p[0..n) that holds host
 * positions. Returns 1 and fills *e (setting *pos after it), or 0. A
 * value with a stray DQUOTE (see sl.h) is one element that holds a
 * literal and no place for it: the translation leaves it, and the
 * invariant (xlate_has_family) refuses the message.
 */
int
find_next(const char *p, size_t n, size_t *pos, unsigned flags,
    struct elem *e)
{
	size_t i = *pos, s;
	int angle = 0, start = i == 0;

	memset(e, 0, sizeof(*e));	/* carried.p NULL: none yet */
	if (i == 0 && stray_quote(p, n, flags)) {
		e->nlit = 1;
		*pos = n;
		return 1;
	}
	if (flags & FIND_RURI) {
		*pos = n;
		if (i != 0 || (s = sip_scheme(p, n, 0)) == 0)
			return 0;
		parse_uri(p, n, 0, s, URI_WHOLE, e);
		return 1;
	}
	for (;;) {
		if (start) {
			i = sl_skip_lws(p, n, i);
			if (i < n && (parse_via(p, n, i, e) ||
			    parse_warning(p, n, i, e))) {
				*pos = e->end;
				return 1;
			}
			start = 0;
		}
		if (i >= n)
			break;
		if (p[i] == '"') {
			i = sl_skip_quoted(p, n, i);
			continue;
		}
		if (p[i] == '(' && !angle) {
			i = sl_skip_comment(p, n, i);
			continue;
		}
		if ((i == 0 || sl_islws((unsigned char)p[i - 1]) ||
		    p[i - 1] == '<' || p[i - 1] == ',') &&
		    (s = sip_scheme(p, n, i)) != 0) {
			parse_uri(p, n, i, s, angle ? URI_ANGLE : URI_BARE, e);
			*pos = e->end;	/* past the scheme at least */
			return 1;
		}
		if (p[i] == '<')
			angle = 1;
		else if (p[i] == '>')
			angle = 0;
		start = p[i] == ',' && !angle;
		i++;
	}
	*pos = n;
	return 0;
}
