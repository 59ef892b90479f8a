/*
 * fuzz_two.c - the second libFuzzer target (issue 8): two datagrams,
 * the second carrying authentic sp64= and sp64v= values that sipproxy64
 * itself wrote, so that the fuzzer reaches the code behind the keyed
 * hashes (carried addresses coming back, our own Via on a response).
 *
 * Input: one flag byte, the first datagram, and optionally a NUL and the
 * template of the second (without one, the first serves again).
 *   bit 0, 1	the first: from the IPv6 side, to a stand-in (fuzz_proxy.c)
 *   bit 2	the second comes back from where the first was sent, to
 *		the address it left from (else from the first's source)
 *   bit 3	the second gets the top Via of the last message sent for
 *		the first (ours, with its sp64v=) after its start line
 * In the template, the value after each "sp64=" or "sp64v=" is replaced
 * by one of the values of that name in what was sent for the first, in
 * turn. The set-up, the addresses and the oracle are fuzz_proxy.c's,
 * included here, so that the two targets check the same thing.
 */
#include <strings.h>

#define LLVMFuzzerTestOneInput fuzz_one_input
#include "fuzz_proxy.c"
#undef LLVMFuzzerTestOneInput

#define NVAL	8		/* values kept per name */
#define VALMAX	80
#define VIAMAX	1024

struct seen {
	char	val[2][NVAL][VALMAX];	/* [0] sp64=, [1] sp64v= */
	int	nval[2];
	char	via[VIAMAX];	/* top Via of the last message, line and CRLF */
	size_t	vialen;
	struct addr from, to;	/* of the last message */
	int	any;
};

static struct seen seen;
static const char *const pname[2] = { "sp64=", "sp64v=" };

static int
tokch(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
}

/* the values of one parameter name in one message */
static void
harvest(const char *p, size_t n, int k)
{
	size_t plen = strlen(pname[k]), i, j;

	for (i = 0; i + plen <= n; i++) {
		if (memcmp(p + i, pname[k], plen) != 0 ||
		    (i > 0 && tokch((unsigned char)p[i - 1])))
			continue;
		for (j = i + plen; j < n && j - i - plen < VALMAX - 1 &&
		    tokch((unsigned char)p[j]); j++)
			;
		if (seen.nval[k] < NVAL && j > i + plen) {
			memcpy(seen.val[k][seen.nval[k]], p + i + plen,
			    j - i - plen);
			seen.val[k][seen.nval[k]++][j - i - plen] = '\0';
		}
	}
}

/* the first "Via:" or "v:" line after the start line */
static void
keep_via(const char *p, size_t n)
{
	const char *l = memchr(p, '\n', n), *e;

	seen.vialen = 0;
	while (l != NULL && ++l < p + n) {
		e = memchr(l, '\n', (size_t)(p + n - l));
		if (e == NULL || e == l || (e == l + 1 && *l == '\r'))
			return;
		if (((size_t)(e - l) > 4 && strncasecmp(l, "via:", 4) == 0) ||
		    ((size_t)(e - l) > 2 && strncasecmp(l, "v:", 2) == 0)) {
			if ((size_t)(e - l) + 1 <= VIAMAX) {
				seen.vialen = (size_t)(e - l) + 1;
				memcpy(seen.via, l, seen.vialen);
			}
			return;
		}
		l = e;
	}
}

static void
capture(const struct proxy_out *o)
{
	harvest(o->p, o->n, 0);
	harvest(o->p, o->n, 1);
	keep_via(o->p, o->n);
	seen.from = o->from;
	seen.to = o->to;
	seen.any = 1;
}

/* where fuzz_proxy.c sends the first from (flag bits 0 and 1) */
static void
first_addrs(int flags, struct addr *src, struct addr *dst)
{
	if (flags & 1) {
		addr_parse_arg("[2001:db8:6::99]:5060", 5060, src);
		addr_parse_arg(flags & 2 ? "[2001:db8:6::a10]" :
		    "[2001:db8:6::1]", 5060, dst);
	} else {
		addr_parse_arg("198.51.100.10:5060", 5060, src);
		addr_parse_arg(flags & 2 ? "198.51.100.110" : "198.51.100.1",
		    5060, dst);
	}
}

/* the length of the second datagram (an upper bound), then the datagram */
static size_t
build(const unsigned char *t, size_t tn, int withvia, char *dg)
{
	size_t i = 0, o = 0, plen;
	int k, turn[2] = { 0, 0 };

	if (withvia && seen.vialen > 0) {
		const unsigned char *nl = memchr(t, '\n', tn);

		i = nl == NULL ? tn : (size_t)(nl - t) + 1;
		if (dg != NULL) {
			memcpy(dg, t, i);
			memcpy(dg + i, seen.via, seen.vialen);
		}
		o = i + seen.vialen;
	}
	while (i < tn) {
		for (k = 1; k >= 0; k--) {
			plen = strlen(pname[k]);
			if (tn - i >= plen && memcmp(t + i, pname[k], plen) == 0)
				break;
		}
		if (k < 0 || seen.nval[k] == 0) {
			if (dg != NULL)
				dg[o] = (char)t[i];
			o++, i++;
			continue;
		}
		if (dg != NULL)
			memcpy(dg + o, t + i, plen);
		o += plen, i += plen;
		while (i < tn && tokch(t[i]))
			i++;
		{
			const char *v = seen.val[k][turn[k]++ % seen.nval[k]];

			if (dg != NULL)
				memcpy(dg + o, v, strlen(v));
			o += strlen(v);
		}
	}
	return o;
}

/*
 * The one call into the proxy (its interface changes with TCP: keep it
 * here): a copy of exactly the datagram's size on the heap, so that
 * AddressSanitizer sees a read past it; what goes out is checked by
 * fuzz_proxy.c's oracle, then its values kept.
 */
static void
feed(const char *p, size_t n, const struct addr *src, const struct addr *dst)
{
	struct proxy_out o;
	char *buf = malloc(n ? n : 1);

	if (buf == NULL)
		return;
	memcpy(buf, p, n);
	from_af = addr_af(src);
	if (proxy_input(buf, n, src, dst, TP_UDP, &o)) {
		oracle(&o);
		capture(&o);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const unsigned char *sep, *t;
	struct addr src, dst;
	size_t n1, tn, n;
	char *buf;

	fuzz_one_input(data, 0);	/* set-up, once */
	if (size < 1)
		return 0;
	memset(&seen, 0, sizeof(seen));
	sep = memchr(data + 1, '\0', size - 1);
	n1 = sep == NULL ? size - 1 : (size_t)(sep - data) - 1;
	first_addrs(data[0], &src, &dst);
	feed((const char *)data + 1, n1, &src, &dst);
	if (!seen.any)
		return 0;
	t = sep == NULL ? data + 1 : sep + 1;
	tn = sep == NULL ? n1 : size - n1 - 2;
	if (data[0] & 4) {
		src = seen.to;
		dst = seen.from;
	}
	n = build(t, tn, data[0] & 8, NULL);
	buf = malloc(n ? n : 1);
	if (buf == NULL)
		return 0;
	build(t, tn, data[0] & 8, buf);
	feed(buf, n, &src, &dst);
	free(buf);
	return 0;
}
