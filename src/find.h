/*
 * find.h - where SIP's grammar puts a host (SPEC 3), in any header field
 * value, known by name or not: the host of a sip: or sips: URI and its
 * maddr=, a Via's sent-by, received= and maddr=, a Warning's warn-agent.
 * The finder knows grammar, not header names; what holds no such element
 * (quoted strings, comments, other schemes, free text) is passed over.
 */
#ifndef FIND_H
#define FIND_H

#include "addr.h"
#include "sl.h"

#define FIND_MAXHOST	4	/* host positions of one element we look at */

enum xctx {
	XC_URIHOST,	/* host of a SIP URI */
	XC_SENTBY,	/* Via sent-by */
	XC_RECEIVED,	/* Via received= (RFC 3261: no brackets) */
	XC_PARAM,	/* maddr= of a URI or a Via */
	XC_HOSTPORT	/* a Warning's warn-agent */
};

enum ekind { EK_URI, EK_VIA, EK_WARNING };

/* One address literal in a host position; offsets into the slice. */
struct hostpos {
	size_t		off, len;	/* '[' ... through the port, if any */
	struct addr	a;		/* port 0 unless has_port */
	int		has_port;
	enum xctx	ctx;
};

struct elem {
	enum ekind	kind;
	size_t		off, end;	/* the element (a URI: scheme on) */
	size_t		pend;		/* where a parameter is appended */
	int		bare;		/* a URI outside <> in a header field */
	unsigned	nh;		/* literals, in order: slot = index */
	struct hostpos	h[FIND_MAXHOST];
	unsigned	nlit;		/* all literal hosts, even past the max */
	struct sl	carried;	/* the value of ;sp64=, if present */
	size_t		coff, clen;	/* the whole ";sp64=..." */
};

/* find_next flags */
#define FIND_RURI	1	/* the slice is one URI (a Request-URI) */

int	find_next(const char *, size_t, size_t *, unsigned, struct elem *);
int	find_host_literal(struct sl, struct hostpos *);

#endif
