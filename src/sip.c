/*
 * sip.c - bounded SIP tokenizer (RFC 3261 section 7 and 25). Lines end in
 * CRLF, or a bare LF, which real stacks send; a line starting with SP or
 * HT continues the previous field (folding). Compact header names are
 * known (RFC 3261 7.3.3). A body is bounded by Content-Length: a shorter
 * body than announced is an error, a longer one is cut (RFC 3261 18.3).
 */
#include <stddef.h>
#include <string.h>

#include "sip.h"

/*
 * The fields the proxy acts on, and how the translation reads a field
 * (SPEC 3). Opaque: a Call-ID, the fields that name a dialog by its
 * Call-ID, and the authentication fields, whose digest covers the uri=
 * and realm= the phone wrote. Text: free text (TEXT-UTF8, product and
 * comment lists), where "sip:" is prose. Every other field, known or not,
 * is read by SIP's grammar.
 */
static const struct {
	char		 name[20];	/* in place: no pointer table */
	char		 compact;
	unsigned char	 id;		/* enum hdr_id */
	unsigned char	 cls;		/* enum hdr_class */
} known[] = {
	{ "via",		'v', H_VIA,	HC_GRAMMAR },
	{ "call-id",		'i', H_CALLID,	HC_OPAQUE },
	{ "content-length",	'l', H_CLEN,	HC_GRAMMAR },
	{ "content-type",	'c', H_CTYPE,	HC_GRAMMAR },
	{ "max-forwards",	0,   H_MAXFWD,	HC_GRAMMAR },
	{ "route",		0,   H_ROUTE,	HC_GRAMMAR },
	{ "cseq",		0,   H_CSEQ,	HC_GRAMMAR },
	{ "from",		'f', H_FROM,	HC_GRAMMAR },
	{ "to",			't', H_TO,	HC_GRAMMAR },
	{ "contact",		'm', H_CONTACT,	HC_GRAMMAR },
	{ "date",		0,   H_DATE,	HC_GRAMMAR },
	{ "warning",		0,   H_WARNING,	HC_GRAMMAR },
	{ "replaces",		0,   H_OTHER,	HC_OPAQUE },
	{ "join",		0,   H_OTHER,	HC_OPAQUE },
	{ "target-dialog",	0,   H_OTHER,	HC_OPAQUE },
	{ "in-reply-to",	0,   H_OTHER,	HC_OPAQUE },
	{ "authorization",	0,   H_OTHER,	HC_OPAQUE },
	{ "proxy-authorization", 0,  H_OTHER,	HC_OPAQUE },
	{ "www-authenticate",	0,   H_OTHER,	HC_OPAQUE },
	{ "proxy-authenticate",	0,   H_OTHER,	HC_OPAQUE },
	{ "authentication-info", 0,  H_OTHER,	HC_OPAQUE },
	{ "subject",		's', H_OTHER,	HC_TEXT },
	{ "organization",	0,   H_OTHER,	HC_TEXT },
	{ "user-agent",		0,   H_OTHER,	HC_TEXT },
	{ "server",		0,   H_OTHER,	HC_TEXT },
};

static void
hdr_kind(struct sip_hdr *h)
{
	struct sl name = h->name;
	size_t i;

	h->id = H_OTHER;
	h->cls = HC_GRAMMAR;
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if ((name.n == 1 && known[i].compact != 0 &&
		    sl_lower((unsigned char)name.p[0]) == known[i].compact) ||
		    sl_eq_ci(name, known[i].name)) {
			h->id = (enum hdr_id)known[i].id;
			h->cls = (enum hdr_class)known[i].cls;
			return;
		}
}

/* A datagram that is only white space, or very short: a keep-alive. */
int
sip_is_keepalive(const char *p, size_t n)
{
	size_t i;

	if (n < 8)
		return 1;
	for (i = 0; i < n; i++)
		if (!sl_islws((unsigned char)p[i]) && p[i] != '\0')
			return 0;
	return 1;
}

/* All of s token characters (RFC 3261 25.1), and not empty. */
static int
is_token(struct sl s)
{
	return s.n > 0 && sl_skip_token(s.p, s.n, 0) == s.n;
}

/* The word before the first SP of *s, *s left after that SP; empty (p
 * NULL) if there is no SP. */
static struct sl
word(struct sl *s)
{
	const char *sp = memchr(s->p, ' ', s->n);
	struct sl w = sl_make(NULL, 0);

	if (sp != NULL) {
		w = sl_make(s->p, (size_t)(sp - s->p));
		*s = sl_make(sp + 1, s->n - w.n - 1);
	}
	return w;
}

/* SIP-Version: "SIP/" something, and only 2.0 is spoken. */
static enum drop_reason
version(struct sl v)
{
	if (!sl_prefix_ci(v, "SIP/"))
		return DROP_START_LINE;
	return sl_eq_ci(v, "SIP/2.0") ? DROP_NONE : DROP_VERSION;
}

static enum drop_reason
parse_start(struct sip_msg *m, struct sl line)
{
	struct sl rest = line;
	enum drop_reason r;
	uint32_t c;
	size_t i;

	if (line.n == 0)
		return DROP_START_LINE;
	if (sl_prefix_ci(line, "SIP/")) {
		/* Status-Line: be lenient with the number of SP (RFC 3665). */
		r = version(word(&rest));
		if (r != DROP_NONE)
			return r;
		while (rest.n > 0 && rest.p[0] == ' ') {
			rest.p++;
			rest.n--;
		}
		if (rest.n < 3 || sl_u32(sl_make(rest.p, 3), 699, &c) != 0 ||
		    c < 100 || (rest.n > 3 && rest.p[3] != ' '))
			return DROP_START_LINE;
		m->code = c;
		return DROP_NONE;
	}
	/* Request-Line: Method SP Request-URI SP SIP-Version, single SP. */
	m->is_req = 1;
	m->method = word(&rest);
	m->ruri = word(&rest);
	if (!is_token(m->method) || m->ruri.n == 0)
		return DROP_START_LINE;
	for (i = 0; i < m->ruri.n; i++)
		if ((unsigned char)m->ruri.p[i] <= ' ' ||
		    m->ruri.p[i] == '<' || m->ruri.p[i] == '>')
			return DROP_START_LINE;
	if (memchr(m->ruri.p, ':', m->ruri.n) == NULL ||
	    memchr(rest.p, ' ', rest.n) != NULL)
		return DROP_START_LINE;
	return version(rest);
}

/* The index of the first field of each kind the proxy looks up, or -1. */
static void
first_fields(struct sip_msg *m)
{
	int *const first[] = {
		[H_VIA] = &m->via,	[H_CALLID] = &m->callid,
		[H_CSEQ] = &m->cseq,	[H_FROM] = &m->from,
		[H_TO] = &m->to,	[H_CTYPE] = &m->ctype,
		[H_MAXFWD] = &m->maxfwd, [H_ROUTE] = &m->route,
	};
	size_t i, k, nf = sizeof(first) / sizeof(first[0]);

	for (k = 0; k < nf; k++)
		if (first[k] != NULL)
			*first[k] = -1;
	for (i = m->nhdr; i-- > 0;)
		if ((k = m->hdr[i].id) < nf && first[k] != NULL)
			*first[k] = (int)i;
}

static enum drop_reason
check_fields(struct sip_msg *m)
{
	struct sl v, num;
	uint32_t x;
	int n;

	first_fields(m);
	if (m->via < 0 || m->callid < 0 || m->cseq < 0 || m->from < 0 ||
	    m->to < 0)
		return DROP_MISSING_HDR;
	if (m->hdr[m->callid].value.n == 0)
		return DROP_MISSING_HDR;
	/* what a response needs is there: an error past here can be
	 * answered (RFC 3261 8.2.6) */
	m->can_answer = m->hdr[m->cseq].value.n > 0;

	/* CSeq: 1*DIGIT LWS Method, the number below 2**31 (RFC 3261 8.1.1.5):
	 * two tokens, the first all digits (sl_u32); a byte between them
	 * that is not LWS leaves the second empty. */
	v = m->hdr[m->cseq].value;
	num = sl_token(&v);
	m->cseq_method = sl_token(&v);
	if (sl_u32(num, 0x7fffffffu, &m->cseq_num) != 0 ||
	    m->cseq_method.n == 0 || sl_trim(v).n != 0)
		return DROP_CSEQ;
	if (m->is_req && (m->method.n != m->cseq_method.n ||
	    memcmp(m->method.p, m->cseq_method.p, m->method.n) != 0))
		return DROP_CSEQ;

	if (m->maxfwd >= 0 &&
	    sl_u32(m->hdr[m->maxfwd].value, 255, &x) != 0)
		return DROP_MAXFWD;

	/* Content-Length: exactly one value (RFC 4475 mcl01: several go). */
	m->clen = -1;
	for (n = 0; n < (int)m->nhdr; n++) {
		if (m->hdr[n].id != H_CLEN)
			continue;
		if (sl_u32(m->hdr[n].value, 0xffffffffu, &x) != 0)
			return DROP_CLEN;
		if (m->clen >= 0)
			return DROP_CLEN;	/* RFC 4475 3.1.2.? mcl01 */
		m->clen = n;
		if (x > m->body_len)
			return DROP_SHORT_BODY;
		m->body_len = x;
	}
	return DROP_NONE;
}

/*
 * A header line, field-name WSP* ":" value: h gets the name, its kind and
 * the value trimmed (an empty one at the line end, where a fold goes on).
 * -1 when the line is no field (a fold, no token and colon, or bad: a
 * control byte): h is then nameless and opaque, the line its value, so
 * that the slot holds no earlier message's field and our answers leave
 * it out.
 */
static int
read_field(struct sl line, int bad, struct sip_hdr *h)
{
	size_t name = sl_skip_token(line.p, line.n, 0);
	size_t colon = sl_skip_wsp(line.p, line.n, name);

	if (bad || name == 0 || colon == line.n || line.p[colon] != ':') {
		h->id = H_OTHER;
		h->cls = HC_OPAQUE;
		h->name = sl_make(line.p, 0);
		h->value = line;
		return -1;
	}
	h->name = sl_make(line.p, name);
	hdr_kind(h);
	h->value = sl_trim(sl_make(line.p + colon + 1, line.n - colon - 1));
	return 0;
}

/*
 * A control byte (%x00-1F, %x7F) other than HT in a header line: RFC 3261
 * 25.1 allows one only as a quoted-pair in a quoted-string (RFC 4475
 * 3.1.1.2 escapes NUL, BEL and DEL there), text to every scanner. Anywhere
 * else, where a word ends would depend on who reads it (a C string stops
 * at a NUL, a slice goes on), so the line is refused: -1.
 * q: in a quoted string as the line starts; returned: as it ends (a fold
 * goes on with it).
 */
static int
quoting(struct sl line, int q)
{
	unsigned char c;
	size_t i;

	for (i = 0; i < line.n; i++) {
		c = (unsigned char)line.p[i];
		if (c == '"')
			q = !q;
		else if (q && c == '\\')
			i++;	/* the octet after it, whatever it is */
		else if ((c < ' ' && c != '\t') || c == 0x7f)
			return -1;
	}
	return q;
}

enum drop_reason
sip_parse(const char *p, size_t len, struct sip_msg *m)
{
	size_t off, next, e;
	struct sip_hdr *h = NULL;
	struct sl line;
	enum drop_reason r;
	int q = 0, fold;

	/* hdr[] is filled as it is used; clearing it would cost more than
	 * the rest of the parse. */
	memset(m, 0, offsetof(struct sip_msg, hdr));
	m->buf = p;
	m->len = len;
	e = sl_line_end(p, len, 0, &next);
	r = parse_start(m, sl_make(p, e));
	if (r != DROP_NONE)
		return r;
	m->start_len = next;
	for (off = next;; off = next) {
		if (off >= len) {
			/* No empty line: the datagram ends the headers. */
			m->hdr_end = len;
			m->body_off = len;
			break;
		}
		e = sl_line_end(p, len, off, &next);
		line = sl_make(p + off, e - off);
		if (line.n == 0) {
			m->has_empty_line = 1;
			m->hdr_end = off;
			m->body_off = next;
			break;
		}
		/* RFC 3261 7.3.1: a fold continues the last field. */
		fold = line.p[0] == ' ' || line.p[0] == '\t';
		q = quoting(line, q & fold);	/* a field: unquoted */
		if (q >= 0 && fold && h != NULL) {
			h->len = next - h->off;
			h->value = sl_trim(sl_make(h->value.p,
			    (size_t)(p + e - h->value.p)));
			continue;
		}
		if (m->nhdr >= SIP_MAXHDR)
			return DROP_TOO_MANY_HDRS;
		h = &m->hdr[m->nhdr++];
		h->off = off;
		h->len = next - off;
		if (read_field(line, q < 0, h) != 0) {
			/* no field (a slot all the same): read on, for the
			 * fields a 400 needs; no fold goes on from it */
			m->bad_line = 1;
			h = NULL;
			q = 0;
		}
	}
	m->body_len = len - m->body_off;
	r = check_fields(m);	/* can_answer, without the bad lines */
	return m->bad_line ? DROP_HEADER : r;
}

/*
 * The first element of a comma-separated header value (commas inside
 * quotes, comments and <> do not count). *rest gets what follows the
 * comma. A DQUOTE that opens no quoted string ends the element too
 * (sl_elem_end), and *rest is what follows it: the field is one that
 * find.c refuses, so whatever a caller reads there never leaves.
 */
struct sl
sip_first_value(struct sl v, struct sl *rest)
{
	size_t i = sl_elem_end(v.p, v.n, 0);

	if (rest != NULL)
		*rest = i < v.n ? sl_make(v.p + i + 1, v.n - i - 1) :
		    sl_make(v.p + v.n, 0);
	return sl_make(v.p, i);
}

/*
 * The value of ;name[=value] in a parameter list (a Via value, a URI).
 * *found is set when the parameter is present, with or without a value.
 * A DQUOTE counts where one can open a quoted-string (sl_quote_opens):
 * a value that starts with one is that quoted string whole; a DQUOTE
 * anywhere else (in the middle of a value too) ends the list, as it
 * ends the element for sl_elem_end (and find.c refuses the field).
 */
struct sl
sip_param(struct sl v, const char *name, int *found)
{
	struct sl val;
	size_t i = 0, j;
	int hit;

	*found = 0;
	while (i < v.n) {
		if (v.p[i] == '"') {
			if (!sl_quote_opens(v.p, i))
				break;
			i = sl_skip_quoted(v.p, v.n, i);
			continue;
		}
		if (v.p[i] != ';') {
			i++;
			continue;
		}
		i = sl_skip_lws(v.p, v.n, i + 1);
		j = sl_skip_token(v.p, v.n, i);
		hit = sl_eq_ci(sl_make(v.p + i, j - i), name);
		val = sl_make(v.p + j, 0);	/* no value: where it would go */
		j = sl_skip_lws(v.p, v.n, j);
		if (j < v.n && v.p[j] == '=') {
			i = sl_skip_lws(v.p, v.n, j + 1);
			j = sl_word_end(v.p, v.n, i, ";,>\"");
			val = sl_make(v.p + i, j - i);
		}
		if (hit) {
			*found = 1;
			return val;
		}
		i = j;
	}
	return sl_make(NULL, 0);
}

/* The URI inside a name-addr (<...>) or the addr-spec itself. */
struct sl
sip_uri_of(struct sl v)
{
	struct sl f = sip_first_value(v, NULL);
	const char *gt;
	size_t i = 0;

	while (i < f.n && f.p[i] != '<')
		i = f.p[i] == '"' ? sl_skip_quoted(f.p, f.n, i) : i + 1;
	if (i < f.n) {
		gt = memchr(f.p + i, '>', f.n - i);
		if (gt == NULL)
			return sl_make(NULL, 0);
		return sl_make(f.p + i + 1, (size_t)(gt - f.p - i - 1));
	}
	f = sl_trim(f);
	for (i = 0; i < f.n && f.p[i] != ';' && !sl_islws((unsigned char)f.p[i]);
	    i++)
		;
	return sl_make(f.p, i);
}

/* The Content-Length of a header line, read as sip_parse reads a field:
 * 1 if it is one, -1 if its value is no number, 0 for any other line. */
static int
frame_clen(struct sl line, uint32_t *v)
{
	struct sip_hdr h;

	if (read_field(line, 0, &h) != 0 || h.id != H_CLEN)
		return 0;
	return sl_u32(h.value, 0xffffffffu, v) == 0 ? 1 : -1;
}

/* Leading line ends: a CRLFCRLF ping, or CRLFs to skip (RFC 3261 7.5). */
static enum sip_frame
frame_crlf(const char *p, size_t n, size_t *len)
{
	static const char ping[] = "\r\n\r\n";
	size_t k;

	for (k = 0; k < 4 && k < n && p[k] == ping[k]; k++)
		;
	if (k == 4 || k == n) {
		*len = k;
		return k == 4 ? SIP_FRAME_PING : SIP_FRAME_MORE;
	}
	*len = k >= 2 ? 2 : 1;	/* a lone CR or LF too */
	return SIP_FRAME_SKIP;
}

/*
 * Framing over a stream (RFC 3261 18.3): what starts at p. A message is
 * whole when its empty line has come and Content-Length bytes after it
 * (none without a Content-Length); *len is its length. More than max
 * bytes for one message, or a Content-Length that cannot be read, and the
 * stream cannot be framed any more.
 */
enum sip_frame
sip_frame(const char *p, size_t n, size_t max, size_t *len)
{
	size_t off = 0, e, next, lim = n < max ? n : max;
	uint32_t cl = 0, v;
	int seen = 0, r;

	if (n == 0)
		return SIP_FRAME_MORE;
	if (p[0] == '\r' || p[0] == '\n')
		return frame_crlf(p, n, len);
	for (;; off = next) {
		if ((e = sl_line_end(p, lim, off, &next)) == lim)
			return n >= max ? SIP_FRAME_BAD : SIP_FRAME_MORE;
		if (e == off)	/* the empty line: not the first, p[0] is
				 * no line end */
			break;
		if (off > 0 &&
		    (r = frame_clen(sl_make(p + off, e - off), &v)) != 0) {
			if (r < 0 || (seen && v != cl))
				return SIP_FRAME_BAD;
			cl = v;
			seen = 1;
		}
	}
	off = next;
	if (cl > max || off + cl > max)
		return SIP_FRAME_BAD;
	if (off + cl > n)
		return SIP_FRAME_MORE;
	*len = off + cl;
	return SIP_FRAME_MSG;
}
