#!/bin/sh
# The relay's limits, with real phones in the namespaces of t/net/topo.sh:
# a call nobody hangs up loses its relay to the idle timeout (-T); with
# the relay table full (-n 1) a new call is refused with 503 and never
# reaches its callee, while the call in progress keeps every packet; once
# that call is over a new one gets through again; the relay of a call
# that is cancelled or refused by its callee ends soon after; a held
# stream lasts ten times the idle timeout.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..25"
A=198.51.100.10 B=198.51.100.11 C=2001:db8:6::10

# 1. Another process holds the first port of the range (-r): skipped.
# Idle timeout: -T 3, a call without BYE, 20 packets, then silence.
px_start -T 3 -r 30000-30099 $PX_ARGS
ip netns exec "$NS_PX" "$top/obj/rtptool" recv 198.51.100.110:30000 4000 \
    > "$tmp/blocker" 2>&1 &
blocker=$!
net_pids="$net_pids $blocker"
wait_for 3 sh -c "ip netns exec $NS_PX ss -uanH | grep -q '198.51.100.110:30000 '"
MC_DROP=-bye
media_call idle "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 200
MC_DROP=
call_done idle "a call nobody hangs up"
ra=$(relay idle uac '^SIP/2.0 200') rc=$(relay idle uas '^INVITE')
case $ra in
198.51.100.110:300[0-9][0-9]) [ "$ra" != 198.51.100.110:30000 ] ;;
*) false ;;
esac
ok $? "the relay skips port 30000, which another process holds, and takes the next pair ($ra)"
talk idle "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 20
talked idle 20 "$ra" "$rc" "its audio: 20 packets each way"
# talk returns a second after the last packet
n=$(relay_sockets)
[ "$n" -eq 4 ]
ok $? "a second after the last packet the relay is still there ($n sockets)"
wait_for 6 no_relay_sockets
ok $? "a few seconds later the idle timeout (-T 3) has freed its ports ($(relay_sockets) left)"
wait $blocker
[ "$(field "$tmp/blocker" recv)" = 0 ]
ok $? "nothing reached the other process's port"
kill "$px_pid"
wait "$px_pid"

# 2. A table of one relay (-n 1).
px_start -n 1 -T 20 $PX_ARGS
grep -q 'up to 1 relays on ports' "$tmp/px.log"
ok $? "-n 1: sipproxy64 says it makes at most one relay"
# an offer of two streams: the first would fit, the second does not
sipp_run "$NS_V4" two -sf "$(scenario uac-refused two \
    "SDP=$AUDIO\nm=video 16002 RTP/AVP 96" CODE=503)" 198.51.100.110:5060 \
    -i "$A" -p 5060 -mi "$A" -key to 198.51.100.110
rc2=$?
n=$(relay_sockets)
[ $rc2 -eq 0 ] && [ "$n" -eq 0 ]
ok $? "an offer of two streams for a table of one: 503, and the relay made for its first stream is given back at once ($n sockets)"
[ $rc2 -eq 0 ] || diag_sipp two
media_call full "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 5500
ra=$(relay full uac '^SIP/2.0 200') rc=$(relay full uas '^INVITE')
talk full "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 300 &
tk=$!
sleep 0.5
listen "$NS_V4" "$B:5060" 2
l=$!
sipp_run "$NS_V6" refused -sf "$(scenario uac-refused x "SDP=$AUDIO" \
    CODE=503)" '[2001:db8:6::a11]:5060' -i 2001:db8:6::99 -p 5060 \
    -mi 2001:db8:6::99 -key to '[2001:db8:6::a11]'
rc2=$?
ok $rc2 "table full: a new call's INVITE is answered 503 by sipproxy64"
[ $rc2 -eq 0 ] || diag_sipp refused
wait $l
ok "$(received "$B:5060")" "... and neither it nor the ACK of the 503 reaches the callee"
grep -q 'relay table full: refusing INVITE' "$tmp/px.log"
ok $? "... and the log says why"
wait $tk
talked full 300 "$ra" "$rc" \
    "the call in progress keeps its audio meanwhile: 300 of 300 packets each way"
call_done full "the call in progress"

# 3. The call's relay gone, the next call gets one.
wait_for 6 no_relay_sockets
ok $? "after the BYE the only relay is free again"
media_call next 2001:db8:6::99 "$B" 2001:db8:6::a11 "$AUDIO" "$AUDIO" 2500
rc=$(relay next uac '^SIP/2.0 200') rb=$(relay next uas '^INVITE')
talk next "$NS_V6" '[2001:db8:6::99]:16000' "$rc" "$NS_V4" "$B:16000"
talked next 50 "$rc" "$rb" "the next call gets the relay: 50 packets each way"
call_done next "the next call"

# 4. A call that never starts: its relay ends soon after the CANCEL, or
# after the final error response (the idle timeout is 20 s here).
created() {	# how many relays sipproxy64 has made so far
	counter 'relays active [0-9]*, created \([0-9]*\)'
}
# ended_soon WHAT: one more relay was made since $made, and it is gone
# within seconds
ended_soon() {
	wait_for 6 no_relay_sockets
	r=$?
	now=$(created)
	[ $r -eq 0 ] && [ "$now" -eq $((made + 1)) ]
	ok $? "its relay was made ($made -> $now) and is gone a few seconds after the $1"
	made=$now
}
wait_for 6 no_relay_sockets
made=$(created)
sipp_bg "$NS_V6" cancel-uas -sf "$top/t/net/sipp/uas-cancel.xml" -i "$C" -p 5060
u=$!
sleep 0.3
sipp_bg "$NS_V4" cancel-uac -sf "$top/t/net/sipp/uac-cancel.xml" \
    198.51.100.110:5060 -i "$A" -p 5060 -key to 198.51.100.110
pair_done $! $u cancel "an INVITE with SDP, cancelled while it rings"
ended_soon CANCEL

sipp_bg "$NS_V6" busy-uas -sf "$(scenario uas-request busy FOREIGN="$RE_V4" \
    METHOD=INVITE)" -i "$C" -p 5060
u=$!
sleep 0.3
sipp_bg "$NS_V4" busy-uac -sf "$(scenario uac-refused busy "SDP=$AUDIO" \
    CODE=404)" 198.51.100.110:5060 -i "$A" -p 5060 -mi "$A" \
    -key to 198.51.100.110
pair_done $! $u busy "an INVITE with SDP answered 404 by the callee"
ended_soon 404

kill "$px_pid"
wait "$px_pid"
ok $? "sipproxy64 exits 0 on SIGTERM"

# 5. A held stream (sendonly) gets ten times the idle timeout: -T 1.
px_start -T 1 $PX_ARGS
MC_DROP=-bye
media_call held "$A" "$C" 198.51.100.110 "$(AT '[media_ip]' 16000 sendonly)" \
    "$(AT '[media_ip]' 16000 recvonly)" 200
MC_DROP=
call_done held "a held call nobody hangs up"
ra=$(relay held uac '^SIP/2.0 200') rc=$(relay held uas '^INVITE')
talk held "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" 20
talked held 20 "$ra" "$rc" "its packets pass: 20 each way"
# talk returns a second after the last packet
sleep 7
n=$(relay_sockets)
[ "$n" -eq 4 ]
ok $? "8 s after the last packet (-T 1) the held stream's relay is still there ($n sockets)"
wait_for 6 no_relay_sockets
ok $? "... and it ends soon after ten times the idle timeout ($(relay_sockets) sockets left)"
kill "$px_pid"
wait "$px_pid"
exit $tap_fail
