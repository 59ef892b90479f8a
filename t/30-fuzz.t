#!/bin/sh
# The fuzz target (t/fuzz/fuzz_proxy.c): every vector of ../shared/vectors
# (the RFC 3261, 3665, 4475, 5118 messages, SDP, fragments) is replayed
# from both sides through the proxy code built with AddressSanitizer and
# UBSan; the oracle is the family invariant on every message that would
# leave, and "never read past the datagram". Then a bounded libFuzzer run
# (FUZZ_SECONDS, default 30) seeded from the same vectors.
set -u
. "$(dirname "$0")/tap.sh"
V=${VECTORS:-$top/../shared/vectors}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
[ -d "$V/rfc4475" ] || skip_all "vectors missing at $V"
echo "1..4"
find "$V" -type f ! -path '*/sources/*' ! -name '*.tsv' ! -name '*.md' \
    ! -name SHA256SUMS > "$tmp/seeds"
ls "$top"/t/fuzz/crashes/* >> "$tmp/seeds" 2>/dev/null
make -s -C "$top" B=build/san SAN=1 tests > "$tmp/build" 2>&1
ok $? "the sanitizer build"
xargs "$top/build/san/obj/fuzz_standalone" < "$tmp/seeds" > "$tmp/replay" 2>&1
rc=$?
ok $rc "$(wc -l < "$tmp/seeds") vectors and past crashes, 4 ways each, under ASan and UBSan: no report, invariant holds"
[ $rc -eq 0 ] || sed 's/^/# /' "$tmp/replay" | tail -30
if ! command -v clang >/dev/null 2>&1 ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a \
    >/dev/null 2>&1; then
	if [ "${CI:-}" = true ]; then
		ok 1 "clang with libFuzzer is installed"
		ok 1 "bounded fuzzing"
		exit 1
	fi
	echo "ok 3 # SKIP clang or libFuzzer (libclang-rt-dev) missing"
	echo "ok 4 # SKIP clang or libFuzzer (libclang-rt-dev) missing"
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
exit $tap_fail
