/*
 * obuf.c - bounded, overflow-sticky appends.
 */
#include <stdio.h>
#include <string.h>

#include "obuf.h"

void
ob_init(struct obuf *ob, char *p, size_t cap)
{
	ob->p = p;
	ob->len = 0;
	ob->cap = cap;
	ob->overflow = 0;
}

void
ob_put(struct obuf *ob, const void *p, size_t n)
{
	if (ob->overflow)
		return;
	if (n > ob->cap - ob->len) {
		ob->overflow = 1;
		return;
	}
	if (n > 0)
		memcpy(ob->p + ob->len, p, n);
	ob->len += n;
}

void
ob_puts(struct obuf *ob, const char *s)
{
	ob_put(ob, s, strlen(s));
}

void
ob_putsl(struct obuf *ob, struct sl s)
{
	ob_put(ob, s.p, s.n);
}

void
ob_putc(struct obuf *ob, char c)
{
	ob_put(ob, &c, 1);
}

void
ob_putu(struct obuf *ob, unsigned long v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%lu", v);	/* 20 digits: fits */

	ob_put(ob, tmp, (size_t)n);
}

void
ob_puthex(struct obuf *ob, const unsigned char *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		ob_putc(ob, hx[p[i] >> 4]);
		ob_putc(ob, hx[p[i] & 15]);
	}
}
