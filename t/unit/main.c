/*
 * main.c - the unit test driver: TAP on the original standard output;
 * standard output itself goes to /dev/null, as it did when test mode
 * printed there (the tests capture the proxy's out records instead).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "log.h"
#include "map.h"
#include "unit.h"

FILE		*tap_out;
int		 tap_n, tap_failed;
const char	*tap_todo;

static const char *const locals[] = {
	"192.0.2.1", "2001:db8::1", "2001:db8::10", "192.0.2.20",
};

int
fake_islocal(const struct addr *a)
{
	struct addr b;
	size_t i;

	for (i = 0; i < NELEM(locals); i++)
		if (addr_parse_arg(locals[i], 0, &b) == 0 &&
		    addr_eq_ip(&b, a))
			return 1;
	return 0;
}

int
build_world(struct map *m, int with_uplink)
{
	static char op1[] = "198.51.100.10=[2001:db8::10]";
	static char op2[] = "192.0.2.20=[2001:db8:1::20]";
	char *ops[] = { op1, op2 };
	char err[256];
	int r;

	r = map_build(m, "192.0.2.1", "[2001:db8::1]", NULL,
	    with_uplink ? "[2001:db8:2::1]" : NULL, ops, 2, fake_islocal,
	    err, sizeof(err));
	if (r != 0)
		ok(0, "the test world builds: %s", err);
	return r;
}

const char *
cstr(struct sl s)
{
	static char buf[8][4096];
	static unsigned k;
	size_t n = s.n < sizeof(buf[0]) - 1 ? s.n : sizeof(buf[0]) - 1;

	k = (k + 1) % 8;
	if (n > 0)
		memcpy(buf[k], s.p, n);
	buf[k][n] = '\0';
	return buf[k];
}

char *
heap_copy(const char *p, size_t n)
{
	char *c = malloc(n > 0 ? n : 1);

	if (c == NULL) {
		perror("malloc");
		exit(1);
	}
	memcpy(c, p, n);
	return c;
}

char *
crlf(const char *z, size_t *n)
{
	size_t i, k = 0, len = strlen(z), nl = 0;
	char *c;

	for (i = 0; i < len; i++)
		nl += z[i] == '\n';
	c = malloc(len + nl > 0 ? len + nl : 1);
	if (c == NULL) {
		perror("malloc");
		exit(1);
	}
	for (i = 0; i < len; i++) {
		if (z[i] == '\n')
			c[k++] = '\r';
		c[k++] = z[i];
	}
	*n = k;
	return c;
}

struct addr
A(const char *z)
{
	struct addr a;

	if (addr_parse_arg(z, 5060, &a) != 0) {
		ok(0, "test address %s parses", z);
		memset(&a, 0, sizeof(a));
	}
	return a;
}

/* The carried parameter's value for one address in slot 0; its port is
 * 0 when the text names none (a URI written without one). */
const char *
carried(const char *a, int vouched)
{
	static char buf[2][128];
	static int k;
	struct carried c;
	struct obuf ob;
	int port = a[0] == '[' ? strstr(a, "]:") != NULL :
	    strchr(a, ':') != NULL;

	k = !k;
	c.a = A(a);
	if (!port)
		addr_set_port(&c.a, 0);
	c.slot = 0;
	c.vouched = vouched;
	ob_init(&ob, buf[k], sizeof(buf[k]) - 1);
	auth_put_carried(&ob, &c, 1);
	buf[k][ob.len] = '\0';
	return buf[k];
}

int
main(void)
{
	static const unsigned char key[AUTH_KEYLEN] = {
		0x5a, 0x11, 0x93, 0x07, 0xc4, 0x2e, 0x6b, 0xf0,
		0x18, 0x9d, 0x44, 0xa7, 0x3c, 0xe2, 0x51, 0x8f,
	};
	int fd;

	fd = dup(STDOUT_FILENO);
	if (fd < 0 || (tap_out = fdopen(fd, "w")) == NULL ||
	    freopen("/dev/null", "w", stdout) == NULL) {
		perror("unit: stdout");
		return 1;
	}
	/* Drop lines go to stderr only, never to the system's syslog. */
	log_to_stderr(1);
	log_verbosity = getenv("UNIT_VERBOSE") != NULL ? LOG_VERBOSE :
	    LOG_QUIET - 1;
	auth_set_key(key);

	test_sl();
	test_addr();
	test_sip();
	test_find();
	test_xlate();
	test_carry();
	test_auth();
	test_map();
	test_sdp();	/* calls rtp_init (fake) part-way */
	test_proxy();
	test_stun();	/* after test_proxy: sets its own world */
	test_acl();	/* the same */
	return done_testing();
}
