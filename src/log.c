/*
 * log.c - syslog plus standard error, and the rate limiter for lines about
 * bad input: each drop reason gets LIMIT_BURST lines per LIMIT_WINDOW_MS;
 * what is held back is counted and reported once when the window ends, so
 * a flood cannot fill the disk.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "log.h"

#define LIMIT_WINDOW_MS	10000
#define LIMIT_BURST	5

int		log_verbosity = LOG_NORMAL;
static int	log_stderr = 1;
struct stats	stats;

/*
 * The names of the drop reasons, in one struct of char arrays rather than
 * a table of pointers (each a relocation): the name of r is at drop_at[r].
 */
static const struct drop_text {
#define X(id, name)	char r_##id[sizeof(name)];
	DROP_REASONS(X)
#undef X
} drop_text = {
#define X(id, name)	name,
	DROP_REASONS(X)
#undef X
};

static const unsigned short drop_at[] = {
#define X(id, name)	offsetof(struct drop_text, r_##id),
	DROP_REASONS(X)
#undef X
};

static struct {
	uint64_t	window_start;
	unsigned	used;
	uint64_t	suppressed;
} limit[DROP_MAX];

const char *
drop_name(enum drop_reason r)
{
	if ((unsigned)r >= DROP_MAX)
		return "unknown";
	return (const char *)&drop_text + drop_at[r];
}

void
log_init(int to_stderr, int verbosity)
{
	log_stderr = to_stderr;
	log_verbosity = verbosity;
	openlog("sipproxy64", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void
log_to_stderr(int on)
{
	log_stderr = on;
}

void
log_put(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

#define MSGMAX	(1024 + 128)	/* room for ": %m" after 1023 */

void
log_say(const char *msg)
{
	char line[MSGMAX + 16];
	int n = snprintf(line, sizeof(line), "sipproxy64: %s\n", msg);

	if (n > 0)
		log_put(STDERR_FILENO, line, (size_t)n < sizeof(line) ?
		    (size_t)n : sizeof(line) - 1);
}

/*
 * One line to standard error (in the foreground) and to syslog; err: an
 * errno value to tell, or 0. The text of an errno is printf's %m (glibc
 * and musl have it; __extension__: not ISO C), not strerror(): one import
 * fewer, 160 B of the default build's 64 KiB.
 */
static void __attribute__((format(printf, 2, 0)))
vlog(int pri, const char *fmt, va_list ap, int err)
{
	char msg[MSGMAX];
	size_t n;

	vsnprintf(msg, 1024, fmt, ap);
	if (err != 0) {
		n = strlen(msg);
		errno = err;
		__extension__ snprintf(msg + n, sizeof(msg) - n, ": %m");
	}
	if (log_stderr)
		log_say(msg);
	syslog(pri, "%s", msg);
}

void
log_line(enum log_kind k, const char *fmt, ...)
{
	static const struct {
		int	pri;
		int	need;	/* the least verbosity that writes it */
		int	witherr;
	} kind[] = {
		[LOGK_WARN] = { LOG_WARNING, LOG_QUIET, 1 },
		[LOGK_WARNX] = { LOG_WARNING, INT_MIN, 0 },
		[LOGK_INFO] = { LOG_INFO, LOG_NORMAL, 0 },
		[LOGK_DEBUG] = { LOG_DEBUG, LOG_VERBOSE, 0 },
		[LOGK_FATAL] = { LOG_CRIT, INT_MIN, 1 },
		[LOGK_FATALX] = { LOG_CRIT, INT_MIN, 0 },
	};
	va_list ap;
	int saved = errno;

	if (log_verbosity < kind[k].need)
		return;
	va_start(ap, fmt);
	vlog(kind[k].pri, fmt, ap, kind[k].witherr ? saved : 0);
	va_end(ap);
	errno = saved;
}

static uint64_t limit_now;

/* The loop tells the limiter what time it is, once per iteration. */
void
log_tick(uint64_t now_ms)
{
	int r;

	limit_now = now_ms;
	for (r = 0; r < DROP_MAX; r++) {
		if (limit[r].used == 0 ||
		    now_ms - limit[r].window_start < LIMIT_WINDOW_MS)
			continue;
		if (limit[r].suppressed > 0)
			log_warnx("dropped %llu more datagrams (%s) "
			    "without logging them",
			    (unsigned long long)limit[r].suppressed,
			    drop_name(r));
		limit[r].used = 0;
		limit[r].suppressed = 0;
	}
}

/* A line about bad input: counted elsewhere, logged within a budget. */
void
log_limited(enum drop_reason r, const char *fmt, ...)
{
	va_list ap;

	if ((unsigned)r >= DROP_MAX || log_verbosity < LOG_NORMAL)
		return;
	if (limit[r].used == 0)
		limit[r].window_start = limit_now;
	if (limit[r].used >= LIMIT_BURST) {
		limit[r].suppressed++;
		return;
	}
	limit[r].used++;
	va_start(ap, fmt);
	vlog(LOG_NOTICE, fmt, ap, 0);
	va_end(ap);
}

/*
 * The lines of counters that SIGUSR1 writes, each after "counters: ":
 * every '#' is the next counter of counter_at[], its place in struct
 * stats (which holds nothing but uint64_t). Every line ends in '\n'.
 */
#define AT(f)	(offsetof(struct stats, f) / sizeof(uint64_t))

static const char counter_text[] =
    "in v4 # v6 #; out v4 # v6 # (requests v4 # v6 #, responses v4 # v6 #); "
    "own responses # (their ACKs #); keep-alives #\n"
    "relays active #, created #, ended unanswered #; streams not relayed #; "
    "ports found busy #; rtp packets #, bytes #\n"
    "tcp connections open #, accepted #, made #, idle-closed #, closed #; "
    "tcp messages in #, out #; tcp pings #\n"
    "stun answers #; malformed requests answered 400 #; "
    "own responses trimmed #\n";

static const unsigned char counter_at[] = {
	AT(rx[0]), AT(rx[1]), AT(tx[0]), AT(tx[1]), AT(req[0]), AT(req[1]),
	AT(resp[0]), AT(resp[1]), AT(local_resp), AT(own_ack), AT(keepalive),
	AT(relays_active), AT(relays_total), AT(relays_unanswered),
	AT(sdp_norelay), AT(ports_busy), AT(rtp_pkts), AT(rtp_bytes),
	AT(tcp_active), AT(tcp_accepted), AT(tcp_connected), AT(tcp_idle),
	AT(tcp_closed), AT(tcp_rx), AT(tcp_tx), AT(tcp_pings),
	AT(stun), AT(bad_answered), AT(reply_trimmed),
};

/* The counter at place i of struct stats. */
static uint64_t
counter(unsigned i)
{
	uint64_t v;

	memcpy(&v, (const char *)&stats + i * sizeof(v), sizeof(v));
	return v;
}

void
stats_log(void)
{
	char line[512];	/* the longest: 105 characters and 11 counters of 20 */
	const char *t;
	size_t len, n = 0, k = 0;
	int r;

	for (t = counter_text; *t != '\0'; t += len + 1) {
		for (len = 0; t[len] != '#' && t[len] != '\n'; len++)
			;
		if (t[len] == '\n') {
			log_warnx("counters: %.*s", (int)n, line);
			n = 0;
		} else
			n += (size_t)snprintf(line + n, sizeof(line) - n,
			    "%.*s%llu", (int)len, t,
			    (unsigned long long)counter(counter_at[k++]));
	}
	for (r = 1; r < DROP_MAX; r++)
		if (stats.drop[r] > 0)
			log_warnx("counters: dropped %s %llu", drop_name(r),
			    (unsigned long long)stats.drop[r]);
}
