/*
 * sl.c - the few slice primitives that are not worth inlining.
 */
#include <string.h>

#include "sl.h"

/* Does s start with the C string z, case aside? */
int
sl_prefix_ci(struct sl s, const char *z)
{
	size_t i, n = strlen(z);

	if (s.n < n)
		return 0;
	for (i = 0; i < n; i++)
		if (sl_lower((unsigned char)s.p[i]) != sl_lower((unsigned char)z[i]))
			return 0;
	return 1;
}

/* Case-insensitive equality with a C string. */
int
sl_eq_ci(struct sl s, const char *z)
{
	return s.n == strlen(z) && sl_prefix_ci(s, z);
}

/*
 * The end of the line that starts at p[off]: *next is the index after its
 * line end (LF or CRLF); returns the index of the line end itself, or n
 * when no LF ends the line (*next is n too).
 */
size_t
sl_line_end(const char *p, size_t n, size_t off, size_t *next)
{
	const char *nl = memchr(p + off, '\n', n - off);
	size_t e;

	if (nl == NULL) {
		*next = n;
		return n;
	}
	e = (size_t)(nl - p);
	*next = e + 1;
	if (e > off && p[e - 1] == '\r')
		e--;
	return e;
}

/* The index of the first byte at or after p[i] that is not LWS, or n. */
size_t
sl_skip_lws(const char *p, size_t n, size_t i)
{
	while (i < n && sl_islws((unsigned char)p[i]))
		i++;
	return i;
}

/* The same for WSP (SP, HT: RFC 5234), white space within a line. */
size_t
sl_skip_wsp(const char *p, size_t n, size_t i)
{
	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	return i;
}

/* The index after the run of token characters at p[i] (i if none). */
size_t
sl_skip_token(const char *p, size_t n, size_t i)
{
	while (i < n && sl_istoken((unsigned char)p[i]))
		i++;
	return i;
}

/* Strip linear white space (SP, HT, CR, LF) from both ends; what is all
 * white space becomes the empty slice at its end. */
struct sl
sl_trim(struct sl s)
{
	size_t i = sl_skip_lws(s.p, s.n, 0);

	s.p += i;
	s.n -= i;
	while (s.n > 0 && sl_islws((unsigned char)s.p[s.n - 1]))
		s.n--;
	return s;
}

/*
 * Take the leading run of token characters off *s (after white space) and
 * return it; *s keeps the rest. An empty slice means no token was there.
 */
struct sl
sl_token(struct sl *s)
{
	size_t i = sl_skip_lws(s->p, s->n, 0);
	size_t j = sl_skip_token(s->p, s->n, i);
	struct sl t = sl_make(s->p + i, j - i);

	s->p += j;
	s->n -= j;
	return t;
}

/*
 * Strict unsigned number: digits only, not empty, at most max. Returns 0
 * on success, -1 on anything else (sign, junk, overflow).
 */
int
sl_u32(struct sl s, uint32_t max, uint32_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (s.n == 0 || s.n > 10)
		return -1;
	for (i = 0; i < s.n; i++) {
		if (!sl_isdigit((unsigned char)s.p[i]))
			return -1;
		v = v * 10 + (uint64_t)(s.p[i] - '0');
	}
	if (v > max)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* First case-insensitive occurrence of z in s, or NULL. */
const char *
sl_memmem_ci(struct sl s, const char *z)
{
	size_t i, n = strlen(z);

	if (n == 0 || s.n < n)
		return NULL;
	for (i = 0; i + n <= s.n; i++)
		if (sl_prefix_ci(sl_make(s.p + i, s.n - i), z))
			return s.p + i;
	return NULL;
}

/*
 * The one scanner for what hides commas, semicolons and angle brackets in
 * SIP header values: at p[i] == '"', the index after the closing quote
 * (RFC 3261 25.1 quoted-string: a backslash escapes the next octet); at
 * p[i] == '(', the index after the matching ')' (comment: nested, with
 * the same escapes). An unterminated one runs to n.
 */
size_t
sl_skip_quoted(const char *p, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '"')
			return i + 1;
	}
	return n;
}

size_t
sl_skip_comment(const char *p, size_t n, size_t i)
{
	unsigned depth = 0;

	for (; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '(')
			depth++;
		else if (p[i] == ')' && --depth == 0)
			return i + 1;
	}
	return n;
}

/*
 * The end of a word at p[i] (a parameter value, a bare URI): a quoted
 * string is passed over whole, anything else ends at white space or a
 * byte of stop. A NUL is a byte of the word (strchr would find one in
 * stop: its terminator); sip_parse lets one through only as a
 * quoted-pair, but the scanners must agree on any input. A DQUOTE after
 * the first byte opens nothing (sl_quote_opens): the callers put it in
 * stop, sl_elem_end stops at it too, and find.c refuses the field.
 */
size_t
sl_word_end(const char *p, size_t end, size_t i, const char *stop)
{
	if (i < end && p[i] == '"')
		return sl_skip_quoted(p, end, i);
	while (i < end && (p[i] == '\0' || strchr(stop, p[i]) == NULL) &&
	    !sl_islws((unsigned char)p[i]))
		i++;
	return i;
}

/*
 * The end of the element of a comma-separated value that starts at p[i]:
 * the index of the first comma outside quotes, comments and <>, or n; or
 * that of a DQUOTE where a quoted-string cannot open (sl.h: inside <>, or
 * in the middle of a word), where no reader can be sure what the element
 * holds and find.c refuses the field.
 */
size_t
sl_elem_end(const char *p, size_t n, size_t i)
{
	int angle = 0;
	char c;

	for (; i < n; i++) {
		c = p[i];
		if (c == '"') {
			if (angle || !sl_quote_opens(p, i))
				return i;
			i = sl_skip_quoted(p, n, i) - 1;
		} else if (angle)
			angle = c != '>';
		else if (c == '(')
			i = sl_skip_comment(p, n, i) - 1;
		else if (c == ',')
			return i;
		else
			angle = c == '<';
	}
	return n;
}
