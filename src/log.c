/*
 * log.c - syslog plus standard error, and the rate limiter for lines about
 * bad input: each drop reason gets LIMIT_BURST lines per LIMIT_WINDOW_MS;
 * what is held back is counted and reported once when the window ends, so
 * a flood cannot fill the disk.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

#define LIMIT_WINDOW_MS	10000
#define LIMIT_BURST	5

int		log_verbosity = LOG_NORMAL;
static int	log_stderr = 1;
struct stats	stats;

static const char *const drop_names[] = {
#define X(id, name)	name,
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
	return drop_names[r];
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

/* One line to standard error (in the foreground) and to syslog. */
static void __attribute__((format(printf, 2, 0)))
vlog(int pri, const char *fmt, va_list ap, const char *errstr)
{
	char msg[1024 + 128];	/* room for ": strerror" after 1023 */
	size_t n;

	vsnprintf(msg, 1024, fmt, ap);
	if (errstr != NULL) {
		n = strlen(msg);
		snprintf(msg + n, sizeof(msg) - n, ": %s", errstr);
	}
	if (log_stderr) {
		fprintf(stderr, "sipproxy64: %s\n", msg);
		fflush(stderr);
	}
	syslog(pri, "%s", msg);
}

void
log_line(enum log_kind k, const char *fmt, ...)
{
	static const struct {
		int	pri;
		int	need;	/* the least verbosity that writes it */
	} kind[] = {
		[LOGK_WARN] = { LOG_WARNING, LOG_QUIET },
		[LOGK_WARNX] = { LOG_WARNING, INT_MIN },
		[LOGK_INFO] = { LOG_INFO, LOG_NORMAL },
		[LOGK_DEBUG] = { LOG_DEBUG, LOG_VERBOSE },
	};
	va_list ap;
	int saved = errno;

	if (log_verbosity < kind[k].need)
		return;
	va_start(ap, fmt);
	vlog(kind[k].pri, fmt, ap, k == LOGK_WARN ? strerror(saved) : NULL);
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
			    drop_names[r]);
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
	vlog(LOG_NOTICE, fmt, ap, NULL);
	va_end(ap);
}

void
log_fatal(int witherr, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vlog(LOG_CRIT, fmt, ap, witherr ? strerror(saved) : NULL);
	va_end(ap);
	exit(1);
}

void
stats_log(void)
{
	int r;

	log_warnx("counters: in v4 %llu v6 %llu; out v4 %llu v6 %llu "
	    "(requests v4 %llu v6 %llu, responses v4 %llu v6 %llu); "
	    "own responses %llu (their ACKs %llu); keep-alives %llu",
	    (unsigned long long)stats.rx[0], (unsigned long long)stats.rx[1],
	    (unsigned long long)stats.tx[0], (unsigned long long)stats.tx[1],
	    (unsigned long long)stats.req[0], (unsigned long long)stats.req[1],
	    (unsigned long long)stats.resp[0],
	    (unsigned long long)stats.resp[1],
	    (unsigned long long)stats.local_resp,
	    (unsigned long long)stats.own_ack,
	    (unsigned long long)stats.keepalive);
	log_warnx("counters: relays active %llu, created %llu, ended "
	    "unanswered %llu; streams not relayed %llu; ports found busy %llu; "
	    "rtp packets %llu, bytes %llu",
	    (unsigned long long)stats.relays_active,
	    (unsigned long long)stats.relays_total,
	    (unsigned long long)stats.relays_unanswered,
	    (unsigned long long)stats.sdp_norelay,
	    (unsigned long long)stats.ports_busy,
	    (unsigned long long)stats.rtp_pkts,
	    (unsigned long long)stats.rtp_bytes);
	log_warnx("counters: tcp connections open %llu, accepted %llu, "
	    "made %llu, idle-closed %llu, closed %llu; tcp messages in %llu, "
	    "out %llu; tcp pings %llu",
	    (unsigned long long)stats.tcp_active,
	    (unsigned long long)stats.tcp_accepted,
	    (unsigned long long)stats.tcp_connected,
	    (unsigned long long)stats.tcp_idle,
	    (unsigned long long)stats.tcp_closed,
	    (unsigned long long)stats.tcp_rx,
	    (unsigned long long)stats.tcp_tx,
	    (unsigned long long)stats.tcp_pings);
	log_warnx("counters: stun answers %llu; malformed requests answered "
	    "400 %llu; own responses trimmed %llu",
	    (unsigned long long)stats.stun,
	    (unsigned long long)stats.bad_answered,
	    (unsigned long long)stats.reply_trimmed);
	for (r = 1; r < DROP_MAX; r++)
		if (stats.drop[r] > 0)
			log_warnx("counters: dropped %s %llu", drop_names[r],
			    (unsigned long long)stats.drop[r]);
}
