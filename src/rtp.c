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
 * What SDP says changes a relay only once the message that says it has
 * been sent: rtp_stream() stages each change (a new relay, a new peer, a
 * held flag), rtp_commit() applies it, rtp_abort() forgets it. A side
 * can be re-armed only by the signalling host that armed it first (the
 * source of that datagram), or by its media peer itself; never by
 * another host that merely shares the leg. A peer that is this host
 * (any interface address, the relay's own addresses), loopback,
 * multicast, link-local, IPv4-mapped or unspecified (but as the hold
 * placeholder) is refused, so that no relay can feed itself. The one
 * exception is the hairpin (SPEC 4): a side may name the RTP port of
 * another live relay of the same call (Call-ID), when its own other side
 * does not; a packet then crosses at most two relays and leaves.
 *
 * Ports come from a queue of free even/odd pairs over the range, in
 * constant time; a pair that another process holds goes to a cooling
 * queue and is not tried again for RTP_BUSY_S.
 *
 * Strangers (hosts not in the table) are bounded: RTP_HOST_MAX relays
 * per host (per /64 for IPv6), and a relay whose offer was never
 * answered, on a call that never rang, ends after RTP_UNANSWERED_S.
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
#include <ifaddrs.h>
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
 * defines __OPTIMIZE_SIZE__ there. What runs per call, not per packet
 * (setup, relays made and ended, the sweep, init and exit) is COLD: gcc
 * and clang optimise it for size. Under -Os it is so already, and the
 * attribute would only move the blocks that call it (+42 B).
 */
#if defined(__OPTIMIZE_SIZE__) && defined(__GNUC__) && !defined(__clang__)
#define PER_PACKET	__attribute__((optimize("O2")))
#else
#define PER_PACKET
#endif
#if defined(__GNUC__) && !defined(__OPTIMIZE_SIZE__)
#define COLD		__attribute__((cold))
#else
#define COLD
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
	int		 armed;		/* an SDP set it up (peer or hold) */
	int		 own_peer;	/* the peer is another relay (hairpin) */
	struct addr	 sig;		/* the signalling host that armed it */
	unsigned	 pair;		/* our port pair's index */
};

/* What an SDP wants of one side, until its message is sent. */
struct stage {
	int		 set;
	int		 has_peer;	/* a new peer (not the hold address) */
	struct addr	 peer;
	uint16_t	 peer_rtcp;
	int		 held;
	int		 own_peer;
	struct addr	 sig;
};

struct host {			/* a stranger that holds relays */
	struct host	*next;
	struct addr	 key;		/* the IPv4 address, the IPv6 /64 */
	unsigned	 n;
};

struct relay {
	struct relay	*hnext;		/* hash chain, or free list */
	struct relay	*snext;		/* staged for the message at hand */
	int		 used;
	int		 staged;
	int		 made;		/* by the message at hand */
	struct stage	 st[2];
	int		 ringing;	/* a 1xx of its INVITE came back */
	struct host	*owner;		/* the stranger that made it */
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
static struct relay	*staged;	/* made or re-armed by the message at
					 * hand */
static uint64_t		 next_sweep;

/* Port pairs: index i is ports port_min + 2i and + 1. Each is free
 * (in freeq), cooling (in coolq, busy elsewhere) or a side's. */
static unsigned		 npairs;
static unsigned		*freeq, *coolq;
static unsigned		 free_head, free_n, cool_head, cool_n;
static uint64_t		*cool_until;
static struct relay	**pair_relay;	/* whose side holds the pair (a
					 * relay in use: relay_free closes
					 * both sides first) */

static struct host	**hosts;	/* strangers, hashed */
static struct host	*hostpool, *hostfree;	/* given back */
static unsigned		 nhostpool;	/* entries of the pool ever used */

/* This host's interface addresses (getifaddrs), read at most once a
 * second. */
static struct ifaddrs	*ifs;
static uint64_t		 ifs_at;
static int		 ifs_read;

static char		 pkt[BATCH][PKTMAX];
static struct iovec	 iov[BATCH], oiov[BATCH];
static struct mmsghdr	 rmsg[BATCH], smsg[BATCH];
static struct addr	 rsrc[BATCH];

static void close_side(struct side *);

COLD static int
pairs_init(void)
{
	unsigned i;

	npairs = (rc.port_max - rc.port_min + 1) / 2;
	freeq = calloc(npairs, sizeof(*freeq));
	coolq = calloc(npairs, sizeof(*coolq));
	cool_until = calloc(npairs, sizeof(*cool_until));
	pair_relay = calloc(npairs, sizeof(*pair_relay));
	if (freeq == NULL || coolq == NULL || cool_until == NULL ||
	    pair_relay == NULL)
		return -1;
	for (i = 0; i < npairs; i++)
		freeq[i] = i;
	free_n = npairs;
	return 0;
}

/* The loop's deadline hook: sweep, and say when next (while relays
 * are left, next_sweep is past now: rtp_sweep moves it on when due). */
COLD static uint64_t
rtp_hook(uint64_t now, void *ctx)
{
	(void)ctx;
	rtp_sweep(now);
	return stats.relays_active == 0 ? 0 : next_sweep;
}

COLD int
rtp_init(const struct rtp_conf *c)
{
	size_t n = 64;
	int i;

	rc = *c;
	if (rc.port_min & 1)
		rc.port_min++;
	while (n < rc.max_relays && n < (1u << 24))
		n <<= 1;
	hash = calloc(n, sizeof(*hash));
	hosts = calloc(n, sizeof(*hosts));
	all = calloc(rc.max_relays, sizeof(*all));
	hostpool = calloc(rc.max_relays + 1, sizeof(*hostpool));
	if (hash == NULL || hosts == NULL || all == NULL || hostpool == NULL ||
	    pairs_init() != 0 || loop_hook_add(rtp_hook, NULL) != 0)
		return -1;
	hmask = n - 1;
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

/* At exit: every relay closed, every table given back. */
COLD void
rtp_done(void)
{
	size_t i;

	for (i = 0; i < nall; i++) {
		close_side(&all[i]->s[0]);
		close_side(&all[i]->s[1]);
		free(all[i]);
	}
	free(all);
	free(hash);
	free(hosts);
	free(hostpool);
	free(freeq);
	free(coolq);
	free(cool_until);
	free(pair_relay);
	if (ifs != NULL)
		freeifaddrs(ifs);
	all = NULL;
	nall = 0;
	enabled = 0;
}

int
rtp_enabled(void)
{
	return enabled;
}

unsigned
rtp_active(void)
{
	return (unsigned)stats.relays_active;
}

/* A relay keeps the length of its Call-ID and its first CALLID_MAX
 * bytes. */
COLD static size_t
kept(size_t n)
{
	return n < CALLID_MAX ? n : CALLID_MAX;
}

/* The hash chain of a relay: its Call-ID and m= line (the legs of a call
 * that passes twice share it). */
COLD static uint64_t
key_hash(struct sl callid, unsigned idx)
{
	return auth_hash(callid.p, kept(callid.n)) ^ callid.n ^ idx;
}

/* Port pairs: a queue of free ones, a queue of cooling ones. */
COLD static void
pair_put(unsigned i)
{
	freeq[(free_head + free_n) % npairs] = i;
	free_n++;
}

COLD static int
pair_get(unsigned *i)
{
	if (free_n == 0)
		return -1;
	*i = freeq[free_head];
	free_head = (free_head + 1) % npairs;
	free_n--;
	return 0;
}

COLD static void
pair_cool(unsigned i)
{
	coolq[(cool_head + cool_n) % npairs] = i;
	cool_n++;
	cool_until[i] = loop_now() + RTP_BUSY_S * 1000;
	stats.ports_busy++;
}

COLD static void
pairs_warm(void)
{
	while (cool_n > 0 && cool_until[coolq[cool_head]] <= loop_now()) {
		pair_put(coolq[cool_head]);
		cool_head = (cool_head + 1) % npairs;
		cool_n--;
	}
}

COLD static void
close_side(struct side *s)
{
	int k;

	for (k = 0; k < 2; k++)
		if (s->fd[k] >= 0) {
			loop_del(s->fd[k]);
			close(s->fd[k]);
			s->fd[k] = -1;
		}
	if (s->port != 0) {
		pair_relay[s->pair] = NULL;
		pair_put(s->pair);
		s->port = 0;
	}
}

/* Both sockets of a pair, on ports p and p + 1; 0, or the errno of the
 * one that failed (the first is closed again when the second fails). */
COLD static int
bind_pair(struct side *s, uint16_t p)
{
	struct addr a = s->local;
	int k, e;

	for (k = 0; k < 2; k++) {
		addr_set_port(&a, (uint16_t)(p + k));
		s->fd[k] = sock_bind(&a, SOCK_DGRAM);
		if (s->fd[k] < 0) {
			e = errno != 0 ? errno : EIO;
			if (k == 1) {
				close(s->fd[0]);
				s->fd[0] = -1;
			}
			return e;
		}
	}
	return 0;
}

PER_PACKET static void rtp_read(int, short, void *);

/*
 * An RTP/RTCP port pair on the side's local address, from the free
 * queue: constant time. A pair another process holds (an older
 * sipproxy64 still draining, say) cools off for RTP_BUSY_S.
 */
COLD static int
open_side(struct relay *r, int sd)
{
	struct side *s = &r->s[sd];
	unsigned tries, i;
	int k, e;

	pairs_warm();
	for (tries = 0; tries < RTP_BIND_TRIES && pair_get(&i) == 0;
	    tries++) {
		s->port = (uint16_t)(rc.port_min + 2 * i);
		s->pair = i;
		pair_relay[i] = r;
		if (rc.fake)
			return 0;
		e = bind_pair(s, s->port);
		if (e == EADDRINUSE || e == EACCES) {
			pair_relay[i] = NULL;
			s->port = 0;
			pair_cool(i);
			continue;
		}
		if (e != 0) {
			close_side(s);
			return -1;
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
		return 0;
	}
	return -1;
}

/* Strangers: the key of a host is its IPv4 address, its IPv6 /64. The
 * slot of a's host (*k: its key). */
COLD static struct host **
host_slot(const struct addr *a, struct addr *k)
{
	struct host **pp;

	*k = *a;
	addr_set_port(k, 0);
	if (addr_af(k) == AF_INET6)
		memset(&k->u.in6.sin6_addr.s6_addr[8], 0, 8);
	pp = &hosts[auth_hash(addr_ipbytes(k), addr_iplen(k)) & hmask];
	while (*pp != NULL && !addr_eq_ip(&(*pp)->key, k))
		pp = &(*pp)->next;
	return pp;
}

COLD static void
host_release(struct host *h)
{
	struct host **pp;
	struct addr k;

	if (h == NULL || --h->n > 0)
		return;
	pp = host_slot(&h->key, &k);
	if (*pp == h) {
		*pp = h->next;
		h->next = hostfree;
		hostfree = h;
	}
}

COLD static void
relay_free(struct relay *r)
{
	struct relay **pp = &hash[r->h & hmask];

	while (*pp != NULL && *pp != r)
		pp = &(*pp)->hnext;
	if (*pp == r)
		*pp = r->hnext;
	close_side(&r->s[0]);
	close_side(&r->s[1]);
	host_release(r->owner);
	r->owner = NULL;
	r->used = 0;
	r->hnext = freelist;
	freelist = r;
	stats.relays_active--;
}

COLD static struct relay *
relay_find(struct sl callid, unsigned idx, const struct addr *const *l,
    uint64_t h)
{
	struct relay *r;
	size_t n = kept(callid.n);

	for (r = hash[h & hmask]; r != NULL; r = r->hnext)
		if (r->h == h && r->idx == idx && r->callid_len == callid.n &&
		    memcmp(r->callid, callid.p, n) == 0 &&
		    addr_eq_ip(&r->s[0].local, l[0]) &&
		    addr_eq_ip(&r->s[1].local, l[1]))
			return r;
	return NULL;
}

COLD static struct relay *
relay_new(struct sl callid, unsigned idx, const struct addr *const *l,
    uint64_t h)
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
	memcpy(r->callid, callid.p, kept(callid.n));
	for (sd = 0; sd < 2; sd++) {
		r->s[sd].fd[0] = r->s[sd].fd[1] = -1;
		r->s[sd].local = *l[sd];
		addr_set_port(&r->s[sd].local, 0);
	}
	r->sdp_at = loop_now();
	stats.relays_active++;
	stats.relays_total++;
	r->hnext = hash[h & hmask];
	hash[h & hmask] = r;
	for (sd = 0; sd < 2; sd++)
		if (open_side(r, sd) != 0) {
			relay_free(r);
			return NULL;
		}
	r->made = 1;
	return r;
}

/* A relay's debug line: made, given back, ends. */
COLD static void
relay_log(const struct relay *r, const char *what)
{
	log_debug("relay for %.*s m%u %s: %s %u <-> %s %u",
	    (int)kept(r->callid_len), r->callid, r->idx, what,
	    addr_str(&r->s[0].local), r->s[0].port, addr_str(&r->s[1].local),
	    r->s[1].port);
}

/* Count a new relay against the stranger that made it (after
 * host_full() said there is room). The pool has an entry per relay. */
COLD static void
host_take(struct relay *r, const struct addr *sig)
{
	struct addr k;
	struct host **pp, *h;

	pp = host_slot(sig, &k);
	if (*pp == NULL) {
		if (hostfree != NULL) {
			h = hostfree;
			hostfree = h->next;
		} else if (nhostpool < rc.max_relays + 1)
			h = &hostpool[nhostpool++];
		else
			return;
		memset(h, 0, sizeof(*h));
		h->key = k;
		*pp = h;
	}
	(*pp)->n++;
	r->owner = *pp;
}

COLD static int
host_full(const struct addr *sig)
{
	struct addr k;
	struct host **pp;

	pp = host_slot(sig, &k);
	return *pp != NULL && (*pp)->n >= RTP_HOST_MAX;
}

/* Is a one of this host's interface addresses? Read once a second. */
COLD static int
is_interface(const struct addr *a)
{
	struct ifaddrs *i;
	struct addr b;

	if (!ifs_read || loop_now() >= ifs_at + 1000) {
		if (ifs != NULL)
			freeifaddrs(ifs);
		ifs_at = loop_now();
		ifs_read = 1;
		if (getifaddrs(&ifs) != 0)
			ifs = NULL;
	}
	for (i = ifs; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		if (i->ifa_addr->sa_family == AF_INET)
			memcpy(&b.u.in4, i->ifa_addr, sizeof(b.u.in4));
		else if (i->ifa_addr->sa_family == AF_INET6)
			memcpy(&b.u.in6, i->ifa_addr, sizeof(b.u.in6));
		else
			continue;
		if (addr_eq_ip(&b, a))
			return 1;
	}
	return 0;
}

/* The other relay whose side's RTP socket the peer names, if any. */
COLD static struct relay *
relay_at(const struct addr *peer, int sd)
{
	unsigned p = addr_port(peer), i = (p - rc.port_min) / 2;
	struct relay *o;

	/* i: the pair of port p (past npairs below port_min, as i wraps);
	 * an odd p is an RTCP port, which the test of the RTP port refuses */
	if (i >= npairs || (o = pair_relay[i]) == NULL || o->s[sd].port != p ||
	    !addr_eq_ip(&o->s[sd].local, peer))
		return NULL;
	return o;
}

/*
 * May side sd of relay r (NULL: not made yet) have this peer? Sets
 * *own when the peer is another relay of the same call (the hairpin),
 * which is allowed only when r's other side does not name one too.
 */
COLD static int
peer_ok(const struct rtp_offer *o, struct relay *r, int sd, int *own)
{
	const struct addr *a = o->peer;
	struct relay *other;
	int ob;

	*own = 0;
	if (addr_is_special(a))
		return 0;
	if (!is_interface(a) && !addr_eq_ip(a, o->local_in) &&
	    !addr_eq_ip(a, o->local_out))
		return 1;
	other = relay_at(a, sd);
	if (other == NULL || other == r || other->callid_len != o->callid.n ||
	    memcmp(other->callid, o->callid.p, kept(o->callid.n)) != 0)
		return 0;
	ob = r != NULL && (r->st[!sd].set ? r->st[!sd].own_peer :
	    r->s[!sd].own_peer);
	if (ob)
		return 0;
	*own = 1;
	return 1;
}

/* A side armed by one host can be re-armed by that host, or by the
 * peer it names (the phone itself), and by nobody else. A side armed
 * for hold only has no peer yet: its peer is still all zero (family 0),
 * and equals no host. */
COLD static int
rearm_ok(const struct side *s, const struct addr *sig)
{
	return !s->armed || addr_eq_ip(&s->sig, sig) ||
	    addr_eq_ip(&s->peer, sig);
}

COLD static void
stage(struct relay *r, int sd, const struct rtp_offer *o, int own)
{
	struct stage *st = &r->st[sd];

	st->set = 1;
	st->held = o->held;
	st->sig = *o->sig;
	st->own_peer = own;
	st->has_peer = !addr_is_unspec(o->peer);
	if (st->has_peer) {		/* else arm() reads no peer */
		st->peer = *o->peer;
		st->peer_rtcp = o->rtcp != 0 ? o->rtcp :
		    (uint16_t)(addr_port(o->peer) + 1);
	}
	if (!r->staged) {
		r->staged = 1;
		r->snext = staged;
		staged = r;
	}
}

/*
 * An SDP crossing from local_in's family to local_out's named a peer
 * for media line idx: find or make the relay, stage the (re)arming of
 * the incoming side, and tell the port to advertise on the outgoing
 * side. Nothing changes for an existing relay before rtp_commit().
 */
COLD enum rtp_result
rtp_stream(const struct rtp_offer *o, uint16_t *port_out)
{
	const struct addr *l[2];	/* the legs: [0] IPv4, [1] IPv6 */
	struct relay *r;
	uint64_t h;
	int in = FI(addr_af(o->local_in)), own;

	if (!enabled || addr_af(o->local_in) == addr_af(o->local_out))
		return RTP_FULL;
	l[in] = o->local_in;
	l[!in] = o->local_out;
	h = key_hash(o->callid, o->idx);
	r = relay_find(o->callid, o->idx, l, h);
	own = r != NULL && r->s[in].own_peer;	/* the hold address keeps it */
	if (!addr_is_unspec(o->peer) && !peer_ok(o, r, in, &own))
		return RTP_PEER;
	if (r != NULL && !rearm_ok(&r->s[in], o->sig))
		return RTP_REARM;
	if (r == NULL) {
		if (!o->sig_known && host_full(o->sig))
			return RTP_HOSTMAX;
		r = relay_new(o->callid, o->idx, l, h);
		if (r == NULL)
			return RTP_FULL;
		if (!o->sig_known)
			host_take(r, o->sig);
		relay_log(r, "made");
	}
	stage(r, in, o, own);
	*port_out = r->s[!in].port;
	return RTP_OK;
}

/* Apply what an SDP staged for one side. */
COLD static void
arm(struct relay *r, int sd)
{
	struct side *s = &r->s[sd];
	struct stage *st = &r->st[sd];
	int moved, k;

	s->held = st->held;
	s->armed = 1;
	s->sig = st->sig;
	s->own_peer = st->own_peer;
	if (st->has_peer) {
		/* SPEC 4: new SDP re-arms the learning of this peer; when it
		 * moved the peer, a late packet from where the peer sent from
		 * before must not teach the port back. */
		moved = s->has_peer && !addr_eq(&s->peer, &st->peer);
		for (k = 0; k < 2; k++) {
			s->has_stale[k] = moved && s->latched[k];
			s->stale[k] = s->src[k];
		}
		s->peer = st->peer;
		s->peer_rtcp = st->peer_rtcp;
		s->has_peer = 1;
		s->exact[0] = s->exact[1] = 0;
		s->latched[0] = s->latched[1] = 0;
	}
	st->set = 0;
}

/*
 * What rtp_stream() made and staged belongs to the message at hand:
 * rtp_commit() once it was sent; rtp_abort() when it was not (refused,
 * dropped), which gives new relays back (e.g. for the first streams of
 * an offer whose last stream found the table full) and forgets every
 * staged change of an existing one.
 */
COLD void
rtp_commit(void)
{
	struct relay *r;
	int sd;

	while (staged != NULL) {
		r = staged;
		staged = r->snext;
		r->staged = 0;
		r->made = 0;
		if (!r->used)
			continue;
		for (sd = 0; sd < 2; sd++)
			if (r->st[sd].set)
				arm(r, sd);
		r->sdp_at = loop_now();
		r->end_at = 0;		/* a re-INVITE after all */
	}
}

COLD void
rtp_abort(void)
{
	struct relay *r;

	while (staged != NULL) {
		r = staged;
		staged = r->snext;
		r->staged = 0;
		r->st[0].set = r->st[1].set = 0;
		if (r->made && r->used) {
			relay_log(r, "given back");
			relay_free(r);
		}
	}
}

/* Every relay of a call on these two legs. */
COLD static void
call_relays(struct sl callid, const struct addr *a, const struct addr *b,
    void (*fn)(struct relay *))
{
	const struct addr *l4 = addr_af(a) == AF_INET ? a : b;
	const struct addr *l6 = addr_af(a) == AF_INET ? b : a;
	size_t i, n = kept(callid.n);

	if (!enabled || addr_af(a) == addr_af(b))
		return;
	for (i = 0; i < nall; i++) {
		struct relay *r = all[i];

		if (r->used && r->callid_len == callid.n &&
		    memcmp(r->callid, callid.p, n) == 0 &&
		    addr_eq_ip(&r->s[0].local, l4) &&
		    addr_eq_ip(&r->s[1].local, l6))
			fn(r);
	}
}

COLD static void
end_soon(struct relay *r)
{
	if (r->end_at == 0)
		r->end_at = loop_now() + RTP_BYE_LINGER_S * 1000;
}

COLD static void
rings(struct relay *r)
{
	r->ringing = 1;
}

/* BYE, CANCEL or a final failure: the call's relays end shortly. */
COLD void
rtp_call_end(struct sl callid, const struct addr *a, const struct addr *b)
{
	call_relays(callid, a, b, end_soon);
}

/* A provisional response of its INVITE came back: the call rings, and
 * its offer may wait for an answer as long as a call may ring. */
COLD void
rtp_call_ringing(struct sl callid, const struct addr *a,
    const struct addr *b)
{
	call_relays(callid, a, b, rings);
}

COLD static int
answered(const struct relay *r)
{
	return r->ringing || (r->s[0].armed && r->s[1].armed);
}

COLD static uint64_t
expiry(const struct relay *r)
{
	uint64_t idle = (uint64_t)rc.idle_s * 1000;

	if (r->end_at != 0)
		return r->end_at;
	if (r->last_pkt == 0)
		return r->sdp_at + (answered(r) ? RTP_NOMEDIA_S :
		    RTP_UNANSWERED_S) * 1000;
	if (r->s[0].held || r->s[1].held)
		idle *= RTP_HOLD_FACTOR;
	return r->last_pkt + idle;
}

COLD void
rtp_sweep(uint64_t now)
{
	struct relay *r;
	size_t i;

	if (stats.relays_active == 0 || now < next_sweep)
		return;
	next_sweep = now + SWEEP_MS;
	for (i = 0; i < nall; i++) {
		r = all[i];
		if (!r->used || expiry(r) > now)
			continue;
		relay_log(r, "ends");
		if (r->last_pkt == 0 && r->end_at == 0 && !answered(r))
			stats.relays_unanswered++;
		relay_free(r);
	}
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
