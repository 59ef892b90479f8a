#!/bin/sh
# SIP over TCP through sipproxy64 (RFC 3261 18), in the namespaces of
# t/net/topo.sh: sipp phones over TCP (-t t1) and over UDP calling each
# other across the families, REGISTER over TCP, responses on the
# connection the request came on; a request too big for UDP leaves over
# TCP, and over UDP after all when no connection can be made (513 when
# its next hop asked for TCP); the framing
# (t/net/tcp.pl): two requests in one segment, one in three, a CRLFCRLF
# keep-alive, a message that never ends; and a stranger filling the
# connection table, which stops neither a UDP call nor a TCP call up, and
# whose connections the idle timeout frees.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
need_root perl
echo "1..31"
IDLE=4
px_start -c 8 -C "$IDLE" $PX_ARGS

# tcpify FILE: the scenario for a phone on TCP: its Vias say so, and so
# does its Contact.
tcpify() {
	sed -i -e 's|SIP/2.0/UDP|SIP/2.0/[transport]|g' \
	    -e 's|\(Contact: <sip:[^>]*\[local_port\]\)>|\1;transport=tcp>|' "$1"
	echo "$1"
}
# tcp_conns [PATTERN]: established TCP connections of sipproxy64
tcp_conns() {
	ip netns exec "$NS_PX" ss -tanH state established | grep -c "${1:-.}"
}
counted() { counter "$1 \\([0-9]*\\)"; }

# 1. An IPv4 phone on UDP calls an IPv6 phone on TCP (its stand-in, the
# Request-URI asks for TCP); ACK and BYE to the Contact it gave, which
# says TCP: one connection, reused.
made0=$(counted "made")
uas=$(tcpify "$(scenario uas-call v4v6 FOREIGN="$RE_V4")")
sipp_bg "$NS_V6" v4v6-uas -sf "$uas" -t t1 -i 2001:db8:6::10 -p 5060
u=$!
sleep 0.5
sipp_run "$NS_V4" v4v6-uac -sf "$(scenario uac-call v4v6 FOREIGN="$RE_V6")" \
    198.51.100.110:5060 -i 198.51.100.10 -p 5060 \
    -key to "198.51.100.110;transport=tcp"
rc=$?
ok $rc "UDP IPv4 caller to TCP IPv6 callee: INVITE/200/ACK/BYE/200 complete"
[ $rc -eq 0 ] || diag_sipp v4v6-uac
wait $u
rc=$?
ok $rc "the TCP callee gets INVITE, ACK and BYE over TCP, nothing foreign"
[ $rc -eq 0 ] || diag_sipp v4v6-uas
grep -q '^Via: SIP/2.0/TCP \[2001:db8:6::a10\]:5060;branch=z9hG4bKsp64' "$tmp/v4v6-uas.msg"
ok $? "our Via toward the TCP callee says TCP"
grep -q '^Contact: <sip:callee@198.51.100.110:5060;transport=tcp>' "$tmp/v4v6-uac.msg"
ok $? "the callee's Contact reaches the caller translated, transport=tcp kept"
made=$(counted "made")
ok "$([ $((made - made0)) -eq 1 ]; echo $?)" "INVITE, ACK and BYE share one connection of ours (made $((made - made0)))"

# 2. The reverse: the IPv6 phone on TCP calls the IPv4 phone on UDP;
# every response, and the 200 to its BYE, on the connection it opened.
acc0=$(counted "accepted")
sipp_bg "$NS_V4" v6v4-uas -sf "$(scenario uas-call v6v4 FOREIGN="$RE_V6")" \
    -i 198.51.100.10 -p 5060
u=$!
sleep 0.5
uac=$(tcpify "$(scenario uac-call v6v4 FOREIGN="$RE_V4")")
sipp_run "$NS_V6" v6v4-uac -sf "$uac" -t t1 '[2001:db8:6::a10]:5060' \
    -i 2001:db8:6::10 -p 5060 -key to '[2001:db8:6::a10]'
rc=$?
ok $rc "TCP IPv6 caller to UDP IPv4 callee: complete, responses on its connection"
[ $rc -eq 0 ] || diag_sipp v6v4-uac
wait $u
rc=$?
ok $rc "the UDP callee gets INVITE, ACK and BYE, nothing foreign"
[ $rc -eq 0 ] || diag_sipp v6v4-uas
grep -q '^Via: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bKsp64' "$tmp/v6v4-uas.msg" ||
    grep -q '^Via: SIP/2.0/UDP 198.51.100.110:5060;branch=z9hG4bKsp64' "$tmp/v6v4-uas.msg"
ok $? "our Via toward the UDP callee says UDP"
acc=$(counted "accepted")
ok "$([ $((acc - acc0)) -eq 1 ]; echo $?)" "one connection accepted for the whole call ($((acc - acc0)))"

# 3. REGISTER over TCP from the IPv4 side to the IPv6 registrar (UDP).
reg=$(scenario uas-request treg FOREIGN="$RE_V4" METHOD=REGISTER)
sed -i 's/404 Not Found/200 OK/' "$reg"
sed -i 's/\[last_To:\];tag=\[pid\]u/[last_To:];tag=[pid]u\n      [last_Contact:]/' "$reg"
sipp_bg "$NS_V6" treg -sf "$reg" -i 2001:db8:6::5 -p 5060
r=$!
sleep 0.3
cp "$top/t/demo/alice-register.xml" "$tmp/alice-tcp.xml"
sipp_run "$NS_V4" tregister -sf "$(tcpify "$tmp/alice-tcp.xml")" -t t1 \
    198.51.100.1:5060 -i 198.51.100.10 -p 5060
rc=$?
ok $rc "REGISTER over TCP: the 200 comes back on the phone's connection"
[ $rc -eq 0 ] || diag_sipp tregister
wait $r
ok $? "the registrar gets it over UDP, no IPv4 address in it"
grep -q '^Contact: <sip:alice@\[2001:db8:6::a10\]:5060;transport=tcp>' "$tmp/treg.msg"
ok $? "the Contact arrives as the stand-in with transport=tcp"

# 4. A 1400-byte INVITE over UDP: it leaves over TCP (RFC 3261 18.1.1).
PAD="X-Pad: $(head -c 940 /dev/zero | tr '\0' a)"
big=$(scenario uac-call big FOREIGN="$RE_V6")
sed -i "0,/Max-Forwards: 70/s//Max-Forwards: 70\n      $PAD/" "$big"
uas=$(tcpify "$(scenario uas-call big FOREIGN="$RE_V4")")
sipp_bg "$NS_V6" big-uas -sf "$uas" -t t1 -i 2001:db8:6::10 -p 5060
u=$!
sleep 0.5
sipp_run "$NS_V4" big-uac -sf "$big" 198.51.100.110:5060 -i 198.51.100.10 \
    -p 5060 -key to 198.51.100.110
rc=$?
ok $rc "a large INVITE over UDP: the call completes"
[ $rc -eq 0 ] || diag_sipp big-uac
wait $u
rc=$?
ok $rc "the callee, on TCP only, gets it over TCP"
[ $rc -eq 0 ] || diag_sipp big-uas
size=$(perl -ne '$in = 1 if /^INVITE /; if ($in) { $n += length; last if /^\s*$/ } END { print $n + 0 }' "$tmp/big-uac.msg")
grep -q '^Via: SIP/2.0/TCP \[2001:db8:6::a10\]:5060' "$tmp/big-uas.msg"
ok $? "it left over TCP, our Via says so (the caller's headers: $size bytes)"

# 5. The same with no TCP listener at the next hop (a registrar or PBX
# on UDP only): the connection is refused, and the INVITE, in TCP only
# for its size, goes over UDP after all (RFC 3261 18.1.1).
sipp_bg "$NS_V6" nolisten-uas -sf "$(scenario uas-call nolisten FOREIGN="$RE_V4")" \
    -i 2001:db8:6::10 -p 5060
u=$!
sleep 0.5
fb=$(scenario uac-call fallback FOREIGN="$RE_V6")
sed -i "0,/Max-Forwards: 70/s//Max-Forwards: 70\n      $PAD/" "$fb"
fails0=$(dropped tcp-connect-failed)
sipp_run "$NS_V4" fallback -sf "$fb" 198.51.100.110:5060 -i 198.51.100.10 \
    -p 5060 -key to 198.51.100.110
rc=$?
ok $rc "no TCP listener at the next hop: the large INVITE's call completes"
[ $rc -eq 0 ] || diag_sipp fallback
wait $u
rc=$?
grep -q '^Via: SIP/2.0/UDP \[2001:db8:6::a10\]:5060' "$tmp/nolisten-uas.msg" &&
    [ "$(dropped tcp-connect-failed)" -gt "$fails0" ]
ok $? "the UDP-only callee gets it over UDP, our Via says so, the refused connection is counted (callee: $rc)"

# 5b. A request whose next hop asks for TCP (;transport=tcp) is not sent
# over UDP: with no TCP listener there, it is answered 513.
sipp_bg "$NS_V6" nolisten2-uas -sf "$(scenario uas-call nolisten2 FOREIGN="$RE_V4")" \
    -i 2001:db8:6::10 -p 5060 -timeout 5s
u=$!
sleep 0.5
ref=$(scenario uac-refused big CODE=513 "SDP=$AUDIO")
sed -i -e "0,/Max-Forwards: 70/s//Max-Forwards: 70\n      $PAD/" \
    -e 's/^\( *INVITE sip:callee@\[to\]\) SIP/\1;transport=tcp SIP/' "$ref"
sipp_run "$NS_V4" big513 -sf "$ref" 198.51.100.110:5060 -i 198.51.100.10 \
    -p 5060 -key to 198.51.100.110
rc=$?
grep -q '^SIP/2.0 513 Message Too Large' "$tmp/big513.msg"
ok $? "next hop asks for TCP, none to be had: the large INVITE is answered 513 (sipp: $rc)"
[ $rc -eq 0 ] || diag_sipp big513
kill "$u" 2>/dev/null
wait "$u" 2>/dev/null
! grep -q '^INVITE' "$tmp/nolisten2-uas.msg" 2>/dev/null
ok $? "... and the UDP-only callee got no INVITE"

# 6. Framing: Max-Forwards 0 is answered 483 by sipproxy64 itself, on
# the connection.
mf0() {	# mf0 N: an OPTIONS with Max-Forwards 0, its Call-ID N
	printf 'OPTIONS sip:x@198.51.100.110 SIP/2.0\r\nVia: SIP/2.0/TCP 198.51.100.10:5070;branch=z9hG4bK%s\r\nMax-Forwards: 0\r\nTo: <sip:x@198.51.100.110>\r\nFrom: <sip:y@198.51.100.10>;tag=1\r\nCall-ID: %s@t\r\nCSeq: 1 OPTIONS\r\nContent-Length: 4\r\n\r\nbody' "$1" "$1"
}
mf0 one > "$tmp/one"
mf0 two > "$tmp/two"
cat "$tmp/one" "$tmp/two" > "$tmp/both"
tcpc() { ip netns exec "$NS_V4" perl "$top/t/net/tcp.pl" 198.51.100.10 198.51.100.1 5060 "$@"; }
tcpc 1000 "$tmp/both" > "$tmp/f1"
[ "$(grep -c '^SIP/2.0 483' "$tmp/f1")" -eq 2 ] && grep -q 'Call-ID: one@t' "$tmp/f1" &&
    grep -q 'Call-ID: two@t' "$tmp/f1"
ok $? "two requests in one segment: two answers on the connection"
head -c 50 "$tmp/one" > "$tmp/s1"
tail -c +51 "$tmp/one" | head -c 100 > "$tmp/s2"
tail -c +151 "$tmp/one" > "$tmp/s3"
tcpc 1000 "$tmp/s1" "$tmp/s2" "$tmp/s3" > "$tmp/f2"
[ "$(grep -c '^SIP/2.0 483' "$tmp/f2")" -eq 1 ]
ok $? "one request in three segments: one answer"
pings0=$(counted "tcp pings")
tcpc 1000 crlf2 > "$tmp/f3"
[ "$(head -c 2 "$tmp/f3" | od -An -c | tr -d ' ')" = '\r\n' ] &&
    [ "$(counted "tcp pings")" -gt "$pings0" ]
ok $? "a CRLFCRLF keep-alive is answered with CRLF, counted"
tcpc 3000 junk:70000 > "$tmp/f4"
[ "$(tail -1 "$tmp/f4")" = closed ] && [ "$(dropped tcp-unframed)" -ge 1 ]
ok $? "a message that never ends: the connection is closed, counted"
tcpc 1000 "$tmp/one" > "$tmp/f5"
grep -q '^SIP/2.0 483' "$tmp/f5"
ok $? "... and the next connection is served"

# 7. A stranger fills the connection table (-c 8) while a TCP call is up
# and a UDP call starts: both complete; the idle timeout frees the rest.
sleep $((IDLE + 2))	# the connections of the tests above go idle
full0=$(dropped tcp-table-full)
idle0=$(counted "idle-closed")
sipp_bg "$NS_V4" up-uas -sf "$(scenario uas-call up FOREIGN="$RE_V6")" \
    -i 198.51.100.10 -p 5060
u1=$!
sleep 0.3
upc=$(tcpify "$(scenario uac-call up FOREIGN="$RE_V4")")
sed -i 's/<pause milliseconds="300"\/>/<pause milliseconds="2500"\/>/' "$upc"
sipp_bg "$NS_V6" up-uac -sf "$upc" -t t1 '[2001:db8:6::a10]:5060' \
    -i 2001:db8:6::10 -p 5060 -key to '[2001:db8:6::a10]'
c1=$!
wait_msg up-uas '^ACK ' 1
ip netns exec "$NS_V4" perl -MIO::Socket::IP -e '
	my @s;
	for (1..12) { push @s, IO::Socket::IP->new(LocalHost => "203.0.113.9",
	    PeerHost => "198.51.100.1", PeerPort => 5060) }
	sleep $ARGV[0];' $((IDLE + 4)) &
stranger=$!
net_pids="$net_pids $stranger"
sleep 0.5
full=$(dropped tcp-table-full)
held=$(tcp_conns '203.0.113.9')
ok "$([ "$full" -gt "$full0" ] && [ "$held" -le 7 ]; echo $?)" "past the limit, connections are refused ($((full - full0)) refused, $held held)"
sipp_bg "$NS_V6" udp-uas -sf "$(scenario uas-call udp FOREIGN="$RE_V4")" \
    -i 2001:db8:6::10 -p 5060
u2=$!
sleep 0.3
sipp_run "$NS_V4" udp-uac -sf "$(scenario uac-call udp FOREIGN="$RE_V6")" \
    198.51.100.110:5060 -i 198.51.100.11 -p 5060 -key to 198.51.100.110
rc=$?
wait $u2
ok $(($rc + $?)) "with the table full, a UDP call completes"
[ $rc -eq 0 ] || diag_sipp udp-uac
pair_done "$c1" "$u1" up "with the table full, the TCP call already up completes its BYE"
wait_for $((IDLE + 4)) sh -c "[ \$(ip netns exec $NS_PX ss -tanH state established | grep -c 203.0.113.9) -eq 0 ]"
ok $? "the idle timeout frees the stranger's connections (ss: $(tcp_conns '203.0.113.9') left)"
idle=$(counted "idle-closed")
ok "$([ $((idle - idle0)) -ge "$held" ]; echo $?)" "... counted ($((idle - idle0)) idle-closed)"

# 8. SIGHUP: the TCP listeners close with the UDP sockets at once; with
# no connection and no relay left, the process exits.
kill -HUP "$px_pid"
wait_for 3 sh -c "! ip netns exec $NS_PX ss -tlnH | grep -q ':5060 '"
ok $? "SIGHUP closes the TCP listeners at once"
wait_for 15 sh -c "! kill -0 $px_pid 2>/dev/null"
ok $? "... and, drained of connections and relays, sipproxy64 exits"
exit $tap_fail
