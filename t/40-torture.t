#!/bin/sh
# The running daemon, built with AddressSanitizer and UBSan, in test mode
# (-t: nothing is sent, every message that would be is printed), fed
# every message of RFC 4475 and RFC 5118 (../shared/vectors, all three
# forms of 5118) over UDP from both sides, and over TCP from the IPv4
# side (one connection per message). It must not crash or report,
# must exit 0 on SIGTERM, and what it prints must keep the family
# invariant (t/golden/check-invariant.pl). Then the same under valgrind.
set -u
. "$(dirname "$0")/tap.sh"
V=${VECTORS:-$top/../shared/vectors}
[ -d "$V/rfc4475" ] || skip_all "vectors missing at $V"
need_root ip bash perl valgrind
. "$top/t/net/topo.sh"
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; topo_down; rm -rf "$tmp"' EXIT INT TERM
make -s -C "$top" B=build/san SAN=1 all > "$tmp/build" 2>&1 ||
    { echo "1..1"; echo "not ok 1 - sanitizer build"; exit 1; }
topo_up || skip_all "cannot make network namespaces"
echo "1..19"
ls "$V"/rfc4475/* "$V"/rfc5118/*.dat "$V"/rfc5118/archive-lf/* \
    "$V"/rfc5118/published-cl/* > "$tmp/files"
nfiles=$(wc -l < "$tmp/files")

feed() {	# feed: every file, from each side, to the general addresses
	while read -r f; do
		if [ "$side" = tcp4 ]; then
			ip netns exec "$NS_V4" bash -c \
			    'cat "$1" > /dev/tcp/198.51.100.1/5060' _ "$f"
			continue
		fi
		[ "$side" = v6 ] || ip netns exec "$NS_V4" bash -c \
		    'cat "$1" > /dev/udp/198.51.100.1/5060' _ "$f"
		[ "$side" = v4 ] || ip netns exec "$NS_V6" bash -c \
		    'cat "$1" > /dev/udp/2001:db8:6::1/5060' _ "$f"
	done < "$tmp/files"
	sleep 1
}
side=both
run() {	# run NAME COMMAND...: the daemon under COMMAND, fed, stopped
	name=$1
	shift
	ip netns exec "$NS_PX" "$@" -t -v -k "$tmp/key" -l 198.51.100.1 \
	    -L 2001:db8:6::1 -U '[2001:db8:6::5]' \
	    198.51.100.10=2001:db8:6::a10 198.51.100.110=2001:db8:6::10 \
	    > "$tmp/$name.out" 2> "$tmp/$name.err" &
	pid=$!
	wait_for 20 sh -c "ip netns exec $NS_PX ss -uanH | grep -q 198.51.100.1:5060"
	feed
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	pid=
	ok $rc "$name: $nfiles messages from $side, then SIGTERM: exit 0"
	[ $rc -eq 0 ] || tail -20 "$tmp/$name.err" | sed 's/^/# /'
}

for side in v4 v6 tcp4; do
	run "asan-$side" "$top/build/san/sipproxy64"
	! grep -q 'AddressSanitizer\|runtime error\|LeakSanitizer' "$tmp/asan-$side.err"
	ok $? "asan-$side: no AddressSanitizer or UBSan report"
	grep -q '^--- from' "$tmp/asan-$side.out"
	ok $? "asan-$side: well-formed messages come out ($(grep -c '^--- from' "$tmp/asan-$side.out") messages)"
	grep -q 'dropped datagram from .*: [a-z-]*' "$tmp/asan-$side.err"
	ok $? "asan-$side: malformed ones are dropped with a named reason ($(grep -c 'dropped datagram' "$tmp/asan-$side.err") lines, rate-limited)"
	other=v6
	[ "$side" = v6 ] && other=v4
	if [ "$side" = tcp4 ]; then
		n=$(sed -n 's/.*tcp messages in \([0-9]*\).*/\1/p' "$tmp/asan-$side.err" | tail -1)
		[ "${n:-0}" -gt 0 ]
		ok $? "asan-tcp4: the messages came in over TCP (${n:-0} framed)"
	fi
	perl "$top/t/golden/check-invariant.pl" "$tmp/asan-$side.out" "$other" \
	    > "$tmp/inv" 2>&1
	rc=$?
	[ $rc -eq 0 ] || head -5 "$tmp/inv" | sed "s/^/# /"
	ok $rc "asan-$side: no literal of the sender's family crosses ($(tail -1 "$tmp/inv" | sed 's/^# //'))"
done
side=both
make -s -C "$top" all > /dev/null 2>&1
run valgrind valgrind -q --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite "$top/sipproxy64"
! grep -q '==[0-9]*==' "$tmp/valgrind.err"
ok $? "valgrind: no error, no definite leak"
grep -q '^--- from' "$tmp/valgrind.out"
ok $? "valgrind: messages come out ($(grep -c '^--- from' "$tmp/valgrind.out"))"
exit $tap_fail
