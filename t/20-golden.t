#!/bin/sh
# Golden tests: every complete message of RFC 3261 and RFC 3665 (from
# ../shared/vectors) goes through the proxy's real code by way of the
# replay driver (no network), from the IPv4 side as printed and from the
# IPv6 side as its twin; what sipproxy64 would send is compared byte for
# byte with the checked-in t/golden/*.out, and the family invariant is
# checked on every output by an independent script.
# GOLDEN_UPDATE=1 rewrites the .out files (then review the diff).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
V=${VECTORS:-$top/../shared/vectors}
G=$top/t/golden
R=$top/obj/replay
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Without the vectors (a package built from its source alone) only the
# hand-made cases run, and each vector case is reported as skipped; in CI
# missing vectors are a failure.
novec=
if [ ! -d "$V/rfc3665" ]; then
	if [ "${CI:-}" = true ]; then
		echo "1..1"; echo "not ok 1 - vectors missing at $V"; exit 1
	fi
	novec=1
	mkdir -p "$tmp/none/rfc3261" "$tmp/none/rfc3665"
	V=$tmp/none
fi
make -s -C "$top" obj/replay >/dev/null || { echo "1..1"; echo "not ok 1 - build"; exit 1; }

# The key: a copy of the checked-in one that only we can read (git keeps
# no file mode but 0644, which sipproxy64 refuses).
cp "$G/key" "$tmp/key"
chmod 600 "$tmp/key"

# The replay directory: the vectors, their IPv6 twins, the primers.
ln -s "$V/rfc3261" "$V/rfc3665" "$G/cases" "$G/vendors" "$tmp/"
# the vendor messages' twins from the other family (vendors.in)
mkdir -p "$tmp/twin"
for f in "$G"/vendors/*.sip; do
	perl "$G/vendors/twin.pl" "$f" "$tmp/twin/${f##*/}" || { echo "1..1"; echo "not ok 1 - twin $f"; exit 1; }
done
cp "$G/primer-v4.sip" "$G/primer-v6.sip" "$tmp/"
for f in "$V"/rfc3261/*.sip "$V"/rfc3665/*.sip; do
	[ -f "$f" ] || continue
	rel=${f#"$V"/}
	mkdir -p "$tmp/V6/$(dirname "$rel")"
	perl "$G/v6ify.pl" "$f" "$tmp/V6/$rel" || { echo "1..1"; echo "not ok 1 - v6ify $rel"; exit 1; }
done

n=0
fail=0
cases=$(ls "$G"/*.in)
echo "1..$(($(echo "$cases" | wc -l) * 2))"
for in in $cases; do
	name=$(basename "$in" .in)
	out=$tmp/$name.out
	if [ -n "$novec" ] && grep -qE ' (V6/)?rfc3' "$in"; then
		echo "ok $((n + 1)) # SKIP $name: vectors missing at ${VECTORS:-../shared/vectors}"
		echo "ok $((n + 2)) # SKIP $name: vectors missing"
		n=$((n + 2))
		continue
	fi
	config=$G/config
	[ -f "$G/$name.config" ] && config=$G/$name.config
	args=$(sed -e '/^#/d' "$config" | tr '\n' ' ')
	# shellcheck disable=SC2086
	"$R" -k "$tmp/key" -R "$tmp" $args < "$in" > "$out" 2> "$tmp/$name.err"
	rc=$?
	n=$((n + 1))
	if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
		cp "$out" "$G/$name.out"
	fi
	if [ $rc -eq 0 ] && cmp -s "$out" "$G/$name.out"; then
		echo "ok $n - $name: output as expected ($(grep -c '^--- from' "$out") messages)"
	else
		echo "not ok $n - $name: output differs (exit $rc)"
		diff -u "$G/$name.out" "$out" | head -60 | sed 's/^/# /'
		sed 's/^/# stderr: /' "$tmp/$name.err" | head -20
		fail=1
	fi
	n=$((n + 1))
	if perl "$G/check-invariant.pl" "$out" > "$tmp/inv" 2>&1; then
		echo "ok $n - $name: family invariant holds ($(tail -1 "$tmp/inv" | sed 's/^# //'))"
	else
		echo "not ok $n - $name: family invariant broken"
		sed 's/^/# /' "$tmp/inv" | head -20
		fail=1
	fi
done
exit $fail
