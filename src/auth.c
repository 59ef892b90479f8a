/*
 * auth.c - SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast
 * short-input PRF", 2012), written from the paper; the key file; and the
 * encodings of what sipproxy64 carries in messages.
 *
 * A carried address is hex(ip || port || mac64) where mac64 is SipHash
 * over a one-byte domain tag and the address bytes. Hex is made of token
 * characters that every SIP parser accepts and that no intermediary
 * changes the case of. The length tells the family: 28 hex digits for
 * IPv4, 52 for IPv6. The own-Via value carries two addresses of one
 * family (where the request arrived, where its response goes): 40 or 88;
 * its MAC's domain tag says how the request came, 'V' over UDP, 'T' over
 * TCP (then the response goes back on that connection), and it covers
 * the branch of the Via it was written into as well, so
 * that it vouches for one transaction only.
 *
 * The key file holds one secret. Each use (carried address, own Via, own
 * branch, own To tag, hash tables) gets a key of its own, derived from
 * the secret with SipHash over the use's name, so that no value that
 * sipproxy64 writes for one use can stand in for, or tell anything
 * about, another.
 */
#define _GNU_SOURCE	/* AT_EMPTY_PATH: Linux */
#include <sys/random.h>
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"

static unsigned char auth_key[AUTH_USES][AUTH_KEYLEN];

static const char *const use_name[AUTH_USES] = {
	"sipproxy64 carried address",
	"sipproxy64 own via",
	"sipproxy64 own branch",
	"sipproxy64 own to-tag",
	"sipproxy64 hash table",
};

#define BRANCH_MAX	256	/* longest branch an sp64v= is bound to */

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))

/* The n (at most 8) bytes at p, little-endian. */
static uint64_t
rd64(const unsigned char *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 8) | p[n];
	return v;
}

/* n SipRounds over the state v[0..3]. */
static void
siprounds(uint64_t v[4], int n)
{
	while (n-- > 0) {
		v[0] += v[1]; v[1] = ROTL(v[1], 13); v[1] ^= v[0];
		v[0] = ROTL(v[0], 32);
		v[2] += v[3]; v[3] = ROTL(v[3], 16); v[3] ^= v[2];
		v[0] += v[3]; v[3] = ROTL(v[3], 21); v[3] ^= v[0];
		v[2] += v[1]; v[1] = ROTL(v[1], 17); v[1] ^= v[2];
		v[2] = ROTL(v[2], 32);
	}
}

/* One message word m: c = 2 compression rounds. */
static void
compress(uint64_t v[4], uint64_t m)
{
	v[3] ^= m;
	siprounds(v, 2);
	v[0] ^= m;
}

uint64_t
siphash24(const unsigned char key[16], const void *data, size_t len)
{
	const unsigned char *in = data;
	uint64_t k0 = rd64(key, 8), k1 = rd64(key + 8, 8);
	uint64_t v[4] = {
		0x736f6d6570736575ULL ^ k0, 0x646f72616e646f6dULL ^ k1,
		0x6c7967656e657261ULL ^ k0, 0x7465646279746573ULL ^ k1,
	};
	size_t i;

	for (i = 0; i + 8 <= len; i += 8)
		compress(v, rd64(in + i, 8));
	compress(v, (uint64_t)len << 56 | rd64(in + i, len & 7));
	v[2] ^= 0xff;
	siprounds(v, 4);	/* d = 4 finalization rounds */
	return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/* Each use's key: two SipHash values of its name (and 0, 1). */
void
auth_set_key(const unsigned char key[AUTH_KEYLEN])
{
	unsigned char in[64];
	size_t n;
	uint64_t h;
	int u, half, i;

	for (u = 0; u < AUTH_USES; u++) {
		n = strlen(use_name[u]);
		memcpy(in, use_name[u], n);
		for (half = 0; half < 2; half++) {
			in[n] = (unsigned char)half;
			h = siphash24(key, in, n + 1);
			for (i = 0; i < 8; i++)
				auth_key[u][8 * half + i] =
				    (unsigned char)(h >> (8 * i));
		}
	}
}

uint64_t
auth_mac(enum auth_use u, const void *p, size_t n)
{
	return siphash24(auth_key[u], p, n);
}

/* For hash tables only: never written into a message. */
uint64_t
auth_hash(const void *p, size_t n)
{
	return auth_mac(AUTH_USE_HASH, p, n);
}

/* The value of hex digit c, or -1. */
static int
hexval(int c)
{
	if (sl_isdigit(c))
		return c - '0';
	return sl_isxdigit(c) ? sl_lower(c) - 'a' + 10 : -1;
}

/* n bytes from the 2n hex digits at p; 0, or -1 for any other character. */
static int
unhex(const char *p, size_t n, unsigned char *out)
{
	size_t i;
	int hi, lo;

	for (i = 0; i < n; i++) {
		hi = hexval((unsigned char)p[2 * i]);
		lo = hexval((unsigned char)p[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * As ssh does with its keys: a key file that anybody but its owner could
 * read or write, or that is not the running user's, is refused; so is one
 * in a directory that others could write (they could replace the file).
 */
static int
check_owner(const char *what, const char *path, const struct stat *st,
    int isdir, char *err, size_t errlen)
{
	uid_t me = geteuid();

	if (st->st_uid != me && !(isdir && st->st_uid == 0)) {
		snprintf(err, errlen, "%s: %s is owned by uid %lu, not by the "
		    "running user (uid %lu)", path, what,
		    (unsigned long)st->st_uid, (unsigned long)me);
		return -1;
	}
	if (st->st_mode & (isdir ? 022 : 077)) {
		snprintf(err, errlen, "%s: %s is %s by others (mode %04o); "
		    "chmod %s", path, what, isdir ? "writable" :
		    "readable or writable", (unsigned)(st->st_mode & 07777),
		    isdir ? "go-w" : "600");
		return -1;
	}
	return 0;
}

/*
 * The length of the directory of the n bytes at path as dirname() gives
 * it ("/" for a name in the root, where dirname() keeps a leading "//"),
 * 0 when that is ".".
 */
static size_t
dir_len(const char *path, size_t n)
{
	while (n > 1 && path[n - 1] == '/')	/* trailing slashes */
		n--;
	while (n > 0 && path[n - 1] != '/')	/* the file's name */
		n--;
	while (n > 1 && path[n - 1] == '/')	/* the slashes before it */
		n--;
	return n;
}

/*
 * The directory of path: made first (mode 0700) when make, as for a new
 * key file; then checked as check_owner says.
 */
static int
check_dir(const char *path, int make, char *err, size_t errlen)
{
	char buf[4096];
	size_t n = strlen(path);
	struct stat st;

	if (n >= sizeof(buf)) {
		snprintf(err, errlen, "%.64s...: path too long", path);
		return -1;
	}
	n = dir_len(path, n);
	if (n > 0)
		snprintf(buf, sizeof(buf), "%.*s", (int)n, path);
	else
		memcpy(buf, ".", 2);
	if (make)
		(void)mkdir(buf, 0700);	/* "." and "/" are there already */
	if (fstatat(AT_FDCWD, buf, &st, 0) != 0)
		return 0;	/* the open of the file says why */
	return check_owner("its directory", path, &st, 1, err, errlen);
}

/* err gets "what: " and errno's text; returns -1. */
static int
sys_fail(const char *what, char *err, size_t errlen)
{
	__extension__ snprintf(err, errlen, "%s: %m", what);	/* log.c */
	return -1;
}

/* A new key from getrandom(), written to a new file of mode 0600. */
static int
create_key(const char *path, unsigned char key[AUTH_KEYLEN], char *err,
    size_t errlen)
{
	char txt[2 * AUTH_KEYLEN + 1];
	struct obuf ob;
	int fd, r;

	if (check_dir(path, 1, err, errlen) != 0)
		return -1;
	if (getrandom(key, AUTH_KEYLEN, 0) != AUTH_KEYLEN)
		return sys_fail("getrandom", err, errlen);
	/* O_SYNC: the write returns once the key is on disk, as fsync() */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC |
	    O_SYNC, 0600);
	if (fd < 0)
		return sys_fail(path, err, errlen);
	ob_init(&ob, txt, sizeof(txt));
	ob_puthex(&ob, key, AUTH_KEYLEN);
	ob_putc(&ob, '\n');
	r = write(fd, txt, ob.len) != (ssize_t)ob.len ?
	    sys_fail(path, err, errlen) : 0;
	close(fd);
	return r;
}

/* The key from the open file fd: 32 hex digits, then a newline or nothing. */
static int
read_key(int fd, const char *path, unsigned char key[AUTH_KEYLEN],
    char *err, size_t errlen)
{
	char txt[2 * AUTH_KEYLEN + 2];
	struct stat st;
	ssize_t n;

	if (fstatat(fd, "", &st, AT_EMPTY_PATH) != 0 ||
	    !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		return -1;
	}
	if (check_owner("the key file", path, &st, 0, err, errlen) != 0 ||
	    check_dir(path, 0, err, errlen) != 0)
		return -1;
	n = read(fd, txt, sizeof(txt));
	if (n < 2 * AUTH_KEYLEN || unhex(txt, AUTH_KEYLEN, key) != 0 ||
	    (n > 2 * AUTH_KEYLEN && txt[2 * AUTH_KEYLEN] != '\n')) {
		snprintf(err, errlen, "%s: not a key (32 hex digits)", path);
		return -1;
	}
	return 0;
}

/*
 * The key file holds 32 hex digits. A missing file is created, mode 0600,
 * from getrandom(); its directory too (0700). Returns 0, or -1 with a
 * message in err.
 */
int
auth_load_key(const char *path, char *err, size_t errlen)
{
	unsigned char key[AUTH_KEYLEN];
	int fd, r;

	/* O_NONBLOCK: a FIFO in its place opens at once, to be refused */
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 && errno == ENOENT)
		r = create_key(path, key, err, errlen);
	else if (fd < 0)
		return sys_fail(path, err, errlen);
	else {
		r = read_key(fd, path, key, err, errlen);
		close(fd);
	}
	if (r == 0)
		auth_set_key(key);
	return r;
}

/* ip || port, in network order; returns the length. */
static size_t
pack_addr(const struct addr *a, unsigned char *out)
{
	size_t n = addr_iplen(a);
	uint16_t port = addr_port(a);

	memcpy(out, addr_ipbytes(a), n);
	out[n] = (unsigned char)(port >> 8);
	out[n + 1] = (unsigned char)port;
	return n + 2;
}

/* The address that pack_addr wrote at p, of an IP of n bytes. */
static void
unpack_addr(struct addr *a, const unsigned char *p, size_t n)
{
	addr_from_bytes(a, p, n, (uint16_t)(p[n] << 8 | p[n + 1]));
}

/* The MAC of tag || p || x under the key of the tag's use. */
static uint64_t
mac_of(char tag, const unsigned char *p, size_t n, struct sl x)
{
	unsigned char buf[1 + AUTH_MAXCARRY * 19 + 8 + BRANCH_MAX];

	buf[0] = (unsigned char)tag;
	memcpy(buf + 1, p, n);
	if (x.n > 0)
		memcpy(buf + 1 + n, x.p, x.n);
	return auth_mac(tag == 'V' || tag == 'T' ? AUTH_USE_VIA :
	    AUTH_USE_ADDR, buf, n + 1 + x.n);
}

/* hex(p || mac64), the MAC over tag || p || x. */
static void
put_mac(struct obuf *ob, char tag, const unsigned char *p, size_t n,
    struct sl x)
{
	unsigned char mac[8];
	uint64_t h;
	int i;

	h = mac_of(tag, p, n, x);
	for (i = 0; i < 8; i++)
		mac[i] = (unsigned char)(h >> (56 - 8 * i));
	ob_puthex(ob, p, n);
	ob_puthex(ob, mac, 8);
}

/* Do the 8 bytes after p[0..n) hold the MAC over tag || p || x? 0 or -1. */
static int
check_mac(char tag, const unsigned char *p, size_t n, struct sl x)
{
	uint64_t h, got = 0;
	int i;

	h = mac_of(tag, p, n, x);
	for (i = 0; i < 8; i++)
		got = (got << 8) | p[n + (size_t)i];
	return h == got ? 0 : -1;
}

/*
 * A carried parameter: the originals of the addresses of one URI or Via
 * that were replaced by sipproxy64's own, each as a tag octet (slot: its
 * place among the element's host literals; AUTH_VOUCHED: it was the
 * source of the datagram that carried it; AUTH_V6), the address and the
 * port (0 when none was written); then the MAC.
 */
#define AUTH_V6		0x20
#define AUTH_SLOTMASK	0x0f

void
auth_put_carried(struct obuf *ob, const struct carried *c, unsigned n)
{
	unsigned char raw[AUTH_MAXCARRY * 19];
	size_t len = 0;
	unsigned i;

	for (i = 0; i < n && i < AUTH_MAXCARRY; i++) {
		raw[len++] = (unsigned char)((c[i].slot & AUTH_SLOTMASK) |
		    (c[i].vouched ? AUTH_VOUCHED : 0) |
		    (addr_af(&c[i].a) == AF_INET6 ? AUTH_V6 : 0));
		len += pack_addr(&c[i].a, raw + len);
	}
	put_mac(ob, 'C', raw, len, sl_make(NULL, 0));
}

/* Decode and verify; 0 with *n entries, or -1 for junk or forgery. */
int
auth_get_carried(struct sl v, struct carried *c, unsigned *n)
{
	unsigned char raw[AUTH_MAXCARRY * 19 + 8];
	size_t len, i, al;

	*n = 0;
	if (v.n % 2 != 0 || v.n / 2 > sizeof(raw) || v.n / 2 < 8 + 7 ||
	    unhex(v.p, v.n / 2, raw) != 0)
		return -1;
	len = v.n / 2 - 8;
	for (i = 0; i < len; i += al + 3) {
		al = raw[i] & AUTH_V6 ? 16 : 4;
		if (*n >= AUTH_MAXCARRY || i + 1 + al + 2 > len)
			return -1;
		c[*n].slot = raw[i] & AUTH_SLOTMASK;
		c[*n].vouched = (raw[i] & AUTH_VOUCHED) != 0;
		unpack_addr(&c[*n].a, raw + i + 1, al);
		(*n)++;
	}
	return check_mac('C', raw, len, sl_make(NULL, 0));
}

/* The own-Via value for a Via with the given branch. */
void
auth_put_via(struct obuf *ob, const struct addr *arrived,
    const struct addr *replyto, struct sl branch, int tcp)
{
	unsigned char raw[36];
	size_t n;

	n = pack_addr(arrived, raw);
	n += pack_addr(replyto, raw + n);
	if (branch.n > BRANCH_MAX)
		branch.n = BRANCH_MAX;	/* ours are 27 bytes */
	put_mac(ob, tcp ? 'T' : 'V', raw, n, branch);
}

/* Decode and verify an own-Via value found next to the given branch. */
int
auth_get_via(struct sl v, struct sl branch, struct addr *arrived,
    struct addr *replyto, int *tcp)
{
	unsigned char raw[44];
	size_t n;

	if (v.n == 40)
		n = 4;
	else if (v.n == 88)
		n = 16;
	else
		return -1;
	if (branch.n > BRANCH_MAX || unhex(v.p, v.n / 2, raw) != 0)
		return -1;
	*tcp = check_mac('T', raw, 2 * (n + 2), branch) == 0;
	if (!*tcp && check_mac('V', raw, 2 * (n + 2), branch) != 0)
		return -1;
	unpack_addr(arrived, raw, n);
	unpack_addr(replyto, raw + n + 2, n);
	return 0;
}
