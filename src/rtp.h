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
#define RTP_BYE_LINGER_S	2	/* after BYE, CANCEL, final error */
#define CALLID_MAX		256

struct rtp_conf {
	unsigned	port_min, port_max;
	unsigned	idle_s;
	unsigned	max_relays;
	int		fake;		/* tests: ports without sockets */
};

enum rtp_result { RTP_OK, RTP_FULL, RTP_NOPORT };

int		rtp_init(const struct rtp_conf *);
void		rtp_commit(void);
void		rtp_abort(void);
enum rtp_result	rtp_stream(struct sl, unsigned, const struct addr *,
		    const struct addr *, const struct addr *, uint16_t, int,
		    uint16_t *);
void		rtp_call_end(struct sl, const struct addr *,
		    const struct addr *);
void		rtp_sweep(uint64_t);
uint64_t	rtp_next_deadline(void);
unsigned	rtp_active(void);
int		rtp_enabled(void);

#endif
