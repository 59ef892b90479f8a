/*
 * main.c - start-up in the order of OpenBSD's dhcrelay6: parse and check
 * every argument, load the key, raise the descriptor limit and size the
 * relay table to it, bind every SIP socket, detach, write the pid file,
 * drop privileges, run the loop.
 */
#define _GNU_SOURCE	/* prlimit, for getrlimit and setrlimit: Linux */
#include <sys/resource.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "conf.h"
#include "log.h"
#include "loop.h"
#include "net.h"
#include "proxy.h"
#include "rtp.h"
#include "sl.h"
#include "stats.h"

#define BIND_WAIT_MS	3000	/* for a SIP port still in use */
#define BIND_RETRY_MS	50

static int draining;

/*
 * The policy of signals (SPEC 5), a loop hook run after the relay's:
 * SIGTERM and SIGINT exit; SIGUSR1 writes the counters; SIGHUP closes
 * the SIP sockets and drains: exit when no relay and no connection is
 * left. SIGUSR2, a service manager's restart, does what SIGHUP does, but
 * in a child: the process itself exits at once, leaving the pid file
 * alone (the new process writes its own).
 */
static uint64_t
policy(uint64_t now, void *ctx)
{
	int usr2 = loop_caught(SIGUSR2);
	unsigned busy;

	(void)now;
	(void)ctx;
	if (loop_caught(SIGTERM) | loop_caught(SIGINT)) {
		log_info("exiting on signal");
		loop_exit(0);
		return 0;
	}
	if (loop_caught(SIGUSR1))
		stats_log();
	if ((loop_caught(SIGHUP) | usr2) && !draining) {
		draining = 1;
		net_close_listeners();
		log_info("%s: SIP sockets closed; relaying %u streams until "
		    "they are idle", usr2 ? "SIGUSR2" : "SIGHUP", rtp_active());
	}
	if (!draining)
		return 0;
	busy = rtp_active() | net_busy();
	/* a failed fork drains here, as SIGHUP does; exit() is as _exit()
	 * here: no stdio buffers to flush, nothing registered by atexit() */
	if (usr2 && busy && fork() > 0)
		exit(0);
	if (!busy) {
		log_info("drained, exiting");
		loop_exit(0);
	}
	return 0;
}

/* A refusal (SPEC 1): one line on standard error, exit status 2. */
static void __attribute__((noreturn))
refuse(const char *msg)
{
	log_say(msg);
	exit(2);
}

/* The command line, the user of -x and the key: all checked, or refused. */
static void
configure(int argc, char **argv, struct conf *c, struct passwd *pw)
{
	const struct passwd *p;
	char err[512], msg[520];
	enum conf_result r;

	r = conf_parse(argc, argv, c, map_system_islocal, err, sizeof(err));
	if (r == CONF_EXIT)
		exit(0);
	if (r == CONF_ERROR)
		refuse(err);
	if (c->user != NULL) {
		if ((p = getpwnam(c->user)) == NULL) {
			snprintf(msg, sizeof(msg), "-x %s: no such user",
			    c->user);
			refuse(msg);
		}
		*pw = *p;
	}
	if (auth_load_key(c->keyfile, err, sizeof(err)) != 0) {
		snprintf(msg, sizeof(msg), "-k %s", err);
		refuse(msg);
	}
}

/* Raise RLIMIT_NOFILE as far as allowed; return the limit in force.
 * (prlimit of pid 0: this process.) */
static rlim_t
raise_nofile(void)
{
	struct rlimit rl;

	if (prlimit(0, RLIMIT_NOFILE, NULL, &rl) != 0)
		return 1024;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (prlimit(0, RLIMIT_NOFILE, &rl, NULL) != 0)
			(void)prlimit(0, RLIMIT_NOFILE, NULL, &rl);
	}
	return rl.rlim_cur;
}

static void
write_pidfile(const char *path)
{
	char buf[24];
	int fd, n;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (fd < 0)
		fatal("pid file %s", path);
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	log_put(fd, buf, (size_t)n);
	close(fd);
}

/*
 * Remove the pid file if it is still ours: after a SIGHUP hand-over it
 * names the new process. Its number is read as fscanf's "%ld" would:
 * after white space, an optional sign, the digits.
 */
static void
remove_pidfile(const char *path)
{
	char buf[64];
	const char *p = buf;
	ssize_t n;
	long pid = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	p += *p == '+';
	for (; sl_isdigit((unsigned char)*p) && pid < 100000000; p++)
		pid = pid * 10 + (*p - '0');	/* (more is no pid) */
	if (pid == (long)getpid())
		unlink(path);
}

/*
 * SPEC 4: the relay count is sized to the descriptor limit; each relay
 * holds four sockets. The SIP addresses hold two (UDP, TCP), the TCP
 * connections one each: an eighth of what is left, up to NET_TCP_MAX
 * unless -c says otherwise (at most half). Sets c->rtp.max_relays;
 * returns the number of connections.
 */
static unsigned long
size_tables(struct conf *c)
{
	rlim_t nofile = raise_nofile();
	unsigned long avail, conns, relays;

	avail = nofile > 64 + 2 * c->map.nlocals ?
	    (unsigned long)(nofile - 64 - 2 * c->map.nlocals) : 8;
	conns = c->tcp_max;
	if (conns == 0)
		conns = avail / 8 < NET_TCP_MAX ? avail / 8 : NET_TCP_MAX;
	if (conns > avail / 2) {
		log_warnx("-c %u: only %lu connections fit in %lu descriptors",
		    c->tcp_max, avail / 2, (unsigned long)nofile);
		conns = avail / 2;
	}
	if (conns == 0)
		conns = 1;
	relays = avail > conns + 4 ? (avail - conns) / 4 : 1;
	if (c->max_relays_set && c->rtp.max_relays < relays)
		relays = c->rtp.max_relays;
	else if (c->max_relays_set)
		log_warnx("-n %u: only %lu relays fit in %lu descriptors",
		    c->rtp.max_relays, relays, (unsigned long)nofile);
	if (relays > 1000000)
		relays = 1000000;
	c->rtp.max_relays = (unsigned)relays;
	return conns;
}

/* The log, the tables, and the signals that policy() handles. */
static void
start(const struct conf *c, unsigned long conns)
{
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT, SIGUSR1, SIGUSR2 };
	size_t i;

	log_init(!c->daemonize, c->verbosity);
	if (loop_init((unsigned)(2 * c->map.nlocals + 8 + conns +
	    4 * c->rtp.max_relays)) != 0 || rtp_init(&c->rtp) != 0 ||
	    net_init(c->testmode, (unsigned)conns, c->tcp_idle_s) != 0 ||
	    loop_hook_add(policy, NULL) != 0)
		fatal("out of memory");
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		loop_signal(sigs[i]);
}

/*
 * Every SIP address. A port still in use may be an old sipproxy64
 * handing over after SIGHUP (SPEC 5): wait for it a little.
 */
static void
bind_all(const struct map *m)
{
	char msg[128];
	size_t i;
	long waited;

	for (i = 0; i < m->nlocals; i++)
		for (waited = 0; net_bind(&m->locals[i]) != 0;
		    waited += BIND_RETRY_MS) {
			if (errno != EADDRINUSE || waited >= BIND_WAIT_MS) {
				/* %m (log.c): errno, which addr_str keeps */
				__extension__ snprintf(msg, sizeof(msg),
				    "%s: cannot bind: %m",
				    addr_str(&m->locals[i]));
				refuse(msg);
			}
			nanosleep(&(struct timespec){ 0,
			    BIND_RETRY_MS * 1000000L }, NULL);
		}
}

/* Into the background, the pid file, then the user of -x. */
static void
detach(const struct conf *c, const struct passwd *pw)
{
	if (c->daemonize) {
		if (daemon(0, 0) != 0)
			fatal("daemon");
		log_to_stderr(0);
	}
	if (c->pidfile != NULL)
		write_pidfile(c->pidfile);
	if (c->user != NULL && (setgroups(1, &pw->pw_gid) != 0 ||
	    setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0))
		fatal("-x %s: cannot become that user", c->user);
}

static void
announce(const struct conf *c, unsigned long conns)
{
	const struct pair *p;

	log_info("sipproxy64 %s: %zu local addresses, %zu table entries, "
	    "up to %u relays on ports %u-%u, up to %lu tcp connections "
	    "(idle %u s)", SIPPROXY64_VERSION, c->map.nlocals, c->map.npairs,
	    c->rtp.max_relays, c->rtp.port_min, c->rtp.port_max, conns,
	    c->tcp_idle_s);
	for (p = c->map.pairs; p < c->map.pairs + c->map.npairs; p++)
		log_debug("table: %s = %s (%s)", addr_str(&p->side[0]),
		    addr_str(&p->side[1]), p->arg);
}

int
main(int argc, char **argv)
{
	static struct conf c;
	struct passwd pw;
	unsigned long conns;
	int rc;

	configure(argc, argv, &c, &pw);
	conns = size_tables(&c);
	start(&c, conns);
	bind_all(&c.map);
	proxy_init(&c.map, c.wrapper);
	detach(&c, &pw);
	announce(&c, conns);
	rc = loop_run();
	if (c.pidfile != NULL)
		remove_pidfile(c.pidfile);
	stats_log();
	rtp_done();
	map_free(&c.map);
	return rc;
}
