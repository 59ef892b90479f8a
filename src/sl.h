/*
 * sl.h - slices: a pointer and a length into a buffer that someone else
 * owns (usually the receive buffer). A slice is never NUL-terminated and
 * never written through. Every primitive checks the length before it
 * looks at a byte.
 */
#ifndef SL_H
#define SL_H

#include <stddef.h>
#include <stdint.h>

struct sl {
	const char	*p;
	size_t		 n;
};

#define SL_FMT		"%.*s"
#define SL_ARG(s)	(int)((s).n > 4096 ? 4096 : (s).n), (s).p

static inline struct sl
sl_make(const char *p, size_t n)
{
	struct sl s;

	s.p = p;
	s.n = n;
	return s;
}

static inline int
sl_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static inline int
sl_isdigit(int c)
{
	return c >= '0' && c <= '9';
}

static inline int
sl_isalpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int
sl_isxdigit(int c)
{
	return sl_isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline int
sl_islws(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* RFC 3261 25.1 token characters. */
static inline int
sl_istoken(int c)
{
	if (sl_isalpha(c) || sl_isdigit(c))
		return 1;
	switch (c) {
	case '-': case '.': case '!': case '%': case '*': case '_':
	case '+': case '`': case '\'': case '~':
		return 1;
	}
	return 0;
}

/*
 * Can the DQUOTE at p[i] open a quoted-string? RFC 3261 25.1 puts one
 * only where a word starts (a whole display-name, gen-value or warn-text):
 * at the start of a value, or after LWS, "=" or ",". Elsewhere it is in
 * the middle of a token, which no valid message has and which readers
 * split in different ways ("x=a"b;maddr=..."" is one parameter to some
 * and two to others). So every scanner honours a DQUOTE only here, and
 * the finder refuses a field that holds one anywhere else (find.c), or
 * inside <> (a URI holds none): refusing is simpler and safer than a
 * rule for where such a word ends. Only the text of a field nobody knows
 * may validly hold one (header-value is any text); read by the grammar,
 * as every field but the text and opaque ones is, it is refused too.
 */
static inline int
sl_quote_opens(const char *p, size_t i)
{
	return i == 0 || sl_islws((unsigned char)p[i - 1]) ||
	    p[i - 1] == '=' || p[i - 1] == ',';
}

int		sl_eq_ci(struct sl, const char *);
int		sl_prefix_ci(struct sl, const char *);
struct sl	sl_trim(struct sl);
struct sl	sl_token(struct sl *);
int		sl_u32(struct sl, uint32_t, uint32_t *);
const char     *sl_memmem_ci(struct sl, const char *);
size_t		sl_line_end(const char *, size_t, size_t, size_t *);
size_t		sl_skip_lws(const char *, size_t, size_t);
size_t		sl_skip_wsp(const char *, size_t, size_t);
size_t		sl_skip_token(const char *, size_t, size_t);
size_t		sl_skip_quoted(const char *, size_t, size_t);
size_t		sl_skip_comment(const char *, size_t, size_t);
size_t		sl_word_end(const char *, size_t, size_t, const char *);
size_t		sl_elem_end(const char *, size_t, size_t);

#endif
