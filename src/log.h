/*
 * log.h - logging in the manner of OpenBSD's daemons: syslog (facility
 * daemon, ident sipproxy64), and standard error too while in the
 * foreground. log_limited() is for anything the network can trigger.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>
#include <stdlib.h>

#include "stats.h"

#define LOG_QUIET	0
#define LOG_NORMAL	1
#define LOG_VERBOSE	2
#define LOG_DEBUG2	3

extern int log_verbosity;

void	log_init(int, int);
void	log_to_stderr(int);
/*
 * Without stdio: log_put writes n bytes to fd, all of them unless it
 * fails; log_say writes "sipproxy64: MSG" and a newline to standard
 * error, in one write, whatever the verbosity and never to syslog (a
 * MSG of up to 1151 bytes, the most vlog makes; a longer one is cut).
 */
void	log_put(int, const char *, size_t);
void	log_say(const char *);
/*
 * log_warn adds strerror(errno) and leaves errno as it was; log_warnx is
 * written whatever the verbosity, log_warn from LOG_QUIET on, log_info
 * from LOG_NORMAL, log_debug from LOG_VERBOSE; fatal (with strerror) and
 * fatalx are written always, and exit 1. One function under them all.
 */
enum log_kind {
	LOGK_WARN, LOGK_WARNX, LOGK_INFO, LOGK_DEBUG, LOGK_FATAL, LOGK_FATALX
};

void	log_line(enum log_kind, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

#define log_warn(...)	log_line(LOGK_WARN, __VA_ARGS__)
#define log_warnx(...)	log_line(LOGK_WARNX, __VA_ARGS__)
#define log_info(...)	log_line(LOGK_INFO, __VA_ARGS__)
#define log_debug(...)	log_line(LOGK_DEBUG, __VA_ARGS__)
#define fatal(...)	(log_line(LOGK_FATAL, __VA_ARGS__), exit(1))
#define fatalx(...)	(log_line(LOGK_FATALX, __VA_ARGS__), exit(1))

void	log_limited(enum drop_reason, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_tick(uint64_t);

#endif
