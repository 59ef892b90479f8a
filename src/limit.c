/*
 * limit.c - the rate limit of sipproxy64's own answers (its responses and
 * STUN binding responses), per source: an IPv4 address, or the /64 of an
 * IPv6 address (one host holds a whole /64). A token bucket of
 * LIMIT_BURST tokens, refilled at LIMIT_RATE per second, in a table of
 * LIMIT_SLOTS slots: nothing is allocated, and a flood of sources costs
 * no memory.
 *
 * A source has two candidate slots, chosen by a keyed hash (so that no
 * stranger can aim at another source's slot). It keeps the slot it has;
 * a new source takes a candidate that is free or idle (its bucket full
 * again); with both busy, it shares the fuller one. A stranger with many
 * addresses can thus make other strangers share buckets, never give
 * itself more than one bucket per slot.
 */
#include <string.h>

#include "auth.h"
#include "limit.h"

#define MILLI	1000u		/* tokens are counted in thousandths */

struct slot {
	uint64_t	tag;		/* 0: free */
	uint64_t	at;		/* ms of the last refill */
	uint32_t	tokens;		/* thousandths */
};

static struct slot tab[LIMIT_SLOTS];

void
limit_reset(void)
{
	memset(tab, 0, sizeof(tab));
}

static uint64_t
source_hash(const struct addr *a)
{
	unsigned char in[10] = { 'r', 'l' };
	size_t n = addr_iplen(a) == 4 ? 4 : 8;

	memcpy(in + 2, addr_ipbytes(a), n);
	return auth_hash(in, 2 + n) | 1;
}

static void
refill(struct slot *s, uint64_t now)
{
	uint64_t t;

	if (now <= s->at)
		return;
	/* ms x per s = thousandths; no overflow in 2^61 ms */
	t = s->tokens + (now - s->at) * LIMIT_RATE;
	s->tokens = t < LIMIT_BURST * MILLI ? (uint32_t)t : LIMIT_BURST * MILLI;
	s->at = now;
}

static struct slot *
slot_of(uint64_t h, uint64_t now)
{
	struct slot *c[2] = { &tab[h % LIMIT_SLOTS],
	    &tab[(h >> 32) % LIMIT_SLOTS] };
	int i;

	/* Both refilled, whoever holds them: a refill changes no outcome (a
	 * bucket refilled now and later holds what one refilled later does). */
	for (i = 0; i < 2; i++)
		refill(c[i], now);
	for (i = 0; i < 2; i++)
		if (c[i]->tag == h)
			return c[i];
	for (i = 0; i < 2; i++)
		if (c[i]->tag == 0 || c[i]->tokens == LIMIT_BURST * MILLI) {
			c[i]->tag = h;
			c[i]->at = now;
			c[i]->tokens = LIMIT_BURST * MILLI;
			return c[i];
		}
	return c[0]->tokens >= c[1]->tokens ? c[0] : c[1];
}

/* May sipproxy64 answer src now? 1 (a token is taken) or 0. */
int
limit_take(const struct addr *src, uint64_t now)
{
	struct slot *s = slot_of(source_hash(src), now);

	if (s->tokens < MILLI)
		return 0;
	s->tokens -= MILLI;
	return 1;
}
