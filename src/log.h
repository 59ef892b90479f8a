/*
 * log.h - logging in the manner of OpenBSD's daemons: syslog (facility
 * daemon, ident sipproxy64), and standard error too while in the
 * foreground. log_limited() is for anything the network can trigger.
 */
#ifndef LOG_H
#define LOG_H

#include "stats.h"

#define LOG_QUIET	0
#define LOG_NORMAL	1
#define LOG_VERBOSE	2
#define LOG_DEBUG2	3

extern int log_verbosity;

void	log_init(int, int);
void	log_to_stderr(int);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_limited(enum drop_reason, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	log_tick(uint64_t);
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

#endif
