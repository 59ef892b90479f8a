/*
 * standalone.c - replays inputs through the fuzz target without
 * libFuzzer, so that a corpus (or a crash) runs under any compiler:
 *   fuzz_standalone FILE...
 * Each file is fed four times, with first bytes 0 to 3 (IPv4 or IPv6
 * side, general address or stand-in) before its contents (NFLAGS times,
 * 0 to NFLAGS - 1, when built with -DNFLAGS=N: fuzz_two.c has more).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef NFLAGS
#define NFLAGS	4
#endif

int LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
main(int argc, char **argv)
{
	static unsigned char buf[70000];
	size_t n;
	FILE *f;
	int i, k, count = 0;

	for (i = 1; i < argc; i++) {
		f = fopen(argv[i], "rb");
		if (f == NULL) {
			perror(argv[i]);
			return 2;
		}
		n = fread(buf + 1, 1, sizeof(buf) - 1, f);
		fclose(f);
		for (k = 0; k < NFLAGS; k++) {
			buf[0] = (unsigned char)k;
			LLVMFuzzerTestOneInput(buf, n + 1);
			count++;
		}
	}
	fprintf(stderr, "fuzz_standalone: %d inputs, no oracle failure\n",
	    count);
	return 0;
}
