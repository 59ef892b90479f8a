/*
 * obuf.h - a bounded output buffer. Appends never pass the capacity; the
 * first one that would sets a sticky overflow flag and every later append
 * is a no-op, so a caller checks once at the end.
 */
#ifndef OBUF_H
#define OBUF_H

#include <stddef.h>

#include "sl.h"

struct obuf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 overflow;
};

void	ob_init(struct obuf *, char *, size_t);
void	ob_put(struct obuf *, const void *, size_t);
void	ob_puts(struct obuf *, const char *);
void	ob_putsl(struct obuf *, struct sl);
void	ob_putc(struct obuf *, char);
void	ob_putu(struct obuf *, unsigned long);
void	ob_puthex(struct obuf *, const unsigned char *, size_t);

#endif
