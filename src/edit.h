/*
 * edit.h - a proxy's changes to a message, recorded as edits of the
 * received datagram (delete len bytes at off, put these bytes there) and
 * applied in one pass into the send buffer. The received datagram is
 * never written to.
 */
#ifndef EDIT_H
#define EDIT_H

#include <stddef.h>

#include "obuf.h"

#define EDIT_MAX	1024
#define EDIT_ARENA	(96 * 1024)

struct edit {
	size_t	off;
	size_t	len;
	size_t	roff;	/* replacement in the arena */
	size_t	rlen;
};

struct edits {
	struct edit	e[EDIT_MAX];
	size_t		n;
	char		arena[EDIT_ARENA];
	size_t		used;
	int		overflow;
};

void	ed_reset(struct edits *);
void	ed_add(struct edits *, size_t, size_t, const char *, size_t);
void	ed_addob(struct edits *, size_t, size_t, const struct obuf *);
void	ed_addu(struct edits *, size_t, size_t, unsigned long);
long	ed_delta(const struct edits *, size_t, size_t);
int	ed_apply(struct edits *, const char *, size_t, struct obuf *);

#endif
