#!/bin/sh
# Attacks by a thoughtful stranger (issue 8), in the namespaces of
# t/net/topo.sh, with victims that no table names (203.0.113.50 and
# 2001:db8:6::50, and sipproxy64's own loopback and addresses), each with
# a counting listener: the media hijacks (an INFO or re-INVITE with a
# call's Call-ID and an SDP naming the stranger, one of them dropped for
# another reason; a forged 200 with a replayed sp64v=), the relay loop
# (SDP naming sipproxy64 itself), the multipart flood and the relays one
# stranger may hold, the laundering of carried addresses (echoed From,
# To, Contact; special addresses), and the amplification factors.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
net_up
echo "1..29"
V4=203.0.113.50 V6=2001:db8:6::50 S4=203.0.113.9 S6=2001:db8:6::77
ip -n "$NS_V4" addr add "$V4/24" dev "v4-$$"
ip -n "$NS_V6" addr add "$V6/64" dev "v6-$$" nodad
A=198.51.100.10 B=198.51.100.11 C=2001:db8:6::10
# the stranger may use the IPv4 general address (and so the uplink):
# the worst case for laundering
px_start -T 20 -a 203.0.113.0/24 $PX_ARGS
UDP="perl $top/t/net/udp.pl"
# send NS FROM TO FILE...: the datagrams, the answers in $tmp/ans
send() {
	ns=$1 from=$2 to=$3
	shift 3
	ip netns exec "$ns" $UDP "$from" "$to" 1500 "$@" > "$tmp/ans" 2> "$tmp/sent"
}
answers() { grep -c "^SIP/2.0 $1" "$tmp/ans"; }
ticks() { awk '{print $14 + $15}' "/proc/$px_pid/stat"; }

# SDP FAMILY ADDRESS PORT: a body naming ADDRESS:PORT
sdp_body() {
	printf 'v=0\no=- 1 1 IN IP%s %s\ns=-\nc=IN IP%s %s\nt=0 0\nm=audio %s RTP/AVP 0\n' \
	    "$1" "$2" "$1" "$2" "$3"
}
# req FILE METHOD RURI VIA CALLID [MF] < BODY: a request with an SDP body
req() {
	body=$(cat)
	printf '%s %s SIP/2.0\nVia: SIP/2.0/UDP %s;branch=z9hG4bK%s%s\nMax-Forwards: %s\nFrom: <sip:s@%s>;tag=s1\nTo: <sip:v@%s>\nCall-ID: %s\nCSeq: 7 %s\nContact: <sip:s@%s>\n' \
	    "$2" "$3" "$4" "$2" "$$" "${6:-70}" "$4" "$4" "$5" "$2" "$4" > "$1"
	if [ -n "$body" ]; then
		printf 'Content-Type: application/sdp\nContent-Length: %s\n\n%s\n' \
		    "$(($(printf '%s\n' "$body" | wc -c) + $(printf '%s\n' "$body" | wc -l)))" \
		    "$body" >> "$1"
	else
		printf 'Content-Length: 0\n\n' >> "$1"
	fi
}

# 1. Media hijack. A caller in no table (::99) calls phone B: the relay's
# IPv6 side is the stand-in ::a11, its IPv4 side the general address,
# which every IPv4 stranger shares. Two calls: one for the attempts on
# the IPv6 side, one for the forged 200 on the IPv4 side.
# hj_call NAME: such a call; $rc, $rb its relay ports, $cid, $via
hj_call() {
	MC_DROP=-bye
	media_call "$1" 2001:db8:6::99 "$B" 2001:db8:6::a11 "$AUDIO" "$AUDIO" 300
	MC_DROP=
	call_done "$1" "a call from a caller in no table to phone B ($1)"
	rc=$(relay "$1" uac '^SIP/2.0 200') rb=$(relay "$1" uas '^INVITE')
	cid=$(perl "$top/t/net/sdp.pl" "$tmp/$1-uas.msg" '^INVITE' -1 whole |
	    sed -n 's/^Call-ID: *//p' | head -1)
	via=$(perl "$top/t/net/sdp.pl" "$tmp/$1-uas.msg" '^INVITE' -1 whole |
	    grep '^Via:')
}
# one_way NS FROM DEST NS-GOOD GOOD NS-BAD BAD: 20 packets FROM -> DEST;
# how many reached GOOD and BAD, in $ng and $nb
one_way() {
	listen "$4" "$5" 2
	ow1=$!
	listen "$6" "$7" 2
	ow2=$!
	sleep 0.2
	ip netns exec "$1" "$top/obj/rtptool" send "$2" "$3" 20 10 0 >/dev/null
	wait $ow1 $ow2
	ng=$(received "$5") nb=$(received "$7")
}
hj_call hj
norelay0=$(counter 'streams not relayed \([0-9]*\)')
rearm0=$(dropped sdp-rearm-by-other-host)
sdp_body 6 "$S6" 16000 | req "$tmp/info.sip" INFO "sip:b@[2001:db8:6::a11]" \
    "[$S6]:5070" "$cid"
sdp_body 6 "$S6" 16000 | req "$tmp/info0.sip" INFO "sip:b@[2001:db8:6::a11]" \
    "[$S6]:5070" "$cid" 0
sdp_body 6 "$S6" 16000 | req "$tmp/reinv.sip" INVITE "sip:b@[2001:db8:6::a11]" \
    "[$S6]:5070" "$cid"
send "$NS_V6" "[$S6]:5070" '[2001:db8:6::a11]:5060' "$tmp/info.sip" \
    "$tmp/info0.sip" "$tmp/reinv.sip"
n483=$(answers 483)
one_way "$NS_V4" "$B:16000" "$rb" "$NS_V6" '[2001:db8:6::99]:16000' \
    "$NS_V6" "[$S6]:16000"
[ "$ng" -eq 20 ] && [ "$nb" -eq 0 ]
ok $? "after an INFO, an INFO dropped (Max-Forwards 0) and a re-INVITE from a stranger naming it, B's 20 packets reach the caller ($ng), 0 the stranger ($nb)"
[ "$n483" -eq 1 ]
ok $? "the INFO with Max-Forwards 0 was answered 483 ($n483)"
norelay1=$(counter 'streams not relayed \([0-9]*\)')
[ "$norelay1" -ge $((norelay0 + 1)) ]
ok $? "the forwarded INFO's SDP made no relay ($norelay0 -> $norelay1 streams not relayed)"

hj_call hj2
# a forged 200 for B's side, with the Via sipproxy64 gave B's INVITE
{
	printf 'SIP/2.0 200 OK\n%s\nFrom: <sip:x@198.51.100.1>;tag=f\nTo: <sip:b@198.51.100.1>;tag=t\nCall-ID: %s\nCSeq: 1 INVITE\n' "$via" "$cid"
	b=$(sdp_body 4 "$S4" 16000)
	printf 'Content-Type: application/sdp\nContent-Length: %s\n\n%s\n' \
	    "$(($(printf '%s\n' "$b" | wc -c) + $(printf '%s\n' "$b" | wc -l)))" "$b"
} > "$tmp/f200.sip"
# the same sp64v= next to another branch
sed 's/branch=z9hG4bKsp64\([0-9a-f]\)/branch=z9hG4bKsp64f\1/' "$tmp/f200.sip" > "$tmp/f200b.sip"
forged0=$(dropped response-not-for-us)
send "$NS_V4" "$S4:5070" 198.51.100.1:5060 "$tmp/f200.sip" "$tmp/f200b.sip"
one_way "$NS_V6" '[2001:db8:6::99]:16000' "$rc" "$NS_V4" "$B:16000" \
    "$NS_V4" "$S4:16000"
[ "$ng" -eq 20 ] && [ "$nb" -eq 0 ]
ok $? "after a forged 200 with a replayed sp64v=, the caller's 20 packets reach B ($ng), 0 the stranger ($nb)"
rearm1=$(dropped sdp-rearm-by-other-host)
[ "$rearm1" -eq $((rearm0 + 2)) ]
ok $? "the stranger's re-INVITE and the forged 200 are dropped as sdp-rearm-by-other-host ($rearm0 -> $rearm1)"
forged1=$(dropped response-not-for-us)
[ "$forged1" -eq $((forged0 + 1)) ]
ok $? "an sp64v= next to another branch than its own fails its check ($forged0 -> $forged1)"

# 2. Relay loop: SDP naming sipproxy64 itself (its relay ports, its SIP
# addresses, loopback) is refused with 488; no relay; the CPU stays idle.
peer0=$(dropped sdp-peer-refused)
socks0=$(relay_sockets)
rbp=${rb##*:}
i=0
for p in "198.51.100.1 $rbp" "198.51.100.1 $((rbp + 1))" "198.51.100.110 5060" \
    "198.51.100.1 5060" "127.0.0.1 $rbp"; do
	i=$((i + 1))
	set -- $p
	sdp_body 4 "$1" "$2" | req "$tmp/loop$i.sip" INVITE "sip:c@198.51.100.110" \
	    "$S4:5070" "loop$i-$$"
done
send "$NS_V4" "$S4:5070" 198.51.100.110:5060 "$tmp"/loop[1-5].sip
n488=$(answers 488)
[ "$n488" -eq 5 ]
ok $? "5 offers naming sipproxy64's relay ports, SIP addresses, loopback: each answered 488 ($n488)"
peer1=$(dropped sdp-peer-refused) socks1=$(relay_sockets)
[ "$peer1" -eq $((peer0 + 5)) ] && [ "$socks1" -eq "$socks0" ]
ok $? "... counted as sdp-peer-refused ($peer0 -> $peer1), no relay made ($socks0 -> $socks1 sockets)"
ip netns exec "$NS_V4" "$top/obj/rtptool" send "$S4:$rbp" "$rb" 20 1 0 >/dev/null
t0=$(ticks)
sleep 3
t1=$(ticks)
[ $((t1 - t0)) -le 1 ]
ok $? "the relay-loop attempt leaves sipproxy64 idle: $((t1 - t0)) clock ticks of CPU in 3 s"

# 3. Multipart flood: 30 parts of 32 m= lines, as INVITE and OPTIONS.
{
	printf '%s\n' "--bnd"
	for p in $(seq 1 30); do
		printf 'Content-Type: application/sdp\n\nv=0\no=- 1 1 IN IP4 %s\ns=-\nc=IN IP4 %s\nt=0 0\n' "$S4" "$S4"
		for m in $(seq 1 32); do printf 'm=audio %s RTP/AVP 0\n' $((20000 + 2 * m)); done
		printf '%s\n' "--bnd"
	done
} | sed '$ s/--bnd/--bnd--/' > "$tmp/flood.body"
for meth in INVITE OPTIONS; do
	for k in 1 2 3 4 5; do
		f=$tmp/flood-$meth-$k.sip
		printf '%s sip:c@198.51.100.110 SIP/2.0\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bKfl%s%s\nMax-Forwards: 70\nFrom: <sip:s@%s>;tag=f\nTo: <sip:c@198.51.100.110>\nCall-ID: flood-%s-%s-%s\nCSeq: 1 %s\nContent-Type: multipart/mixed;boundary=bnd\nContent-Length: %s\n\n' \
		    "$meth" "$S4" "$meth" "$k" "$S4" "$meth" "$k" "$$" "$meth" \
		    "$(($(wc -c < "$tmp/flood.body") + $(wc -l < "$tmp/flood.body")))" > "$f"
		cat "$tmp/flood.body" >> "$f"
	done
done
fsize=$(($(wc -c < "$tmp/flood-INVITE-1.sip") + $(wc -l < "$tmp/flood-INVITE-1.sip")))
streams0=$(dropped too-many-streams)
# in two rounds of five: ten at once (275 kB) can overflow a default
# socket receive buffer (208 kB) on a loaded machine
send "$NS_V4" "$S4:5070" 198.51.100.110:5060 "$tmp"/flood-INVITE-*.sip
n488=$(answers 488)
send "$NS_V4" "$S4:5070" 198.51.100.110:5060 "$tmp"/flood-OPTIONS-*.sip
n488=$((n488 + $(answers 488))) socks2=$(relay_sockets)
streams1=$(dropped too-many-streams)
[ "$n488" -eq 10 ] && [ "$socks2" -eq "$socks0" ] && [ "$streams1" -eq $((streams0 + 10)) ]
ok $? "10 floods of $fsize bytes (960 m= lines each): 488 each ($n488), too-many-streams $streams0 -> $streams1, no relay ($socks2 sockets)"
# one stream per INVITE, 40 Call-IDs: 32 relays, then 503
for k in $(seq 1 40); do
	sdp_body 4 "$S4" $((20000 + 2 * k)) | req "$tmp/st$k.sip" INVITE \
	    "sip:c@198.51.100.110" "$S4:5070" "st$k-$$"
done
host0=$(dropped relays-per-host)
tf=$(date +%s)
send "$NS_V4" "$S4:5070" 198.51.100.110:5060 $(for k in $(seq 1 40); do echo "$tmp/st$k.sip"; done)
n503=$(answers 503) socks3=$(relay_sockets) host1=$(dropped relays-per-host)
[ "$n503" -eq 8 ] && [ "$socks3" -eq $((socks0 + 4 * 32)) ] && [ "$host1" -eq $((host0 + 8)) ]
ok $? "40 offers from one stranger: 32 relays ($(((socks3 - socks0) / 4))), 8 answered 503 ($n503, relays-per-host $host0 -> $host1)"
media_call lg "$A" "$C" 198.51.100.110 "$AUDIO" "$AUDIO" 2500
ra=$(relay lg uac '^SIP/2.0 200') rcc=$(relay lg uas '^INVITE')
talk lg "$NS_V4" "$A:16000" "$ra" "$NS_V6" "[$C]:16000"
talked lg 50 "$ra" "$rcc" "meanwhile a legitimate call gets its relay: 50 packets each way"
call_done lg "the legitimate call"
s=$(relay_sockets)
[ "$s" -ge $((socks0 + 4 * 32)) ]
ok $? "$(($(date +%s) - tf)) s after the stranger's offers its 32 relays are still there ($s sockets)"
un0=$(counter 'ended unanswered \([0-9]*\)')
wait_for 45 sh -c "[ \$(ip netns exec $NS_PX ss -uanpH | grep 'pid=$px_pid,' | grep -vc ':5060 ') -le $socks0 ]"
r=$?
el=$(($(date +%s) - tf))
un1=$(counter 'ended unanswered \([0-9]*\)')
[ $r -eq 0 ] && [ "$el" -ge 31 ] && [ "$el" -le 40 ] && [ "$un1" -eq $((un0 + 32)) ]
ok $? "the unanswered offers' relays end after the documented 32 s ($el s; ended unanswered $un0 -> $un1)"

# 4. Laundering (SPEC 3: a carried address is a next hop only when it
# was the source of the datagram that carried it). Listeners at every
# victim; tokens minted through From, To, Contact, by way of the uplink
# (::5, a registrar that echoes them), then replayed as next hops.
for v in "$NS_V4 $V4:5099" "$NS_V6 [$V6]:5099" "$NS_PX 127.0.0.1:5099" \
    "$NS_PX [::1]:5099" "$NS_PX 198.51.100.1:5099" "$NS_PX [2001:db8:6::1]:5099"; do
	set -- $v
	listen "$1" "$2" 12
	vl="${vl:-} $!"
done
ip netns exec "$NS_V6" $UDP '[2001:db8:6::5]:5060' - 3000 > "$tmp/reg.cap" 2>/dev/null &
cap=$!
sleep 0.3
for t in "$V4:5099" 127.0.0.1:5099 198.51.100.1:5099 0.0.0.0:5099 224.0.0.1:5099 169.254.1.1:5099; do
	printf 'REGISTER sip:198.51.100.1 SIP/2.0\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bKr%s\nMax-Forwards: 70\nFrom: <sip:x@%s>;tag=r\nTo: <sip:y@%s>\nContact: <sip:z@%s>\nCall-ID: reg-%s-%s\nCSeq: 1 REGISTER\nContent-Length: 0\n\n' \
	    "$S4" "${t%%:*}" "$t" "$t" "$t" "${t%%:*}" "$$" > "$tmp/reg-${t%%:*}.sip"
done
send "$NS_V4" "$S4:5070" 198.51.100.1:5060 "$tmp"/reg-*.sip
wait $cap
tr -d '\r' < "$tmp/reg.cap" | grep -E '^(From|To|Contact):' |
    sed -n 's/.*;sp64=\([0-9a-f]*\).*/\1/p' | sort -u > "$tmp/tokens"
nt=$(wc -l < "$tmp/tokens")
[ "$nt" -ge 1 ]
ok $? "the registrar saw the victim's address carried in From, To, Contact ($nt distinct tokens)"
out4=$(counter 'out v4 \([0-9]*\)')
k=0
while read -r tok; do
	k=$((k + 1))
	printf 'OPTIONS sip:x@[2001:db8:6::1];sp64=%s SIP/2.0\nVia: SIP/2.0/UDP [%s]:5070;branch=z9hG4bKl%s\nMax-Forwards: 70\nFrom: <sip:s@[%s]>;tag=l\nTo: <sip:x@[2001:db8:6::1]>\nCall-ID: l%s-%s\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n' \
	    "$tok" "$S6" "$k" "$S6" "$k" "$$" > "$tmp/l$k.sip"
	printf 'OPTIONS sip:x@[2001:db8:6::1] SIP/2.0\nRoute: <sip:[2001:db8:6::1];sp64=%s;lr>\nVia: SIP/2.0/UDP [%s]:5070;branch=z9hG4bKm%s\nMax-Forwards: 70\nFrom: <sip:s@[%s]>;tag=l\nTo: <sip:x@[2001:db8:6::1]>\nCall-ID: m%s-%s\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n' \
	    "$tok" "$S6" "$k" "$S6" "$k" "$$" > "$tmp/m$k.sip"
done < "$tmp/tokens"
send "$NS_V6" "[$S6]:5070" '[2001:db8:6::1]:5060' "$tmp"/l*.sip "$tmp"/m*.sip
send "$NS_V6" '[2001:db8:6::5]:5070' '[2001:db8:6::1]:5060' "$tmp"/l*.sip
out4b=$(counter 'out v4 \([0-9]*\)')
[ "$out4b" -eq "$out4" ]
ok $? "$((3 * nt)) requests to echoed tokens (R-URI, Route; from a stranger and from the registrar): none forwarded into IPv4 ($out4 -> $out4b)"
# IPv6 specials, carried through A's stand-in and echoed back
ip netns exec "$NS_V4" $UDP "$A:5060" - 3000 > "$tmp/a.cap" 2>/dev/null &
cap=$!
sleep 0.3
k=0
for t in "[$V6]:5099" '[::1]:5099' '[::]:5099' '[ff02::1]:5099' '[fe80::1]:5099' \
    "[::ffff:$V4]:5099" '[2001:db8:6::1]:5099'; do
	k=$((k + 1))
	printf 'OPTIONS sip:a@[2001:db8:6::a10] SIP/2.0\nVia: SIP/2.0/UDP [%s]:5070;branch=z9hG4bKs%s\nMax-Forwards: 70\nFrom: <sip:x@%s>;tag=s\nTo: <sip:y@%s>\nContact: <sip:z@%s>\nCall-ID: sp%s-%s\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n' \
	    "$S6" "$k" "$t" "$t" "$t" "$k" "$$" > "$tmp/s6-$k.sip"
done
send "$NS_V6" "[$S6]:5070" '[2001:db8:6::a10]:5060' "$tmp"/s6-*.sip
wait $cap
tr -d '\r' < "$tmp/a.cap" | grep -E '^(From|To|Contact):' |
    sed -n 's/.*;sp64=\([0-9a-f]*\).*/\1/p' | sort -u > "$tmp/tokens6"
k=0
while read -r tok; do
	k=$((k + 1))
	printf 'OPTIONS sip:x@198.51.100.1;sp64=%s SIP/2.0\nVia: SIP/2.0/UDP %s:5070;branch=z9hG4bKn%s\nMax-Forwards: 70\nFrom: <sip:s@%s>;tag=l\nTo: <sip:x@198.51.100.1>\nCall-ID: n%s-%s\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n' \
	    "$tok" "$S4" "$k" "$S4" "$k" "$$" > "$tmp/n$k.sip"
done < "$tmp/tokens6"
[ "$k" -gt 0 ] && send "$NS_V4" "$S4:5070" 198.51.100.1:5060 "$tmp"/n*.sip
n6=$(grep -c . "$tmp/tokens6")
[ "$n6" -eq 1 ]
ok $? "of seven IPv6 addresses only the victim's is carried, no special one (::1, ::, multicast, link-local, ::ffff:, its own): $n6 tokens minted"
wait $vl
for v in "$V4:5099" "[$V6]:5099" 127.0.0.1:5099 '[::1]:5099' 198.51.100.1:5099 '[2001:db8:6::1]:5099'; do
	n=$(received "$v")
	[ "$n" -eq 0 ]
	ok $? "0 datagrams at the victim $v ($n)"
done

# 5. Amplification, measured: unknown addresses, and our own 404. The
# grown message is over 1300 bytes, so it leaves over TCP (RFC 3261
# 18.1.1): phone A listens on TCP too, and the first message that comes
# on either is measured.
ip netns exec "$NS_V4" $UDP "$A:5060" - 2000 > "$tmp/amp.cap" 2>/dev/null &
cap=$!
ip netns exec "$NS_V4" perl -MIO::Socket::IP -e '
	my $l = IO::Socket::IP->new(LocalHost => $ARGV[0], LocalPort => 5060,
	    Listen => 1, ReuseAddr => 1) or exit 1;
	local $SIG{ALRM} = sub { exit 0 };
	alarm 3;
	my $c = $l->accept or exit 0;
	my $m = "";
	while (sysread($c, my $b, 65536)) {
		$m .= $b;
		next unless $m =~ /\r\n\r\n/;
		my ($h) = $m =~ /^(.*?\r\n\r\n)/s;
		my ($cl) = $h =~ /^Content-Length:\s*(\d+)/mi;
		last if length($m) >= length($h) + ($cl // 0);
	}
	print "=== ", length($m), " bytes over TCP\n";' "$A" > "$tmp/amp.tcp" 2>/dev/null &
tcap=$!
net_pids="$net_pids $tcap"
sleep 0.3
{
	printf 'OPTIONS sip:a@[2001:db8:6::a10] SIP/2.0\nVia: SIP/2.0/UDP [%s]:5070;branch=z9hG4bKamp\nMax-Forwards: 70\nFrom: <sip:s@[%s]>;tag=a\nTo: <sip:a@[2001:db8:6::a10]>\nCall-ID: amp-%s\nCSeq: 1 OPTIONS\n' "$S6" "$S6" "$$"
	printf 'Contact: <sip:c@[2001:db8:7::1]>'
	for k in $(seq 1 700); do printf ';p=::'; done
	printf '\n'
	printf 'Content-Length: 0\n\n'
} > "$tmp/amp.sip"
send "$NS_V6" "[$S6]:5070" '[2001:db8:6::a10]:5060' "$tmp/amp.sip"
ain=$(sed -n 's/sent=//p' "$tmp/sent")
wait $cap
wait $tcap
aout=$(cat "$tmp/amp.cap" "$tmp/amp.tcp" | sed -n 's/^=== \([0-9]*\) bytes.*/\1/p' | head -1)
printf 'A sip:[%s] SIP/2.0\nv:SIP/2.0/UDP [%s];rport\nf:a\nt:a\ni:1\nCSeq:1 A\n\n' "$V6" "$S6" > "$tmp/tiny.sip"
send "$NS_V6" "[$S6]:5070" '[2001:db8:6::1]:5060' "$tmp/tiny.sip"
tin=$(sed -n 's/sent=//p' "$tmp/sent")
tout=$(sed -n 's/^=== \([0-9]*\) bytes/\1/p' "$tmp/ans" | head -1)
echo "# amplification: $ain bytes of unknown addresses in, ${aout:-none} out"
echo "# amplification: own $(sed -n 1p "$tmp/ans" | tr -d '\r' | sed 's/^=== .*//') $(tr -d '\r' < "$tmp/ans" | sed -n 2p) to $tin bytes: ${tout:-none} bytes"
# the documented bounds: growth by our Via (165 octets from the IPv6
# side), 16 carried parameters of at most 174 octets, and the length
# difference of each exchanged address (at most 24; five host positions
# here); an own answer at most twice the request, IPv6 and UDP headers
# (48 octets) counted on both
[ -n "$aout" ] && [ "$ain" -gt 0 ] &&
    [ $((aout - ain)) -le $((165 + 16 * 174 + 5 * 24)) ]
ok $? "a message of 700 '=::' grows within the documented bound: $ain -> ${aout:-?} bytes ($(awk "BEGIN{printf \"%.1f\", ${aout:-0}/$ain}")x)"
[ -n "$tout" ] && [ "$tin" -gt 0 ] && [ $((tout + 48)) -le $((2 * (tin + 48))) ]
ok $? "our own 404 is at most twice the request: $tin -> ${tout:-?} bytes ($(awk "BEGIN{printf \"%.1f\", ${tout:-0}/$tin}")x)"

kill -0 "$px_pid"
ok $? "sipproxy64 still runs"
kill "$px_pid"
wait "$px_pid"
exit $tap_fail
