/*
 * fuzz_proxy.c - libFuzzer target over the tokenizer, the translation
 * and the SDP rewriting: one datagram into proxy_input(), from the IPv4
 * side or the IPv6 side (the first input byte decides). The datagram is
 * copied into a heap buffer of exactly its size, so that AddressSanitizer
 * catches any read past it. The oracle on every message sipproxy64 would
 * send: it parses as SIP, and, when it crosses to the other family, it
 * holds no address literal of the sender's family outside its Call-ID
 * (SPEC 3); else abort(). Two exceptions to "it parses": our 400 to a
 * request with a bad CSeq copies that CSeq, as RFC 3261 8.2.6.2 says
 * (RFC 4475 scalar02 expects that 400), and a STUN answer is no SIP. Each
 * input starts with the rate limit of our own answers reset, so that
 * every input sees its answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/auth.h"
#include "../../src/conf.h"
#include "../../src/inv.h"
#include "../../src/limit.h"
#include "../../src/stun.h"
#include "../../src/log.h"
#include "../../src/proxy.h"
#include "../../src/rtp.h"
#include "../../src/sip.h"
#include "../../src/xlate.h"

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static const char *const locals[] = {
	"198.51.100.1", "198.51.100.110", "2001:db8:6::1", "2001:db8:6::a10"
};
static int from_af;
static struct sip_msg out;
static struct addr fuzz_src;

static int
islocal(const struct addr *a)
{
	struct addr b;
	size_t i;

	for (i = 0; i < sizeof(locals) / sizeof(locals[0]); i++)
		if (addr_parse_arg(locals[i], 5060, &b) == 0 &&
		    addr_eq_ip(&b, a))
			return 1;
	return 0;
}

static void
oracle(const struct proxy_out *o)
{
	const char *p = o->p;
	size_t n = o->n;
	enum drop_reason r;

	if (stun_looks(p, n) && addr_eq(&o->to, &fuzz_src))
		return;
	r = sip_parse(p, n, &out);
	if (r == DROP_CSEQ && addr_af(&o->to) == from_af && n > 12 &&
	    memcmp(p, "SIP/2.0 400 ", 12) == 0)
		return;
	if (r != DROP_NONE)
		abort();
	if (addr_af(&o->to) == from_af)
		return;		/* our own answer, back to the sender */
	if (!inv_holds(p, n, from_af, 0))
		abort();
}

static void
init(void)
{
	static struct conf c;
	static char *argv[] = { "fuzz", "-q", "-l", "198.51.100.1", "-L",
	    "2001:db8:6::1", "-U", "[2001:db8:6::5]", "-n", "64",
	    "198.51.100.10=2001:db8:6::a10", "198.51.100.110=2001:db8:6::10",
	    NULL };
	static const unsigned char key[AUTH_KEYLEN] = { 1, 2, 3, 4, 5, 6 };
	char err[256];

	if (conf_parse(12, argv, &c, islocal, err, sizeof(err)) != CONF_OK) {
		fprintf(stderr, "fuzz: %s\n", err);
		abort();
	}
	auth_set_key(key);
	log_init(0, 0);
	c.rtp.fake = 1;
	if (rtp_init(&c.rtp) != 0)
		abort();
	proxy_init(&c.map, 0);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static int ready;
	struct addr src, dst;
	struct proxy_out o;
	char *buf;

	if (!ready) {
		init();
		ready = 1;
	}
	if (size < 1)
		return 0;
	from_af = data[0] & 1 ? AF_INET6 : AF_INET;
	if (from_af == AF_INET) {
		addr_parse_arg("198.51.100.10:5060", 5060, &src);
		addr_parse_arg(data[0] & 2 ? "198.51.100.110" : "198.51.100.1",
		    5060, &dst);
	} else {
		addr_parse_arg("[2001:db8:6::99]:5060", 5060, &src);
		addr_parse_arg(data[0] & 2 ? "[2001:db8:6::a10]" :
		    "[2001:db8:6::1]", 5060, &dst);
	}
	buf = malloc(size - 1 ? size - 1 : 1);
	if (buf == NULL)
		return 0;
	memcpy(buf, data + 1, size - 1);
	limit_reset();
	fuzz_src = src;
	if (proxy_input(buf, size - 1, &src, &dst, TP_UDP, &o))
		oracle(&o);
	free(buf);
	return 0;
}
