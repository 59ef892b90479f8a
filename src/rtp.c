/*
 * rtp.c - the built-in RTP relay (SPEC 4).
 *
 * A relay is one media stream of one call, keyed by Call-ID, the m= line's
 * index and the local addresses of the two legs (one IPv4, one IPv6), so a
 * call that passes twice has two relays. Each side has an RTP socket on an
 * even port and an RTCP socket on the next, on that side's local address;
 * both sides are bound when the relay is made, so that early media can
 * flow before the answer. A packet that arrives on one side from that
 * side's peer leaves from the other side's socket to the other peer
 * (symmetric RTP). The peer is the host the SDP named; a packet from its
 * address with the SDP's port always wins, and until one has come the
 * first packet from that address teaches the port (a peer behind a NAT).
 * New SDP starts the learning again; if it moved the peer, where the peer
 * sent from before teaches nothing. Anything else is a stranger: dropped
 * and counted.
 *
 * Per packet there is no allocation, no logging, no formatting; packets
 * move in batches with recvmmsg/sendmmsg. Relays are allocated as calls
 * come (never per packet), reused from a free list, bounded by a limit
 * sized to the descriptor limit. Expiry is swept once a second, and only
 * while relays exist, so an idle daemon never wakes up.
 */
#define _GNU_SOURCE	/* recvmmsg, sendmmsg: Linux, batching */
#include <sys/socket.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "loop.h"
#include "rtp.h"
#include "sock.h"

/*
 * The per-packet path keeps -O2 in the small build (-Os, make small): gcc
 * defines __OPTIMIZE_SIZE__ there.
 */
#if defined(__OPTIMIZE_SIZE__) && defined(__GNUC__) && !defined(__clang__)
#define PER_PACKET	__attribute__((optimize("O2")))
#else
#define PER_PACKET
#endif

#define BATCH		32
#define PKTMAX		2048
#define SWEEP_MS	1000

struct relay;

struct leg {			/* one socket's handler context */
	struct relay	*r;
	int		 side;	/* 0 IPv4, 1 IPv6 */
	int		 k;	/* 0 RTP, 1 RTCP */
};

struct side {
	int		 fd[2];
	uint16_t	 port;		/* our RTP port; RTCP is port + 1 */
	struct addr	 local;		/* local IP, port 0 */
	struct addr	 peer;		/* from SDP: IP and RTP port */
	uint16_t	 peer_rtcp;
	int		 has_peer;
	int		 exact[2];	/* a packet came from the SDP port */
	int		 latched[2];	/* the port is learned */
	struct addr	 src[2];	/* where the peer sends from */
	struct addr	 stale[2];	/* where it sent from before it moved */
	int		 has_stale[2];
	int		 held;
};

struct relay {
	struct relay	*hnext;		/* hash chain, or free list */
	struct relay	*fnext;		/* made for the message at hand */
	int		 used;
	uint64_t	 h;
	char		 callid[CALLID_MAX];
	size_t		 callid_len;
	unsigned	 idx;
	struct side	 s[2];
	struct leg	 leg[2][2];
	uint64_t	 sdp_at;	/* the last SDP that named it */
	uint64_t	 last_pkt;	/* 0: never had media */
	uint64_t	 end_at;	/* after BYE, CANCEL, failure */
};

static struct rtp_conf	 rc;
static int		 enabled;
static struct relay	**hash;
static size_t		 hmask;
static struct relay	**all;		/* every relay made, for sweeping */
static size_t		 nall;
static struct relay	*freelist;
static struct relay	*fresh;		/* made for the message at hand */
static unsigned		 nactive;
static unsigned		 cursor;
static uint64_t		 next_sweep;

static char		 pkt[BATCH][PKTMAX];
static struct iovec	 iov[BATCH], oiov[BATCH];
static struct mmsghdr	 rmsg[BATCH], smsg[BATCH];
static struct addr	 rsrc[BATCH];

/* The loop's deadline hook: sweep, and say when next. */
static uint64_t
rtp_hook(uint64_t now, void *ctx)
{
	(void)ctx;
	rtp_sweep(now);
	return rtp_next_deadline();
}

int
rtp_init(const struct rtp_conf *c)
{
	static int hooked;
	size_t n = 64;
	int i;

	if (!hooked && loop_hook_add(rtp_hook, NULL) == 0)
		hooked = 1;
	rc = *c;
	if (rc.port_min & 1)
		rc.port_min++;
	while (n < rc.max_relays && n < (1u << 24))
		n <<= 1;
	hash = calloc(n, sizeof(*hash));
	all = calloc(rc.max_relays, sizeof(*all));
	if (hash == NULL || all == NULL)
		return -1;
	hmask = n - 1;
	cursor = rc.port_min;
	for (i = 0; i < BATCH; i++) {
		iov[i].iov_base = pkt[i];
		iov[i].iov_len = PKTMAX;
		rmsg[i].msg_hdr.msg_iov = &iov[i];
		rmsg[i].msg_hdr.msg_iovlen = 1;
		rmsg[i].msg_hdr.msg_name = &rsrc[i].u;
		smsg[i].msg_hdr.msg_iov = &oiov[i];
		smsg[i].msg_hdr.msg_iovlen = 1;
	}
	enabled = 1;
	return 0;
}

int
rtp_enabled(void)
{
	return enabled;
}

unsigned
rtp_active(void)
{
	return nactive;
}

static uint64_t
key_hash(struct sl callid, unsigned idx, const struct addr *l4,
    const struct addr *l6)
{
	unsigned char buf[CALLID_MAX + 64];
	size_t n = callid.n < CALLID_MAX ? callid.n : CALLID_MAX;

	memcpy(buf, callid.p, n);
	memcpy(buf + n, &idx, sizeof(idx));
	n += sizeof(idx);
	memcpy(buf + n, addr_ipbytes(l4), 4);
	memcpy(buf + n + 4, addr_ipbytes(l6), 16);
	return auth_hash(buf, n + 20) ^ callid.n;
}

static void
close_side(struct side *s)
{
	int k;

	for (k = 0; k < 2; k++)
		if (s->fd[k] >= 0) {
			loop_del(s->fd[k]);
			close(s->fd[k]);
			s->fd[k] = -1;
		}
}

static int
bind_one(const struct addr *ip, uint16_t port)
{
	struct addr a = *ip;

	addr_set_port(&a, port);
	return sock_bind(&a, SOCK_DGRAM);
}

PER_PACKET static void rtp_read(int, short, void *);

/*
 * An RTP/RTCP port pair on the side's local address, from the range,
 * skipping ports that another process holds (SPEC 4).
 */
static int
open_side(struct relay *r, int sd)
{
	struct side *s = &r->s[sd];
	unsigned tries, span = (rc.port_max - rc.port_min + 1) / 2;
	uint16_t p;
	int k;

	for (tries = 0; tries < span; tries++) {
		p = (uint16_t)cursor;
		cursor += 2;
		if (cursor + 1 > rc.port_max)
			cursor = rc.port_min;
		if (rc.fake) {
			s->port = p;
			return 0;
		}
		s->fd[0] = bind_one(&s->local, p);
		if (s->fd[0] < 0)
			continue;
		s->fd[1] = bind_one(&s->local, (uint16_t)(p + 1));
		if (s->fd[1] < 0) {
			close(s->fd[0]);
			s->fd[0] = -1;
			continue;
		}
		for (k = 0; k < 2; k++) {
			r->leg[sd][k].r = r;
			r->leg[sd][k].side = sd;
			r->leg[sd][k].k = k;
			if (loop_add(s->fd[k], rtp_read, &r->leg[sd][k]) != 0) {
				close_side(s);
				return -1;
			}
		}
		s->port = p;
		return 0;
	}
	return -1;
}

static void
relay_free(struct relay *r)
{
	struct relay **pp = &hash[r->h & hmask];

	while (*pp != NULL && *pp != r)
		pp = &(*pp)->hnext;
	if (*pp == r)
		*pp = r->hnext;
	close_side(&r->s[0]);
	close_side(&r->s[1]);
	r->used = 0;
	r->hnext = freelist;
	freelist = r;
	nactive--;
	stats.relays_active = nactive;
}

static struct relay *
relay_find(struct sl callid, unsigned idx, const struct addr *l4,
    const struct addr *l6, uint64_t h)
{
	struct relay *r;
	size_t n = callid.n < CALLID_MAX ? callid.n : CALLID_MAX;

	for (r = hash[h & hmask]; r != NULL; r = r->hnext)
		if (r->h == h && r->idx == idx && r->callid_len == callid.n &&
		    memcmp(r->callid, callid.p, n) == 0 &&
		    addr_eq_ip(&r->s[0].local, l4) &&
		    addr_eq_ip(&r->s[1].local, l6))
			return r;
	return NULL;
}

static struct relay *
relay_new(struct sl callid, unsigned idx, const struct addr *l4,
    const struct addr *l6, uint64_t h)
{
	struct relay *r;
	int sd;

	if (freelist != NULL) {
		r = freelist;
		freelist = r->hnext;
	} else if (nall < rc.max_relays) {
		r = malloc(sizeof(*r));
		if (r == NULL)
			return NULL;
		all[nall++] = r;
	} else
		return NULL;
	memset(r, 0, sizeof(*r));
	r->used = 1;
	r->h = h;
	r->idx = idx;
	r->callid_len = callid.n;
	memcpy(r->callid, callid.p, callid.n < CALLID_MAX ? callid.n :
	    CALLID_MAX);
	for (sd = 0; sd < 2; sd++) {
		r->s[sd].fd[0] = r->s[sd].fd[1] = -1;
		r->s[sd].local = sd == 0 ? *l4 : *l6;
		addr_set_port(&r->s[sd].local, 0);
	}
	nactive++;
	stats.relays_active = nactive;
	stats.relays_total++;
	r->hnext = hash[h & hmask];
	hash[h & hmask] = r;
	for (sd = 0; sd < 2; sd++)
		if (open_side(r, sd) != 0) {
			relay_free(r);
			return NULL;
		}
	r->fnext = fresh;
	fresh = r;
	return r;
}

/*
 * An SDP crossing from local_in's family to local_out's named peer_in for
 * media line idx: find or make the relay, (re)arm the peer of the
 * incoming side, and tell the port to advertise on the outgoing side.
 */
enum rtp_result
rtp_stream(struct sl callid, unsigned idx, const struct addr *local_in,
    const struct addr *local_out, const struct addr *peer_in,
    uint16_t rtcp_in, int held, uint16_t *port_out)
{
	const struct addr *l4, *l6;
	struct relay *r;
	struct side *s;
	uint64_t h;
	int in = FI(addr_af(local_in));

	if (!enabled || addr_af(local_in) == addr_af(local_out))
		return RTP_NOPORT;
	l4 = in == 0 ? local_in : local_out;
	l6 = in == 0 ? local_out : local_in;
	h = key_hash(callid, idx, l4, l6);
	r = relay_find(callid, idx, l4, l6, h);
	if (r == NULL) {
		r = relay_new(callid, idx, l4, l6, h);
		if (r == NULL)
			return nall >= rc.max_relays && freelist == NULL ?
			    RTP_FULL : RTP_NOPORT;
		log_debug("relay for %.*s m%u: %s %u <-> %s %u",
		    SL_ARG(callid), idx, addr_str(&r->s[0].local),
		    r->s[0].port, addr_str(&r->s[1].local), r->s[1].port);
	}
	s = &r->s[in];
	s->held = held;
	r->sdp_at = loop_now();
	r->end_at = 0;		/* a re-INVITE after all */
	if (!addr_is_unspec(peer_in)) {
		/* SPEC 4: new SDP re-arms the learning of this peer; when it
		 * moved the peer, a late packet from where the peer sent from
		 * before must not teach the port back. */
		int moved = s->has_peer && !addr_eq(&s->peer, peer_in), k;

		for (k = 0; k < 2; k++) {
			s->has_stale[k] = moved && s->latched[k];
			s->stale[k] = s->src[k];
		}
		s->peer = *peer_in;
		s->peer_rtcp = rtcp_in != 0 ? rtcp_in :
		    (uint16_t)(addr_port(peer_in) + 1);
		s->has_peer = 1;
		s->exact[0] = s->exact[1] = 0;
		s->latched[0] = s->latched[1] = 0;
	}
	*port_out = r->s[!in].port;
	return RTP_OK;
}

/*
 * The relays made since the last of these calls belong to the message at
 * hand: rtp_commit() once it was sent; rtp_abort() when it was not
 * (refused, dropped), which gives them back, e.g. for the first streams
 * of an offer whose last stream found the table full.
 */
void
rtp_commit(void)
{
	fresh = NULL;
}

void
rtp_abort(void)
{
	struct relay *r;

	while (fresh != NULL) {
		r = fresh;
		fresh = r->fnext;
		if (r->used) {
			log_debug("relay for %.*s m%u given back",
			    (int)(r->callid_len < CALLID_MAX ? r->callid_len :
			    CALLID_MAX), r->callid, r->idx);
			relay_free(r);
		}
	}
}

/* BYE, CANCEL or a final failure: the call's relays end shortly. */
void
rtp_call_end(struct sl callid, const struct addr *a, const struct addr *b)
{
	const struct addr *l4 = addr_af(a) == AF_INET ? a : b;
	const struct addr *l6 = addr_af(a) == AF_INET ? b : a;
	size_t i, n = callid.n < CALLID_MAX ? callid.n : CALLID_MAX;

	if (!enabled || addr_af(a) == addr_af(b))
		return;
	for (i = 0; i < nall; i++) {
		struct relay *r = all[i];

		if (r->used && r->callid_len == callid.n &&
		    memcmp(r->callid, callid.p, n) == 0 &&
		    addr_eq_ip(&r->s[0].local, l4) &&
		    addr_eq_ip(&r->s[1].local, l6) && r->end_at == 0)
			r->end_at = loop_now() + RTP_BYE_LINGER_S * 1000;
	}
}

static uint64_t
expiry(const struct relay *r)
{
	uint64_t idle = (uint64_t)rc.idle_s * 1000;

	if (r->end_at != 0)
		return r->end_at;
	if (r->last_pkt == 0)
		return r->sdp_at + RTP_NOMEDIA_S * 1000;
	if (r->s[0].held || r->s[1].held)
		idle *= RTP_HOLD_FACTOR;
	return r->last_pkt + idle;
}

void
rtp_sweep(uint64_t now)
{
	size_t i;

	if (nactive == 0 || now < next_sweep)
		return;
	next_sweep = now + SWEEP_MS;
	for (i = 0; i < nall; i++)
		if (all[i]->used && expiry(all[i]) <= now) {
			log_debug("relay for %.*s m%u ends",
			    (int)(all[i]->callid_len < CALLID_MAX ?
			    all[i]->callid_len : CALLID_MAX), all[i]->callid,
			    all[i]->idx);
			relay_free(all[i]);
		}
}

uint64_t
rtp_next_deadline(void)
{
	if (nactive == 0)
		return 0;
	if (next_sweep == 0)
		next_sweep = loop_now() + SWEEP_MS;
	return next_sweep;
}

/* Is the packet from the peer of side s (socket k)? Learns the port. */
PER_PACKET static int
from_peer(struct side *s, int k, const struct addr *src)
{
	uint16_t want = k == 0 ? addr_port(&s->peer) : s->peer_rtcp;

	if (!s->has_peer || !addr_eq_ip(src, &s->peer))
		return 0;
	if (addr_port(src) == want) {
		s->exact[k] = 1;
		s->latched[k] = 1;
		s->src[k] = *src;
		return 1;
	}
	if (s->exact[k])
		return 0;
	if (!s->latched[k]) {
		if (s->has_stale[k] && addr_eq(&s->stale[k], src))
			return 0;
		s->latched[k] = 1;
		s->src[k] = *src;
		return 1;
	}
	return addr_eq(&s->src[k], src);
}

/* Where packets for side s's peer go: where it sends from, else SDP. */
PER_PACKET static const struct addr *
dest_of(struct side *s, int k, struct addr *tmp)
{
	if (s->latched[k])
		return &s->src[k];
	*tmp = s->peer;
	if (k == 1)
		addr_set_port(tmp, s->peer_rtcp);
	return tmp;
}

PER_PACKET static void
rtp_read(int fd, short ev, void *ctx)
{
	struct leg *lg = ctx;
	struct relay *r = lg->r;
	struct side *in = &r->s[lg->side], *out = &r->s[!lg->side];
	struct addr tmp;
	const struct addr *to;
	int n, i, m = 0, k = lg->k;
	uint64_t bytes = 0;

	(void)ev;
	for (i = 0; i < BATCH; i++)
		rmsg[i].msg_hdr.msg_namelen = sizeof(rsrc[i].u);
	n = recvmmsg(fd, rmsg, BATCH, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return;
	for (i = 0; i < n; i++) {
		if (rmsg[i].msg_hdr.msg_flags & MSG_TRUNC) {
			/* larger than PKTMAX: never forwarded cut short */
			stats.drop[DROP_RTP_BIG]++;
			continue;
		}
		if (!from_peer(in, k, &rsrc[i])) {
			stats.drop[DROP_STRANGER]++;
			continue;
		}
		if (!out->has_peer) {
			stats.drop[DROP_NO_PEER]++;
			continue;
		}
		oiov[m].iov_base = pkt[i];
		oiov[m].iov_len = rmsg[i].msg_len;
		bytes += rmsg[i].msg_len;
		m++;
	}
	if (m == 0)
		return;
	to = dest_of(out, k, &tmp);
	for (i = 0; i < m; i++) {
		smsg[i].msg_hdr.msg_name = (void *)&to->u;
		smsg[i].msg_hdr.msg_namelen = addr_len(to);
	}
	r->last_pkt = loop_now();
	stats.rtp_pkts += (uint64_t)m;
	stats.rtp_bytes += bytes;
	/* sendmmsg may take fewer than m: go on after them; what the
	 * socket refuses (a full buffer) is dropped and counted */
	for (i = 0; i < m; i += n) {
		n = sendmmsg(out->fd[k], smsg + i, (unsigned)(m - i),
		    MSG_DONTWAIT);
		if (n <= 0) {
			stats.drop[DROP_SEND] += (uint64_t)(m - i);
			break;
		}
	}
}
