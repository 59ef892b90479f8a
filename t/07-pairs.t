#!/bin/sh
# The pairs file (-f): one pair per line, "#" comments and blank lines;
# its pairs join those of the command line. Each line is checked like an
# operand, and a refusal names the file and the line: "FILE:LINE: ...",
# exit 2. Through the real binary in a namespace of its own whose dummy
# interface carries the addresses (as t/05-cli.t), nothing sent.
set -u
. "$(dirname "$0")/tap.sh"
bin=$top/sipproxy64
ns=sp64pairs-$$
tmp=$(mktemp -d)
cleanup() {
	[ -n "${px:-}" ] && kill "$px" 2>/dev/null
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
need_root ip ss
ip netns add "$ns"
ip -n "$ns" link set lo up
ip -n "$ns" link add d0 type veth peer name d1
ip -n "$ns" link set d1 up
for a in 198.51.100.1 198.51.100.110 198.51.100.111; do
	ip -n "$ns" addr add "$a/24" dev d0
done
for a in 2001:db8:6::1 2001:db8:6::a10 2001:db8:6::a11 2001:db8:6::a12; do
	ip -n "$ns" addr add "$a/64" dev d0 nodad
done
ip -n "$ns" link set d0 up
G="-k $tmp/key -l 198.51.100.1 -L 2001:db8:6::1"
echo "1..13"

# A good file: comments, blank lines, white space, both directions, ports.
f=$tmp/pairs
printf '%s\n' '# the phones of the first floor' '' \
    '198.51.100.10=2001:db8:6::a10' \
    '   198.51.100.11:5070=[2001:db8:6::a11]:5060   # desk 11' \
    '	' '198.51.100.110=2001:db8:6::10	' '#198.51.100.12=2001:db8:6::a99' \
    > "$f"
# shellcheck disable=SC2086
ip netns exec "$ns" "$bin" -v $G -f "$f" 198.51.100.111=2001:db8:6::11 \
    2> "$tmp/log" &
px=$!
listening() {
	s=$(ip netns exec "$ns" ss -uanH)
	for a in '198.51.100.1:5060' '\[2001:db8:6::a10\]:5060' \
	    '\[2001:db8:6::a11\]:5060' '198.51.100.110:5060' \
	    '198.51.100.111:5060'; do
		echo "$s" | grep -q " $a " || return 1
	done
}
wait_for 5 listening
ok $? "a good file: the stand-ins of its three pairs and of the operand are bound"
! ip netns exec "$ns" ss -uanH | grep -q '2001:db8:6::a99'
ok $? "... and not the commented-out one"
kill "$px"; wait "$px"; px=

# bad FILE-CONTENT LINE NEEDLE NAME [ARGS]: refused, exit 2, one line
# "FILE:LINE: ..." that names NEEDLE
bad() {
	printf '# pairs\n\n198.51.100.10=2001:db8:6::a10\n%b\n' "$1" > "$f"
	# shellcheck disable=SC2086
	ip netns exec "$ns" timeout 5 "$bin" $G -f "$f" ${5:-} > /dev/null \
	    2> "$tmp/err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l < "$tmp/err")" -eq 1 ] &&
	    grep -q "^sipproxy64: $f:$2: " "$tmp/err" &&
	    grep -qF -- "$3" "$tmp/err"
	ok $? "refuses $4 (exit $rc): $(head -n 1 "$tmp/err")"
}
bad '198.51.100.11=2001:db8:6::a1x' 4 "2001:db8:6::a1x" "a malformed address"
bad '# fine\n198.51.100.11=pbx.example.com' 5 "pbx.example.com" "a host name"
bad '198.51.100.11' 4 "198.51.100.11: a pair is" "a line without ="
bad '198.51.100.11=198.51.100.110' 4 "both sides are IPv4" "two IPv4 addresses"
bad '198.51.100.11=2001:db8:6::11' 4 "neither side" "a pair of which no side is local"
bad '198.51.100.11=2001:db8:6::a10' 4 "duplicate pair" "a duplicate of an earlier line"
bad '\n\n198.51.100.12=2001:db8:6::a12' 6 "duplicate pair" "a duplicate of an operand" \
    198.51.100.12=2001:db8:6::a11
bad '198.51.100.11=2001:db8:6::a11 198.51.100.12=2001:db8:6::a12' 4 \
    "one pair per line" "two pairs on one line"
bad "198.51.100.11=2001:db8:6::a11:$(printf '%0600d' 0)" 4 "longer than 512" \
    "an overlong line"
bad '198.51.100.11:70000=2001:db8:6::a11' 4 "198.51.100.11:70000" "a port out of range"
ip netns exec "$ns" "$bin" $G -f "$tmp/none" > /dev/null 2> "$tmp/err"
rc=$?
[ $rc -eq 2 ] && grep -qF "sipproxy64: -f $tmp/none: No such file" "$tmp/err"
ok $? "refuses a missing file (exit $rc): $(head -n 1 "$tmp/err")"
exit $tap_fail
