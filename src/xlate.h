/*
 * xlate.h - the translation of one family into the other, at the host
 * positions that find.c finds (SPEC 3). Nothing here knows a header by
 * name; what is not a host position passes byte for byte.
 */
#ifndef XLATE_H
#define XLATE_H

#include "addr.h"
#include "edit.h"
#include "find.h"
#include "map.h"

/* Carried parameters one message may gain (SPEC 3, amplification). */
#define XLATE_MAXCARRY	16

struct xlate {
	const struct map *map;
	int		 from;		/* family F the message came from */
	struct addr	 leave;		/* local address it leaves from (G) */
	const struct addr *src;		/* its source: vouches for itself */
	struct edits	*ed;
	const char	*base;		/* the datagram; edits are relative */
	unsigned	 forged;	/* parameters that failed their check */
	unsigned	 carried;	/* parameters added to this message */
	int		 add_received;	/* the next Via gets ;received=src */
};

enum xtarget {
	XT_UNKNOWN,
	XT_KNOWN,
	XT_SELF,
	XT_FORGED	/* unknown, and it carried a parameter not ours */
};

/* xlate_span flags */
#define XF_RURI		FIND_RURI	/* the slice is the Request-URI */

int		xlate_span(struct xlate *, size_t, size_t, unsigned);
int		xlate_sdp_addr(const struct xlate *, const struct addr *,
		    struct addr *);
enum xtarget	xlate_target(const struct xlate *, struct sl, struct addr *);
int		xlate_has_family(const char *, size_t, unsigned, int);

#endif
