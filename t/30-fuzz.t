#!/bin/sh
# The fuzz target (t/fuzz/fuzz_proxy.c): every vector of ../shared/vectors
# (the RFC 3261, 3665, 4475, 5118 messages, SDP, fragments) is replayed
# from both sides through the proxy code built with AddressSanitizer and
# UBSan; the oracle is the family invariant on every message that would
# leave, and "never read past the datagram". Then a bounded libFuzzer run
# (FUZZ_SECONDS, default 30) seeded from the same vectors.
# The second target (t/fuzz/fuzz_two.c, issue 8: a second datagram with
# the sp64=/sp64v= values sipproxy64 wrote for the first) gets the same
# replay, 16 ways each, plus every request/response pair of the golden
# scripts, and a bounded run of its own (FUZZ_TWO_SECONDS, default 15).
set -u
. "$(dirname "$0")/tap.sh"
V=${VECTORS:-$top/../shared/vectors}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -d "$V/rfc4475" ] || skip_all "vectors missing at $V"
echo "1..6"
find "$V" -type f ! -path '*/sources/*' ! -name '*.tsv' ! -name '*.md' \
    ! -name SHA256SUMS > "$tmp/seeds"
ls "$top"/t/fuzz/crashes/* >> "$tmp/seeds" 2>/dev/null
make -s -C "$top" B=build/san SAN=1 build/san/obj/fuzz_standalone \
    build/san/obj/fuzz_two_standalone > "$tmp/build" 2>&1
ok $? "the sanitizer build"
xargs "$top/build/san/obj/fuzz_standalone" < "$tmp/seeds" > "$tmp/replay" 2>&1
rc=$?
ok $rc "$(wc -l < "$tmp/seeds") vectors and past crashes, 4 ways each, under ASan and UBSan: no report, invariant holds"
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/replay" | tail -30
# the pairs: a golden script's request, a NUL, the response that follows
# it with "via" (whose stale sp64= values fuzz_two replaces)
G=$top/t/golden
mkdir -p "$tmp/pairs"
for in in "$G"/cases.in "$G"/vendors.in; do
	awk '!/^#/ && NF >= 3 { print $3, ($4 == "via") }' "$in"
done | { prev=; i=0; while read -r f via; do
	case $f in vendors/*|cases/*) ;; *) prev=; continue ;; esac
	if [ "$via" = 1 ] && [ -n "$prev" ]; then
		i=$((i + 1))
		{ cat "$G/$prev"; printf '\0'; cat "$G/$f"; } > "$tmp/pairs/$i"
	fi
	prev=$f
done; }
ls "$tmp"/pairs/* > "$tmp/pairlist"
xargs "$top/build/san/obj/fuzz_two_standalone" < "$tmp/seeds" \
    > "$tmp/replay2" 2>&1 &&
    xargs "$top/build/san/obj/fuzz_two_standalone" < "$tmp/pairlist" \
    >> "$tmp/replay2" 2>&1
rc=$?
ok $rc "fuzz_two: the same, 16 ways each, and $(wc -l < "$tmp/pairlist") request/response pairs: no report, invariant holds"
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/replay2" | tail -30
if ! command -v clang >/dev/null 2>&1 ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a \
    >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		ok 1 "clang with libFuzzer is installed"
		ok 1 "bounded fuzzing"
		ok 1 "fuzz_two: bounded fuzzing"
		exit 1
	fi
	for k in 4 5 6; do
		echo "ok $k # SKIP clang or libFuzzer (libclang-rt-dev) missing"
	done
	exit $tap_fail
fi
mkdir -p "$tmp/seeddir"
i=0
while read -r f; do
	i=$((i + 1))
	for k in 0 1 2 3; do
		{ printf "\\$k"; cat "$f"; } > "$tmp/seeddir/$i-$k"
	done
done < "$tmp/seeds"
make -s -C "$top" fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" \
    FUZZ_SEEDS="$tmp/seeddir" > "$tmp/fuzz" 2>&1
rc=$?
ok 0 "clang with libFuzzer is installed"
ok $rc "bounded fuzzing, ${FUZZ_SECONDS:-30} s: $(grep -o 'Done [0-9]* runs' "$tmp/fuzz" | tail -1)"
[ $rc -eq 0 ] || grep -v '^#[0-9]' "$tmp/fuzz" | tail -30 | sed 's/^/# /'
mkdir -p "$tmp/seeddir2"
cp "$tmp"/seeddir/* "$tmp/seeddir2/"
for f in "$tmp"/pairs/*; do
	for k in 0 4 8 12 13 14 15; do
		{ printf "\\$(printf %o "$k")"; cat "$f"; } > "$tmp/seeddir2/p${f##*/}-$k"
	done
done
make -s -C "$top" fuzz-two FUZZ_SECONDS="${FUZZ_TWO_SECONDS:-15}" \
    FUZZ_SEEDS="$tmp/seeddir2" > "$tmp/fuzz2" 2>&1
rc=$?
ok $rc "fuzz_two: bounded fuzzing, ${FUZZ_TWO_SECONDS:-15} s: $(grep -o 'Done [0-9]* runs' "$tmp/fuzz2" | tail -1)"
[ $rc -eq 0 ] || grep -v '^#[0-9]' "$tmp/fuzz2" | tail -30 | sed 's/^/# /'
exit $tap_fail
