#!/bin/sh
# bench.sh - speed and memory of sipproxy64, as ratios within one run
# (the machines are shared and noisy): `make bench`. Not a test: it
# asserts nothing, it measures and prints.
#
#  1. SIP: the RFC 3665 corpus through the replay driver, many times:
#     messages per second, and instructions per message under callgrind
#     (repeatable whatever the machine is doing).
#  2. RTP: packets per second through one relay, against the same sender
#     and receiver talking directly on one link (the ratio is the relay's
#     cost), then the same with BENCH_RELAYS (default 1000) other relays
#     open, which is what poll() pays for many sockets; and the daemon's
#     memory with one relay and with many; then the small build (make
#     small) through one relay.
#  3. CPU per call over UDP and over TCP (sipp -t t1), as ratios.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
PKTS=${BENCH_PACKETS:-200000}
MANY=${BENCH_RELAYS:-1000}
V=$top/../shared/vectors
tmp=$(mktemp -d)
pids=
. "$top/t/net/topo.sh"
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	topo_down
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
make -s all tests small || exit 1

echo "== SIP translation (replay driver, no network)"
args=$(sed -e '/^#/d' t/golden/config | tr '\n' ' ')
mkdir -p "$tmp/r"
cp t/golden/key "$tmp/key"	# git keeps mode 0644: refused as it is
chmod 600 "$tmp/key"
ln -s "$V/rfc3665" "$tmp/r/"
cp t/golden/primer-v6.sip "$tmp/r/"
grep -v ' via$' t/golden/rfc3665-from-v4.in | grep -v primer > "$tmp/one.in"
: > "$tmp/many.in"
for i in $(seq 1 40); do cat "$tmp/one.in" >> "$tmp/many.in"; done
n=$(wc -l < "$tmp/many.in")
s0=$(date +%s%N)
# shellcheck disable=SC2086
obj/replay -k "$tmp/key" -R "$tmp/r" $args < "$tmp/many.in" > /dev/null 2>&1
s1=$(date +%s%N)
ms=$(( (s1 - s0) / 1000000 ))
echo "   $n requests in $ms ms: $(( n * 1000 / (ms + 1) )) messages/s (including printing them)"
if command -v valgrind >/dev/null 2>&1; then
	for f in one many; do
		# shellcheck disable=SC2086
		valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.$f" \
		    obj/replay -k "$tmp/key" -R "$tmp/r" $args \
		    < "$tmp/$f.in" > /dev/null 2> "$tmp/cg.$f.err"
		eval "ir_$f=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/cg.$f.err")"
	done
	n1=$(wc -l < "$tmp/one.in")
	# the difference removes start-up: instructions per message
	echo "   callgrind: $(( (ir_many - ir_one) / (n - n1) )) instructions per message"
fi

echo "== RTP relay (namespaces, one run)"
topo_up || exit 1
# start BINARY UAS-CALLS: sipproxy64 (BINARY) and one call through it
# ($proxy, $uas; $port: the relay port the caller saw)
start() {
	rm -f "$tmp/a.msg"
	ip netns exec "$NS_PX" "$1" -q -k "$tmp/key" -n $((MANY + 10)) \
	    -l 198.51.100.1 -L 2001:db8:6::1 198.51.100.10=2001:db8:6::a10 \
	    198.51.100.11=2001:db8:6::a11 198.51.100.110=2001:db8:6::10 \
	    2> "$tmp/proxy.log" &
	proxy=$!
	pids="$pids $proxy"
	sleep 0.5
	(cd "$tmp" && exec ip netns exec "$NS_V6" timeout 60 sipp -nostdin \
	    -sf "$top/t/bench/uas.xml" -i 2001:db8:6::10 -p 5060 \
	    -mi 2001:db8:6::10 -m "$2" > /dev/null 2>&1) &
	uas=$!
	pids="$pids $uas"
	(cd "$tmp" && exec ip netns exec "$NS_V4" timeout 45 sipp -nostdin \
	    -sf "$top/t/bench/uac.xml" 198.51.100.110:5060 -i 198.51.100.10 \
	    -p 5060 -mi 198.51.100.10 -m 1 -trace_msg -message_file "$tmp/a.msg" \
	    > /dev/null 2>&1) &
	uac=$!
	pids="$pids $uac"
	i=0
	while [ $i -lt 50 ] && ! grep -q '^ACK' "$tmp/a.msg" 2>/dev/null; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(awk '/^SIP\/2.0 200/ {p = 1} p && /^m=audio/ {print $2; exit}' "$tmp/a.msg")
	[ -n "$port" ] || { echo "   no call; see $tmp/proxy.log"; cat "$tmp/proxy.log"; exit 1; }
}
start "$top/sipproxy64" $((MANY + 1))

blast() {	# blast RECV-NS RECV-ADDR DEST: packets per second at the receiver
	ip netns exec "$1" obj/rtptool recv "$2" 1000 > "$tmp/recv" &
	r=$!
	sleep 0.3
	ip netns exec "$NS_V4" obj/rtptool send 198.51.100.10:40000 "$3" \
	    "$PKTS" 0 0 > /dev/null
	wait $r
	got=$(sed -n 's/.*recv=\([0-9]*\).*/\1/p' "$tmp/recv")
	span=$(sed -n 's/.*span_ms=\([0-9]*\).*/\1/p' "$tmp/recv")
	echo "$(( got * 1000 / (span + 1) )) $got"
}
rss() { awk '/VmRSS/ {print $2}' "/proc/$proxy/status"; }

set -- $(blast "$NS_PX" 198.51.100.1:30000 198.51.100.1:30000)
direct=$1
echo "   direct, no relay:          $1 packets/s at the receiver ($2 of $PKTS arrived)"
set -- $(blast "$NS_V6" '[2001:db8:6::10]:40000' "198.51.100.110:$port")
one=$1
rss1=$(rss)
echo "   through 1 relay:           $1 packets/s ($2 of $PKTS arrived); ratio to direct $(( one * 100 / (direct + 1) ))%"

# many more relays, idle, held open by sipp calls
(cd "$tmp" && exec ip netns exec "$NS_V4" timeout 60 sipp -nostdin \
    -sf "$top/t/bench/uac.xml" 198.51.100.110:5060 -i 198.51.100.11 \
    -p 5060 -mi 198.51.100.11 -m "$MANY" -r 500 -l "$MANY" \
    > /dev/null 2>&1) &
many=$!
pids="$pids $many"
i=0
while [ $i -lt 100 ]; do
	open=$(ip netns exec "$NS_PX" ss -uanH | wc -l)
	[ "$open" -ge $((MANY * 4)) ] && break
	sleep 0.2
	i=$((i + 1))
done
echo "   open UDP sockets in the daemon's namespace: $open"
# sipp keeps the CPU busy while calls are up: stop it (the relays stay,
# until their no-media or idle timeout), so that only the relay is measured
kill "$many" "$uas" 2>/dev/null
wait "$many" "$uas" 2>/dev/null
sleep 0.5
set -- $(blast "$NS_V6" '[2001:db8:6::10]:40000' "198.51.100.110:$port")
echo "   through 1 of $MANY relays:  $1 packets/s ($2 of $PKTS arrived); ratio to 1 relay $(( $1 * 100 / (one + 1) ))%"
echo "   memory (VmRSS): $rss1 kB with 1 relay, $(rss) kB with $MANY + 1"

# the small build (make small) through one relay, the same way
kill "$proxy" "$uac" 2>/dev/null
wait "$proxy" "$uac" 2>/dev/null
start "$top/build/small/sipproxy64" 1
set -- $(blast "$NS_V6" '[2001:db8:6::10]:40000' "198.51.100.110:$port")
echo "   small build, 1 relay:      $1 packets/s ($2 of $PKTS arrived); ratio to the default build $(( $1 * 100 / (one + 1) ))%"

# 3. CPU per call, SIP over UDP and over TCP (sipp -t t1): a fresh daemon,
# the same calls (INVITE/100/180/200/ACK/BYE/200, no media), its user and
# system time from /proc before and after.
CALLS=${BENCH_CALLS:-200}
echo "== CPU per call, UDP and TCP ($CALLS calls each)"
for p in $pids; do kill "$p" 2>/dev/null; done
wait 2>/dev/null
pids=
ip netns exec "$NS_PX" "$top/sipproxy64" -q -k "$tmp/key" \
    -l 198.51.100.1 -L 2001:db8:6::1 198.51.100.10=2001:db8:6::a10 \
    198.51.100.110=2001:db8:6::10 2> "$tmp/proxy2.log" &
proxy=$!
pids="$pids $proxy"
sleep 0.5
cpu() { awk '{print $14 + $15}' "/proc/$proxy/stat"; }
sc() {	# sc NAME TCP: a scenario of t/net/sipp, for UDP or TCP phones
	sed -e 's/@FOREIGN@/no-such-text-here/' "$top/t/net/sipp/$1.xml" > "$tmp/$1.$2.xml"
	[ "$2" = tcp ] && sed -i -e 's|SIP/2.0/UDP|SIP/2.0/[transport]|g' \
	    -e 's|\(Contact: <sip:[^>]*\[local_port\]\)>|\1;transport=tcp>|' \
	    "$tmp/$1.$2.xml"
	echo "$tmp/$1.$2.xml"
}
calls() {	# calls udp|tcp: CALLS calls from IPv6 to IPv4; CPU ticks used
	t=; key='[2001:db8:6::a10]'
	[ "$1" = tcp ] && t="-t t1" && key='[2001:db8:6::a10];transport=tcp'
	(cd "$tmp" && exec ip netns exec "$NS_V4" timeout 60 sipp -nostdin $t \
	    -sf "$(sc uas-call "$1")" -i 198.51.100.10 -p 5060 -m "$CALLS" \
	    > /dev/null 2>&1) &
	u=$!
	sleep 0.5
	c0=$(cpu)
	(cd "$tmp" && exec ip netns exec "$NS_V6" timeout 60 sipp -nostdin $t \
	    -sf "$(sc uac-call "$1")" '[2001:db8:6::a10]:5060' -i 2001:db8:6::10 \
	    -p 5060 -m "$CALLS" -r 50 -key to "$key" > "$tmp/calls.$1" 2>&1)
	ok=$?
	c1=$(cpu)
	wait $u
	echo "$((c1 - c0)) $ok"
}
set -- $(calls udp)
udp=$1
echo "   UDP: $1 ticks for $CALLS calls (sipp status $2): $(( $1 * 10000 / CALLS )) us per call"
set -- $(calls tcp)
echo "   TCP: $1 ticks for $CALLS calls (sipp status $2): $(( $1 * 10000 / CALLS )) us per call; ratio to UDP $(( $1 * 100 / (udp + 1) ))%"
