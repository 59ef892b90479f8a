/*
 * conf.h - the command line (SPEC 1), which is the whole configuration.
 */
#ifndef CONF_H
#define CONF_H

#include "map.h"
#include "rtp.h"

#define SIPPROXY64_VERSION	"0.1.0"

struct conf {
	int		 daemonize;
	int		 testmode;
	int		 wrapper;
	int		 verbosity;
	const char	*pidfile;
	const char	*keyfile;
	const char	*user;
	const char	*pairfile;	/* -f */
	char		**pairtext;	/* operands and -f lines, for the table */
	struct rtp_conf	 rtp;
	int		 max_relays_set;
	unsigned	 tcp_max;	/* -c: connections */
	unsigned	 tcp_idle_s;	/* -C: their idle timeout */
	struct map	 map;
	struct acl	 allow;		/* -a, into map.allow once it is built */
};

enum conf_result { CONF_OK, CONF_EXIT, CONF_ERROR };

enum conf_result conf_parse(int, char **, struct conf *, map_islocal_fn,
		    char *, size_t);

#endif
