/*
 * xlate.h - the generic address finder and the translation of one family
 * into the other. Nothing here knows a header by name: an address is
 * found by its shape (an IPv4 dotted quad or an IPv6 literal, with or
 * without brackets and port) wherever it stands, and what surrounds it
 * (a URI host, a Via sent-by, a received= value) only decides how the
 * replacement is written.
 */
#ifndef XLATE_H
#define XLATE_H

#include "addr.h"
#include "edit.h"
#include "map.h"

struct lit {
	size_t		off;		/* first byte ('[' if bracketed) */
	size_t		len;		/* through the port, if any */
	struct addr	a;		/* port 0 unless has_port */
	int		has_port;
	int		brackets;
	int		after_scheme;	/* preceded by "scheme:" */
};

enum xctx {
	XC_BARE,	/* text: display name, Warning, a body */
	XC_URIHOST,	/* host of a SIP URI */
	XC_SENTBY,	/* Via sent-by */
	XC_RECEIVED,	/* Via received= (RFC 3261: no brackets) */
	XC_PARAM,	/* other name=value, such as maddr= */
	XC_HOSTPORT,	/* a bare hostport, such as a Warning's warn-agent */
	XC_SDP		/* SDP: never brackets, never a port */
};

/* xlate_span flags */
#define XF_VIA		1	/* a Via value: sent-by after the protocol */
#define XF_RURI		2	/* the Request-URI: never add <> */
#define XF_NOPARAM	4	/* never carry an address in a parameter */
#define XF_WARNING	8	/* a Warning value: warn-agent after the code */

struct xlate {
	const struct map *map;
	int		 from;		/* family F the message came from */
	struct addr	 leave;		/* local address it leaves from (G) */
	struct edits	*ed;
	const char	*base;		/* the datagram; edits are relative */
	unsigned	 forged;	/* parameters that failed their check */
};

enum xtarget {
	XT_UNKNOWN,
	XT_KNOWN,
	XT_SELF,
	XT_FORGED	/* unknown, and it carried a parameter not ours */
};

int		xlate_next_lit(const char *, size_t, size_t *, struct lit *);
int		xlate_span(struct xlate *, size_t, size_t, unsigned);
void		xlate_addr(struct xlate *, struct obuf *, const struct addr *,
		    enum xctx, int);
int		xlate_sdp_addr(const struct xlate *, const struct addr *,
		    struct addr *);
enum xtarget	xlate_target(const struct xlate *, struct sl, struct addr *);
int		xlate_has_family(const char *, size_t, int);

#endif
