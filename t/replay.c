/*
 * replay.c - drives the proxy without a network: the same code as the
 * daemon (every object but main.o), with the local addresses declared on
 * the command line instead of found on the interfaces, and datagrams read
 * from files. Output is test mode's: one "--- from L to D" line and the
 * message, for each message sipproxy64 would send.
 *
 *   replay -k KEYFILE [-A LOCAL]... [-R VECTORDIR] -- DAEMON-ARGS < SCRIPT
 *
 * SCRIPT: one datagram per line, "SRC DST FILE [via]". With "via", the
 * Via that sipproxy64 put on top of the last request it sent is put on
 * top of the file's message first, so that a response from the vectors
 * finds its way back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/auth.h"
#include "../src/conf.h"
#include "../src/log.h"
#include "../src/net.h"
#include "../src/proxy.h"
#include "../src/rtp.h"

#define MAXLOCAL	64

static struct addr locals[MAXLOCAL];
static int nlocals;
static char lastvia[1024];
static char data[70000], mod[72000];

static int
islocal(const struct addr *a)
{
	int i;

	for (i = 0; i < nlocals; i++)
		if (addr_eq_ip(&locals[i], a))
			return 1;
	return 0;
}

/* Remember the Via we put on a request, for a later "via" line. */
static void
tap(const char *p, size_t n)
{
	const char *v = p, *e;

	if (n < 8 || memcmp(p, "SIP/2.0 ", 8) == 0)
		return;
	while ((v = memchr(v, '\n', (size_t)(p + n - v))) != NULL) {
		v++;
		if ((size_t)(p + n - v) > 17 &&
		    (memcmp(v, "Via: SIP/2.0/UDP ", 17) == 0 ||
		    memcmp(v, "Via: SIP/2.0/TCP ", 17) == 0))
			break;
	}
	if (v == NULL)
		return;
	e = memchr(v, '\n', (size_t)(p + n - v));
	if (e == NULL || (size_t)(e - v) + 1 >= sizeof(lastvia))
		return;
	memcpy(lastvia, v, (size_t)(e - v) + 1);
	lastvia[e - v + 1] = '\0';
}

int
main(int argc, char **argv)
{
	static struct conf c;
	char err[512], line[4096], path[4096], s[128], d[128], flag[16];
	const char *keyfile = NULL, *dir = ".";
	struct addr src, dst;
	struct proxy_out out;
	uint64_t before[DROP_MAX], sent;
	FILE *f;
	size_t n, fl;
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (i + 1 >= argc)
			goto usage;
		if (strcmp(argv[i], "-k") == 0)
			keyfile = argv[++i];
		else if (strcmp(argv[i], "-R") == 0)
			dir = argv[++i];
		else if (strcmp(argv[i], "-A") == 0 && nlocals < MAXLOCAL) {
			if (addr_parse_arg(argv[++i], 5060,
			    &locals[nlocals++]) != 0)
				goto usage;
		} else
			goto usage;
	}
	if (i >= argc || keyfile == NULL)
		goto usage;
	argv[i] = argv[0];
	if (conf_parse(argc - i, argv + i, &c, islocal, err, sizeof(err)) !=
	    CONF_OK) {
		fprintf(stderr, "replay: %s\n", err);
		return 2;
	}
	if (auth_load_key(keyfile, err, sizeof(err)) != 0) {
		fprintf(stderr, "replay: %s\n", err);
		return 2;
	}
	log_init(1, c.verbosity);
	c.rtp.max_relays = c.max_relays_set ? c.rtp.max_relays : 64;
	c.rtp.fake = 1;
	if (rtp_init(&c.rtp) != 0)
		return 1;
	proxy_init(&c.map, c.wrapper);

	while (fgets(line, sizeof(line), stdin) != NULL) {
		flag[0] = '\0';
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%127s %127s %4000s %15s", s, d, path + 0,
		    flag) < 3 || addr_parse_arg(s, 5060, &src) != 0 ||
		    addr_parse_arg(d, 5060, &dst) != 0) {
			fprintf(stderr, "replay: bad line: %s", line);
			return 2;
		}
		{
			char full[8192];

			snprintf(full, sizeof(full), "%s/%s", dir, path);
			f = fopen(full, "rb");
			if (f == NULL) {
				fprintf(stderr, "replay: %s: cannot open\n",
				    full);
				return 2;
			}
		}
		n = fread(data, 1, sizeof(data), f);
		fclose(f);
		printf("### %s from %s to %s%s%s\n", path, s, d,
		    flag[0] ? " " : "", flag);
		if (strcmp(flag, "via") == 0 && lastvia[0] != '\0') {
			/* after the status line */
			char *nl = memchr(data, '\n', n);

			fl = nl == NULL ? n : (size_t)(nl - data) + 1;
			memcpy(mod, data, fl);
			memcpy(mod + fl, lastvia, strlen(lastvia));
			memcpy(mod + fl + strlen(lastvia), data + fl, n - fl);
			n += strlen(lastvia);
			memcpy(data, mod, n);
		}
		memcpy(before, stats.drop, sizeof(before));
		sent = stats.tx[0] + stats.tx[1] + stats.local_resp;
		if (proxy_input(data, n, &src, &dst, TP_UDP, &out)) {
			tap(out.p, out.n);
			fflush(stdout);	/* what printf left waits */
			net_print(STDOUT_FILENO, &out);
		}
		for (i = 1; i < DROP_MAX; i++)
			if (stats.drop[i] != before[i])
				printf("### dropped: %s\n",
				    drop_name((enum drop_reason)i));
		if (stats.tx[0] + stats.tx[1] + stats.local_resp == sent)
			printf("### nothing sent\n");
		fflush(stdout);
	}
	return 0;
usage:
	fprintf(stderr, "usage: replay -k KEYFILE [-A LOCAL]... [-R DIR] -- "
	    "ARGS < SCRIPT\n");
	return 2;
}
