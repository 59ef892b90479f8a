#!/bin/sh
# The RTP relay between real phones (sipp for the signalling, rtptool for
# numbered RTP packets) in the namespaces of t/net/topo.sh: calls each
# way with audio both ways, audio and video, a late offer, early media
# and an UPDATE, an offer in a reliable 183 answered in the PRACK, a
# re-INVITE that moves a phone to a new port, hold and
# resume, port 0, strangers, and a hairpin call through an IPv6 provider
# and back. Every packet is counted at the far end, and where it came
# from is compared with the relay address and port that the SDP named.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..40"
px_start -T 20 $PX_ARGS

A=198.51.100.10 B=198.51.100.11 C=2001:db8:6::10

# 1. IPv4 to IPv6, audio both ways; the relay's ports go after the BYE.
media_call v4v6 "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 3000
ra=$(relay v4v6 uac '^SIP/2.0 200') rc=$(relay v4v6 uas '^INVITE')
case "$ra $rc" in
198.51.100.110:*' [2001:db8:6::a10]:'*) ok 0 "IPv4 to IPv6: the SDP names the relay on the stand-ins ($ra, $rc)" ;;
*) ok 1 "IPv4 to IPv6: the SDP names the relay on the stand-ins ($ra, $rc)" ;;
esac
n=$(relay_sockets)
[ "$n" -eq 4 ]
ok $? "one audio stream: four relay sockets (RTP and RTCP per side) in the call ($n)"
talk v4v6 "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000"
talked v4v6 50 "$ra" "$rc" \
    "IPv4 to IPv6: 50 packets each way, each from the relay address and port the SDP named"
call_done v4v6 "IPv4 to IPv6"
wait_for 6 no_relay_sockets
ok $? "after the BYE the relay's ports are freed ($(relay_sockets) left)"

# 2. IPv6 to IPv4, audio both ways; then strangers to both relay ports.
media_call v6v4 "$C" "$A" 2001:db8:6::a10 "$AUDIO" "$AUDIO" 6000
rc=$(relay v6v4 uac '^SIP/2.0 200') ra=$(relay v6v4 uas '^INVITE')
talk v6v4 "$NS_V6" "[$C]:16000" "$rc" "$NS_V4" "$A:16000"
talked v6v4 50 "$rc" "$ra" \
    "IPv6 to IPv4: 50 packets each way, each from the relay address and port the SDP named"
before=$(dropped rtp-from-stranger)
# The phones stay on their ports: A echoes, C sends 5 packets slowly;
# meanwhile each stranger sends 20 packets to the relay port of its own
# family. Forwarded, they would reach C's socket or A's.
ip netns exec "$NS_V4" "$top/obj/rtptool" recv "$A:16000" 2000 echo \
    > "$tmp/st.a" 2>&1 &
sa=$!
sleep 0.2
ip netns exec "$NS_V6" "$top/obj/rtptool" send "[$C]:16000" "$rc" 5 200 \
    1500 > "$tmp/st.c" 2>&1 &
sc=$!
net_pids="$net_pids $sa $sc"
sleep 0.2
ip netns exec "$NS_V4" "$top/obj/rtptool" send 203.0.113.9:16000 "$ra" 20 5 0 >/dev/null
ip netns exec "$NS_V6" "$top/obj/rtptool" send '[2001:db8:6::77]:16000' "$rc" 20 5 0 >/dev/null
wait $sa $sc
na=$(field "$tmp/st.a" recv) nc=$(field "$tmp/st.c" recv)
[ "$na" = 5 ] && [ "$nc" = 5 ]
ok $? "20 packets from a stranger to each relay port are not forwarded; the phones' 5 are ($na, $nc)"
after=$(dropped rtp-from-stranger)
[ "$((after - before))" -eq 40 ]
ok $? "... they reached sipproxy64 and were counted: $((after - before)) dropped as rtp-from-stranger"
# Packets larger than the relay's buffer (2048 bytes) are dropped, not cut.
before=$(dropped rtp-too-big)
listen "$NS_V6" "[$C]:16000" 1
l6=$!
sleep 0.2
ip netns exec "$NS_V4" "$top/obj/rtptool" send "$A:16000" "$ra" 3 5 0 3000 >/dev/null
ip netns exec "$NS_V4" "$top/obj/rtptool" send "$A:16000" "$ra" 2 5 0 2000 >/dev/null
wait $l6
n6=$(received "[$C]:16000") after=$(dropped rtp-too-big)
[ "$n6" -eq 2 ] && [ "$((after - before))" -eq 3 ]
ok $? "3 packets of 3000 bytes are dropped and counted as rtp-too-big ($((after - before))), 2 of 2000 bytes pass ($n6)"
call_done v6v4 "IPv6 to IPv4"

# 3. Audio and video in one INVITE: two relays, each carries its stream.
wait_for 6 no_relay_sockets	# the last call's relay is gone
AV="$AUDIO"'\nm=video 16002 RTP/AVP 96\na=rtpmap:96 H264/90000'
media_call av "$A" "$C" 198.51.100.110 "$AV" "$AV" 4000
ra=$(relay av uac '^SIP/2.0 200' -1 1) rc=$(relay av uas '^INVITE' -1 1)
va=$(relay av uac '^SIP/2.0 200' -1 2) vc=$(relay av uas '^INVITE' -1 2)
n=$(relay_sockets)
[ "$n" -eq 8 ] && [ "$ra" != "$va" ] && [ "$rc" != "$vc" ]
ok $? "audio and video: two relays, eight sockets ($n), two ports on each side ($ra $va, $rc $vc)"
talk av-a "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000" &
t1=$!
talk av-v "$NS_V4" "$A:16002" "$va" "$NS_V6" "[$C]:16002"
wait $t1
talked av-a 50 "$ra" "$rc" "audio and video: the audio stream, 50 packets each way"
talked av-v 50 "$va" "$vc" "audio and video: the video stream, 50 packets each way"
call_done av "audio and video"
got av-uas '^INVITE' '^a=rtpmap:96 H264/90000$'
ok $? "the video's other lines arrive untouched"

# 4. Late offer: no SDP in the INVITE, the offer in the 200, the answer
# in the ACK.
media_call late "$C" "$A" 2001:db8:6::a10 "$AUDIO" "$AUDIO" 3000 uac-late
rc=$(relay late uac '^SIP/2.0 200') ra=$(relay late uas '^ACK')
talk late "$NS_V6" "[$C]:16000" "$rc" "$NS_V4" "$A:16000"
talked late 50 "$rc" "$ra" "late offer (answer in the ACK): 50 packets each way"
call_done late "late offer"

# 5. Early media (the answer in a 183), then an UPDATE that moves the
# caller to port 16010.
sipp_bg "$NS_V6" early-uas -sf "$(scenario uas-early early FOREIGN="$RE_V4" \
    "SDP1=$AUDIO" "SDP2=$AUDIO" RING=2500)" -i "$C" -p 5060 -mi "$C"
uas=$!
sleep 0.3
sipp_bg "$NS_V4" early-uac -sf "$(scenario uac-update early FOREIGN="$RE_V6" \
    "SDP1=$AUDIO" "SDP2=$(AT '[media_ip]' 16010 sendrecv)" TALK=2500)" \
    198.51.100.110:5060 -i "$A" -p 5060 -mi "$A" -key to 198.51.100.110
uac=$!
wait_msg early-uac '^SIP/2.0 183' 1
ra=$(relay early uac '^SIP/2.0 183') rc=$(relay early uas '^INVITE')
talk early "$NS_V6" "[$C]:16000" "$rc" "$NS_V4" "$A:16000"
talked early 50 "$rc" "$ra" \
    "early media: after the 183, before the 200, 50 packets each way"
wait_msg early-uac '^SIP/2.0 200' 2	# the INVITE's and the UPDATE's
ra2=$(relay early uac '^SIP/2.0 200')
[ "$ra2" = "$ra" ]
ok $? "the 200s of the INVITE and the UPDATE name the same relay port ($ra2)"
talk upd "$NS_V6" "[$C]:16000" "$rc" "$NS_V4" "$A:16010"
talked upd 50 "$rc" "$ra" \
    "after an UPDATE moved the IPv4 phone to port 16010, audio goes there and back"
call_done early "early media and UPDATE"

# 6. Reliable provisional responses (RFC 3262) with a late offer: the
# offer in a 183, the answer in the PRACK.
sipp_bg "$NS_V6" prack-uas -sf "$(scenario uas-prack prack FOREIGN="$RE_V4" \
    "SDP=$AUDIO")" -i "$C" -p 5060 -mi "$C"
uas=$!
sleep 0.3
sipp_bg "$NS_V4" prack-uac -sf "$(scenario uac-prack prack FOREIGN="$RE_V6" \
    "SDP=$AUDIO" TALK=2500)" 198.51.100.110:5060 -i "$A" -p 5060 -mi "$A" \
    -key to 198.51.100.110
uac=$!
wait_msg prack-uas '^ACK ' 1
ra=$(relay prack uac '^SIP/2.0 183') rc=$(relay prack uas '^PRACK')
talk prack "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000"
talked prack 50 "$ra" "$rc" "offer in a reliable 183, answer in the PRACK: 50 packets each way"
call_done prack "183 and PRACK"

# 7. Re-INVITEs: the caller moves to port 16010, holds, resumes.
sipp_bg "$NS_V6" re-uas -sf "$(scenario uas-reinvite re FOREIGN="$RE_V4" \
    "SDP1=$(AT '[media_ip]' 16000 sendrecv)" \
    "SDP2=$(AT '[media_ip]' 16000 sendrecv)" \
    "SDP3=$(AT '[media_ip]' 16000 recvonly)" \
    "SDP4=$(AT '[media_ip]' 16000 sendrecv)")" -i "$C" -p 5060 -mi "$C"
uas=$!
sleep 0.3
sipp_bg "$NS_V4" re-uac -sf "$(scenario uac-reinvite re FOREIGN="$RE_V6" \
    "SDP1=$(AT '[media_ip]' 16000 sendrecv)" \
    "SDP2=$(AT '[media_ip]' 16010 sendrecv)" \
    "SDP3=$(AT 0.0.0.0 16010 sendonly)" \
    "SDP4=$(AT '[media_ip]' 16010 sendrecv)" TALK=2500)" \
    198.51.100.110:5060 -i "$A" -p 5060 -mi "$A" -key to 198.51.100.110
uac=$!
wait_msg re-uas '^ACK ' 1
ra=$(relay re uac '^SIP/2.0 200') rc=$(relay re uas '^INVITE')
talk re1 "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000"
talked re1 50 "$ra" "$rc" "re-INVITE test: the first offer's audio, 50 packets each way"
wait_msg re-uas '^ACK ' 2
ra2=$(relay re uac '^SIP/2.0 200') rc2=$(relay re uas '^INVITE')
[ "$ra2" = "$ra" ] && [ "$rc2" = "$rc" ]
ok $? "a re-INVITE keeps the stream on the same relay ports ($ra2, $rc2)"
# a late packet from the old port must not take the stream back; then
# the IPv6 phone talks first: its packets must reach the new port
ip netns exec "$NS_V4" "$top/obj/rtptool" send "$A:16000" "$ra" 3 5 0 >/dev/null
talk re2 "$NS_V6" "[$C]:16000" "$rc" "$NS_V4" "$A:16010"
talked re2 50 "$rc" "$ra" \
    "after the re-INVITE moved the IPv4 phone to port 16010 (and a stale packet came from 16000), audio goes there and back"
wait_msg re-uas '^ACK ' 3
hold=$(sdp re-uas '^INVITE' | sed -n 1p)
got re-uas '^INVITE' '^c=IN IP6 ::$' && [ "$hold" = "audio ${rc##*:} ::" ]
ok $? "hold: c=IN IP4 0.0.0.0 arrives as c=IN IP6 :: with the relay port kept ($hold)"
got re-uas '^INVITE' '^a=sendonly$' && got re-uac '^SIP/2.0 200' '^a=recvonly$'
ok $? "hold: the direction attributes pass untouched both ways"
wait_msg re-uas '^ACK ' 4
talk re4 "$NS_V4" "$A:16010" "$ra" "$NS_V6" "[$C]:16000"
talked re4 50 "$ra" "$rc" "resume: audio both ways again, 50 packets"
call_done re "re-INVITE, hold, resume"

# 8. A stream with port 0 and a held one in one offer.
wait_for 6 no_relay_sockets
HP='c=IN IP[media_ip_type] [media_ip]\nt=0 0\nm=audio 16000 RTP/AVP 0\nc=IN IP[media_ip_type] 0.0.0.0\na=sendonly\nm=video 0 RTP/AVP 96'
HA='c=IN IP[media_ip_type] [media_ip]\nt=0 0\nm=audio 16000 RTP/AVP 0\na=recvonly\nm=video 0 RTP/AVP 96'
media_call zero "$A" "$C" 198.51.100.110 "$HP" "$HA" 500
got=$(sdp zero-uas '^INVITE' | tr '\n' ' ')
case $got in
"audio "[1-9]*" :: video 0 2001:db8:6::a10 ") ok 0 "port 0 and held: the callee gets a relay port with c= ::, and port 0 ($got)" ;;
*) ok 1 "port 0 and held: the callee gets a relay port with c= ::, and port 0 ($got)" ;;
esac
got=$(sdp zero-uac '^SIP/2.0 200' | tr '\n' ' ')
case $got in
"audio "[1-9]*" 198.51.100.110 video 0 198.51.100.110 ") ok 0 "... and the caller gets the answer's port 0 back ($got)" ;;
*) ok 1 "... and the caller gets the answer's port 0 back ($got)" ;;
esac
n=$(relay_sockets)
[ "$n" -eq 4 ]
ok $? "... with one relay, for the held stream only ($n sockets)"
call_done zero "port 0 and held"

# 9. Hairpin: phone A calls through the IPv6 provider (the uplink),
# which sends the call back to phone B's stand-in: two relays in a row.
wait_for 6 no_relay_sockets
ip netns exec "$NS_V6" timeout 30 perl "$top/t/net/fwd.pl" \
    '[2001:db8:6::5]:5060' '[2001:db8:6::a11]:5060' 25 2> "$tmp/fwd.err" &
fwd=$!
net_pids="$net_pids $fwd"
wait_for 5 sh -c "ip netns exec $NS_V6 ss -uanH | grep -q '2001:db8:6::5\]:5060'"
ok $? "the provider's forwarding proxy listens"
media_call hp "$A" "$B" 198.51.100.1 "$AUDIO" "$AUDIO" 3000
ra=$(relay hp uac '^SIP/2.0 200') rb=$(relay hp uas '^INVITE')
n=$(relay_sockets)
[ "$n" -eq 8 ]
ok $? "hairpin: the call passed sipproxy64 twice and got two relays ($n sockets)"
talk hp "$NS_V4" "$A:16000" "$ra" "$NS_V4" "$B:16000"
talked hp 50 "$ra" "$rb" "hairpin: 50 packets each way between the two IPv4 phones through both relays"
call_done hp "hairpin"
[ "$tap_fail" -eq 0 ] || sed 's/^/# /' "$tmp/fwd.err"
kill "$fwd" 2>/dev/null

# 10. Nothing went wrong in sipproxy64 along the way.
kill -0 "$px_pid"
ok $? "sipproxy64 still runs"
kill "$px_pid"
wait "$px_pid"
ok $? "and exits 0 on SIGTERM"
exit $tap_fail
