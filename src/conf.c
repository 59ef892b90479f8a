/*
 * conf.c - getopt, with every value checked on the spot. A refusal is one
 * line naming the offending argument, and exit status 2 (the caller).
 * No long options: the command line is short enough, and getopt is what
 * every small router's libc has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "conf.h"

#define USAGE \
"usage: sipproxy64 [-dqtvVwh] [-a prefix]... [-k keyfile] [-n maxrelays]\n" \
"                  [-p pidfile] [-r min-max] [-T seconds] [-x user]\n" \
"                  -l IPV4[:PORT] -L IPV6|[IPV6]:PORT\n" \
"                  [-u IPV4[:PORT]] [-U IPV6|[IPV6]:PORT]\n" \
"                  [IPV4[:PORT]=IPV6|[IPV6]:PORT ...]\n"

void
conf_usage(void *fp)
{
	fputs(USAGE, (FILE *)fp);
}

static int
number(const char *z, unsigned long min, unsigned long max, unsigned *out)
{
	uint32_t v;

	if (sl_u32(sl_make(z, strlen(z)), 0xffffffffu, &v) != 0 ||
	    v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

enum conf_result
conf_parse(int argc, char **argv, struct conf *c, map_islocal_fn islocal,
    char *err, size_t errlen)
{
	const char *l4 = NULL, *l6 = NULL, *u4 = NULL, *u6 = NULL;
	const char *dash;
	char lo[16];
	int ch;

	memset(c, 0, sizeof(*c));
	c->verbosity = 1;
	c->keyfile = AUTH_DEFAULT_KEYFILE;
	c->rtp.port_min = RTP_DEFAULT_MIN;
	c->rtp.port_max = RTP_DEFAULT_MAX;
	c->rtp.idle_s = RTP_DEFAULT_IDLE;
	optind = 1;
	opterr = 0;
	while ((ch = getopt(argc, argv, ":a:dhk:l:L:n:p:qr:tT:u:U:vVwx:")) != -1) {
		switch (ch) {
		case 'a':
			if (acl_add(&c->allow, optarg, err, errlen) != 0)
				return CONF_ERROR;
			break;
		case 'd':
			c->daemonize = 1;
			break;
		case 'h':
			conf_usage(stdout);
			return CONF_EXIT;
		case 'k':
			c->keyfile = optarg;
			break;
		case 'l':
			l4 = optarg;
			break;
		case 'L':
			l6 = optarg;
			break;
		case 'n':
			if (number(optarg, 1, 1000000, &c->rtp.max_relays)) {
				snprintf(err, errlen, "-n %s: not a number "
				    "from 1 to 1000000", optarg);
				return CONF_ERROR;
			}
			c->max_relays_set = 1;
			break;
		case 'p':
			c->pidfile = optarg;
			break;
		case 'q':
			c->verbosity = 0;
			break;
		case 'r':
			dash = strchr(optarg, '-');
			if (dash == NULL || (size_t)(dash - optarg) >=
			    sizeof(lo)) {
				snprintf(err, errlen, "-r %s: not MIN-MAX",
				    optarg);
				return CONF_ERROR;
			}
			memcpy(lo, optarg, (size_t)(dash - optarg));
			lo[dash - optarg] = '\0';
			if (number(lo, 1024, 65534, &c->rtp.port_min) ||
			    number(dash + 1, 1025, 65535, &c->rtp.port_max) ||
			    c->rtp.port_max < c->rtp.port_min + 3) {
				snprintf(err, errlen, "-r %s: not a port range "
				    "MIN-MAX within 1024-65535 with room for "
				    "two pairs", optarg);
				return CONF_ERROR;
			}
			break;
		case 't':
			c->testmode = 1;
			break;
		case 'T':
			if (number(optarg, 1, 86400, &c->rtp.idle_s)) {
				snprintf(err, errlen, "-T %s: not a number of "
				    "seconds from 1 to 86400", optarg);
				return CONF_ERROR;
			}
			break;
		case 'u':
			u4 = optarg;
			break;
		case 'U':
			u6 = optarg;
			break;
		case 'v':
			c->verbosity++;
			break;
		case 'V':
			printf("sipproxy64 %s\n", SIPPROXY64_VERSION);
			return CONF_EXIT;
		case 'w':
			c->wrapper = 1;
			break;
		case 'x':
			c->user = optarg;
			break;
		case ':':
			snprintf(err, errlen, "-%c: needs an argument", optopt);
			return CONF_ERROR;
		default:
			snprintf(err, errlen, "-%c: unknown option", optopt);
			return CONF_ERROR;
		}
	}
	if (map_build(&c->map, l4, l6, u4, u6, argv + optind, argc - optind,
	    islocal, err, errlen) != 0)
		return CONF_ERROR;
	c->map.allow = c->allow;
	return CONF_OK;
}
