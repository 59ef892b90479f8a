/*
 * stats.h - the counters that SIGUSR1 writes to the log, and the named
 * reasons for which a datagram is dropped. Every drop has exactly one
 * reason, one counter and a rate-limited log line.
 */
#ifndef STATS_H
#define STATS_H

#include <stdint.h>

#define DROP_REASONS(X)						\
	X(NONE,		"none")						\
	X(TRUNC,	"truncated-datagram")				\
	X(NOT_SIP,	"not-sip")					\
	X(START_LINE,	"bad-start-line")				\
	X(VERSION,	"bad-sip-version")				\
	X(HEADER,	"bad-header-line")				\
	X(TOO_MANY_HDRS, "too-many-headers")				\
	X(MISSING_HDR,	"missing-mandatory-header")			\
	X(CLEN,		"bad-content-length")				\
	X(SHORT_BODY,	"body-shorter-than-content-length")		\
	X(CSEQ,		"bad-cseq")					\
	X(MAXFWD,	"bad-max-forwards")				\
	X(VIA,		"bad-via")					\
	X(NOT_OUR_VIA,	"response-not-for-us")				\
	X(FORGED,	"forged-parameter")				\
	X(NO_ROUTE,	"no-route")					\
	X(LOOP,		"loop")						\
	X(TOO_BIG,	"message-too-big")				\
	X(TOO_COMPLEX,	"too-many-addresses")				\
	X(INVARIANT,	"family-invariant")				\
	X(SDP,		"bad-sdp")					\
	X(RELAY_FULL,	"relay-table-full")				\
	X(SDP_PEER,	"sdp-peer-refused")				\
	X(SDP_REARM,	"sdp-rearm-by-other-host")			\
	X(SDP_STREAMS,	"too-many-streams")				\
	X(HOST_RELAYS,	"relays-per-host")				\
	X(SEND,		"send-failed")					\
	X(STRANGER,	"rtp-from-stranger")				\
	X(NO_PEER,	"rtp-before-peer-known")			\
	X(RTP_BIG,	"rtp-too-big")					\
	X(STUN,		"bad-stun")					\
	X(STUN_UNHANDLED, "stun-unhandled")				\
	X(REPLY_SIZE,	"own-reply-too-big")				\
	X(REPLY_RATE,	"own-reply-rate-limited")			\
	X(SOURCE,	"source-not-allowed")

enum drop_reason {
#define X(id, name)	DROP_##id,
	DROP_REASONS(X)
#undef X
	DROP_MAX
};

struct stats {
	uint64_t	rx[2];		/* SIP datagrams in, [0] v4 [1] v6 */
	uint64_t	tx[2];		/* SIP messages sent into v4 / v6 */
	uint64_t	req[2];		/* requests forwarded into v4 / v6 */
	uint64_t	resp[2];	/* responses forwarded into v4 / v6 */
	uint64_t	local_resp;	/* responses sipproxy64 made itself */
	uint64_t	keepalive;
	uint64_t	own_ack;	/* ACKs of our own failure responses */
	uint64_t	forged;		/* parameters that failed the check */
	uint64_t	stun;		/* STUN binding requests answered */
	uint64_t	bad_answered;	/* malformed requests answered 400 */
	uint64_t	reply_trimmed;	/* own responses cut to the size bound */
	uint64_t	drop[DROP_MAX];
	uint64_t	relays_active;
	uint64_t	relays_total;
	uint64_t	relays_unanswered;	/* ended: offer never answered */
	uint64_t	sdp_norelay;	/* streams in SDP that makes no relay */
	uint64_t	ports_busy;	/* relay ports another process held */
	uint64_t	rtp_pkts;
	uint64_t	rtp_bytes;
};

extern struct stats stats;

const char     *drop_name(enum drop_reason);
void		stats_log(void);

#endif
