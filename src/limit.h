/*
 * limit.h - how often sipproxy64 answers one source itself (issue 8):
 * a token bucket per source, in a fixed table.
 */
#ifndef LIMIT_H
#define LIMIT_H

#include <stdint.h>

#include "addr.h"

#define LIMIT_SLOTS	1024	/* sources tracked at once */
#define LIMIT_BURST	32	/* answers in a row */
#define LIMIT_RATE	8	/* answers per second after that */

int	limit_take(const struct addr *, uint64_t);
void	limit_reset(void);

#endif
