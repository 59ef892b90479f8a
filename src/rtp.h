/*
 * rtp.h - the built-in RTP relay (SPEC 4). A relay belongs to one media
 * stream of one call: Call-ID, m-line index and the two local addresses
 * of the call's legs (one per family). Each side has an RTP socket on an
 * even port and an RTCP socket on the next one, on that side's local
 * address.
 */
#ifndef RTP_H
#define RTP_H

#include <stdint.h>

#include "addr.h"
#include "sl.h"

#define RTP_DEFAULT_MIN		20000
#define RTP_DEFAULT_MAX		39999
#define RTP_DEFAULT_IDLE	60	/* seconds */
#define RTP_HOLD_FACTOR		10	/* held streams: idle timeout times */
#define RTP_NOMEDIA_S		180	/* no media since the last SDP (a
					 * call may ring for Timer C, 3 min) */
#define RTP_UNANSWERED_S	32	/* an offer nobody answered, on a call
					 * that never rang */
#define RTP_BYE_LINGER_S	2	/* after BYE, CANCEL, final error */
#define RTP_MAXSTREAMS		8	/* relayed streams per message, all
					 * SDP parts together */
#define RTP_HOST_MAX		32	/* relays made by one host (an IPv6
					 * /64) that is not in the table */
#define RTP_BUSY_S		60	/* a port another process held is
					 * not tried again for so long */
#define RTP_BIND_TRIES		64	/* ports tried per side and offer */
#define CALLID_MAX		256

struct rtp_conf {
	unsigned	port_min, port_max;	/* room for a pair at least
						 * (conf.c's -r: two) */
	unsigned	idle_s;
	unsigned	max_relays;
	int		fake;		/* tests: ports without sockets */
};

enum rtp_result {
	RTP_OK,
	RTP_FULL,	/* no relay: the table is full, or no port pair free */
	RTP_PEER,	/* the peer is this host, or special */
	RTP_REARM,	/* another host than the one that set it up */
	RTP_HOSTMAX	/* that stranger holds RTP_HOST_MAX relays */
};

/* One media stream of an SDP that crosses from local_in's family. */
struct rtp_offer {
	struct sl		 callid;
	unsigned		 idx;		/* m-line index in the message */
	const struct addr	*local_in;	/* where the message arrived */
	const struct addr	*local_out;	/* where it leaves from */
	const struct addr	*peer;		/* c= and m= port */
	uint16_t		 rtcp;		/* a=rtcp port, or 0 */
	int			 held;
	const struct addr	*sig;		/* the datagram's source */
	int			 sig_known;	/* a host of the table */
};

int		rtp_init(const struct rtp_conf *);
void		rtp_done(void);
void		rtp_commit(void);
void		rtp_abort(void);
enum rtp_result	rtp_stream(const struct rtp_offer *, uint16_t *);
void		rtp_call_end(struct sl, const struct addr *,
		    const struct addr *);
void		rtp_call_ringing(struct sl, const struct addr *,
		    const struct addr *);
void		rtp_sweep(uint64_t);
unsigned	rtp_active(void);
int		rtp_enabled(void);

#endif
