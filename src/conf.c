/*
 * conf.c - getopt, with every value checked on the spot. A refusal is one
 * line naming the offending argument, and exit status 2 (the caller).
 * No long options: the command line is short enough, and getopt is what
 * every small router's libc has.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "conf.h"
#include "log.h"
#include "net.h"

#define PAIRS_LINE	512
#define PAIRS_LONG	"longer than 512 characters"	/* PAIRS_LINE */

#define VERSION	"sipproxy64 " SIPPROXY64_VERSION "\n"
#define USAGE \
"usage: sipproxy64 [-dqtvVwh] [-a prefix]... [-c maxconns] [-C seconds]\n" \
"\t[-f pairfile] [-k keyfile] [-n maxrelays] [-p pidfile]\n" \
"\t[-r min-max] [-T seconds] [-x user]\n" \
"\t-l IPV4[:PORT] -L IPV6|[IPV6]:PORT\n" \
"\t[-u IPV4[:PORT]] [-U IPV6|[IPV6]:PORT]\n" \
"\t[IPV4[:PORT]=IPV6|[IPV6]:PORT ...]\n"

/*
 * -ch z: a decimal number from min to max; what names it in the refusal
 * ("a number", "a number of seconds").
 */
static enum conf_result
number(int ch, const char *z, unsigned min, unsigned max, const char *what,
    unsigned *out, char *err, size_t errlen)
{
	uint32_t v;

	if (sl_u32(sl_make(z, strlen(z)), 0xffffffffu, &v) != 0 || v < min ||
	    v > max) {
		snprintf(err, errlen, "-%c %s: not %s from %u to %u", ch, z,
		    what, min, max);
		return CONF_ERROR;
	}
	*out = v;
	return CONF_OK;
}

/* -r MIN-MAX: even and odd ports for two pairs at least, from 1024 on. */
static enum conf_result
port_range(const char *z, struct rtp_conf *r, char *err, size_t errlen)
{
	const char *dash = strchr(z, '-');
	uint32_t lo, hi;

	if (dash == NULL) {
		snprintf(err, errlen, "-r %s: not MIN-MAX", z);
		return CONF_ERROR;
	}
	if (sl_u32(sl_make(z, (size_t)(dash - z)), 65534, &lo) != 0 ||
	    sl_u32(sl_make(dash + 1, strlen(dash + 1)), 65535, &hi) != 0 ||
	    lo < 1024 || hi < lo + 3) {
		snprintf(err, errlen, "-r %s: not a port range MIN-MAX within "
		    "1024-65535 with room for two pairs", z);
		return CONF_ERROR;
	}
	r->port_min = lo;
	r->port_max = hi;
	return CONF_OK;
}

/* One more pair, a copy of z, from line ln of the file. */
static int
push(char ***ops, unsigned **line, int *n, const char *z, unsigned ln)
{
	size_t len = strlen(z) + 1;
	void *t;

	if ((t = realloc(*ops, (size_t)(*n + 1) * sizeof(**ops))) == NULL)
		return -1;
	*ops = t;
	if ((t = realloc(*line, (size_t)(*n + 1) * sizeof(**line))) == NULL)
		return -1;
	*line = t;
	if (((*ops)[*n] = malloc(len)) == NULL)
		return -1;
	memcpy((*ops)[*n], z, len);
	(*line)[(*n)++] = ln;
	return 0;
}

/* Blank: white space as a pairs file has it. */
static int
blank(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/*
 * A line of the file: the n bytes at p, without the newline that ended
 * it (nl) or not (the last line), with room for a NUL after them. Its
 * pair, made a string in place, at *pair (NULL if none); NULL, or why
 * the line is refused. As when the file was read with fgets(), a NUL
 * byte ends a line, and one that a newline ends is refused as too long.
 */
static const char *
pairs_line(char *p, size_t n, int nl, char **pair)
{
	char *e;

	*pair = NULL;
	if (n > PAIRS_LINE || (nl && memchr(p, '\0', n) != NULL))
		return PAIRS_LONG;
	p[n] = '\0';
	if ((e = strchr(p, '#')) != NULL)
		*e = '\0';
	while (blank(*p))
		p++;
	for (e = p; *e != '\0' && !blank(*e); e++)
		;
	for (n = (size_t)(e - p); blank(*e); e++)
		;
	if (*e != '\0')
		return "one pair per line";
	p[n] = '\0';
	if (n > 0)
		*pair = p;
	return NULL;
}

/*
 * -f FILE: one pair per line, checked by map_build like an operand; "#"
 * starts a comment, blank lines are skipped. The pairs are appended to
 * ops (room for them is made); line[] gets each one's line number. Read
 * a buffer at a time; what is left of a line waits at the start of buf.
 */
static int
read_pairs(const char *path, char ***ops, int *nops, unsigned **line,
    char *err, size_t errlen)
{
	char buf[4 * PAIRS_LINE], *nl, *pair;
	const char *why = NULL;
	size_t have = 0, len;
	ssize_t r = 1;
	unsigned ln = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) < 0) {
		__extension__ snprintf(err, errlen, "-f %s: %m", path);
		return -1;
	}
	while (r > 0 || have > 0) {
		nl = memchr(buf, '\n', have);
		if (nl == NULL && have <= PAIRS_LINE && r > 0) {
			if ((r = read(fd, buf + have, sizeof(buf) - 1 - have)) > 0)
				have += (size_t)r;
			else if (r < 0 && errno == EINTR)
				r = 1;
			else if (r < 0)
				goto fail;
			continue;
		}
		len = nl != NULL ? (size_t)(nl - buf) : have;
		ln++;
		if ((why = pairs_line(buf, len, nl != NULL, &pair)) != NULL)
			break;
		if (pair != NULL && push(ops, line, nops, pair, ln) != 0) {
			errno = ENOMEM;
			goto fail;
		}
		have -= len + (nl != NULL);
		memmove(buf, buf + len + (nl != NULL), have);
	}
	close(fd);
	if (why == NULL)
		return 0;
	snprintf(err, errlen, "%s:%u: %s", path, ln, why);
	return -1;
fail:	/* a read or an allocation failed: errno says which (%m, log.c) */
	__extension__ snprintf(err, errlen, "-f %s: %m", path);
	close(fd);
	return -1;
}

/*
 * The table from the operands and the -f file: a refusal of a line of the
 * file is told as "FILE:LINE: ..." (the operands come first).
 */
static int
build_map(struct conf *c, const char *l4, const char *l6, const char *u4,
    const char *u6, char **args, int nargs, map_islocal_fn islocal,
    char *err, size_t errlen)
{
	char **ops = NULL, msg[512];
	unsigned *line = NULL;
	int i, n = 0;

	/* line[] is grown by push, and read only for the file's pairs */
	if ((ops = calloc((size_t)nargs + 1, sizeof(*ops))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < nargs; i++)
		ops[n++] = args[i];
	if (c->pairfile != NULL && read_pairs(c->pairfile, &ops, &n, &line,
	    err, errlen) != 0)
		return -1;
	if (map_build(&c->map, l4, l6, u4, u6, ops, n, islocal, err,
	    errlen) != 0) {
		if (c->map.bad >= nargs) {
			snprintf(msg, sizeof(msg), "%s:%u: %s", c->pairfile,
			    line[c->map.bad], err);
			snprintf(err, errlen, "%s", msg);
		}
		return -1;
	}
	free(line);
	c->pairtext = ops;	/* the table's pairs point into it */
	return 0;
}

/* One option of the command line; the addresses go to addr (-l -L -u -U). */
static enum conf_result
option(struct conf *c, int ch, const char *addr[4], char *err,
    size_t errlen)
{
	switch (ch) {
	case 'a':
		return acl_add(&c->allow, optarg, err, errlen) != 0 ?
		    CONF_ERROR : CONF_OK;
	case 'c':
		return number(ch, optarg, 1, 100000, "a number", &c->tcp_max,
		    err, errlen);
	case 'C':
		return number(ch, optarg, 1, 86400, "a number of seconds",
		    &c->tcp_idle_s, err, errlen);
	case 'n':
		c->max_relays_set = 1;
		return number(ch, optarg, 1, 1000000, "a number",
		    &c->rtp.max_relays, err, errlen);
	case 'r':
		return port_range(optarg, &c->rtp, err, errlen);
	case 'T':
		return number(ch, optarg, 1, 86400, "a number of seconds",
		    &c->rtp.idle_s, err, errlen);
	case 'l': addr[0] = optarg; break;
	case 'L': addr[1] = optarg; break;
	case 'u': addr[2] = optarg; break;
	case 'U': addr[3] = optarg; break;
	case 'f': c->pairfile = optarg; break;
	case 'k': c->keyfile = optarg; break;
	case 'p': c->pidfile = optarg; break;
	case 'x': c->user = optarg; break;
	case 'd': c->daemonize = 1; break;
	case 'q': c->verbosity = 0; break;
	case 't': c->testmode = 1; break;
	case 'v': c->verbosity++; break;
	case 'w': c->wrapper = 1; break;
	case 'h':
		log_put(STDOUT_FILENO, USAGE, sizeof(USAGE) - 1);
		return CONF_EXIT;
	case 'V':
		log_put(STDOUT_FILENO, VERSION, sizeof(VERSION) - 1);
		return CONF_EXIT;
	case ':':
		snprintf(err, errlen, "-%c: needs an argument", optopt);
		return CONF_ERROR;
	default:
		snprintf(err, errlen, "-%c: unknown option", optopt);
		return CONF_ERROR;
	}
	return CONF_OK;
}

enum conf_result
conf_parse(int argc, char **argv, struct conf *c, map_islocal_fn islocal,
    char *err, size_t errlen)
{
	const char *addr[4] = { NULL, NULL, NULL, NULL };
	enum conf_result r;
	int ch;

	memset(c, 0, sizeof(*c));
	c->verbosity = 1;
	c->keyfile = AUTH_DEFAULT_KEYFILE;
	c->rtp.port_min = RTP_DEFAULT_MIN;
	c->rtp.port_max = RTP_DEFAULT_MAX;
	c->rtp.idle_s = RTP_DEFAULT_IDLE;
	c->tcp_idle_s = NET_TCP_IDLE;
	optind = 1;
	opterr = 0;
	while ((ch = getopt(argc, argv, ":a:c:C:df:hk:l:L:n:p:qr:tT:u:U:vVwx:")) !=
	    -1)
		if ((r = option(c, ch, addr, err, errlen)) != CONF_OK)
			return r;
	if (build_map(c, addr[0], addr[1], addr[2], addr[3], argv + optind,
	    argc - optind, islocal, err, errlen) != 0)
		return CONF_ERROR;
	c->map.allow = c->allow;
	return CONF_OK;
}
