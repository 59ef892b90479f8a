/*
 * sdp.h - rewriting an SDP body (RFC 4566) as it crosses the families.
 */
#ifndef SDP_H
#define SDP_H

#include "stats.h"
#include "xlate.h"

struct sdp_call {
	struct sl		 callid;
	const struct addr	*local_in;	/* where the message arrived */
	const struct addr	*src;		/* where it came from */
	int			 src_known;	/* src is a host of the table */
	struct sl		 method;	/* the CSeq method */
	unsigned		 code;		/* a response's status, or 0 */
	unsigned		 mbase;		/* m-lines seen in earlier parts */
	unsigned		 nstreams;	/* streams seen in earlier parts */
	unsigned		 depth;		/* multipart nesting */
};

enum drop_reason body_rewrite(struct xlate *, struct sl, size_t, size_t,
		    struct sdp_call *);
int		 body_has_family(const char *, struct sl, size_t, size_t, int);

#endif
