#!/bin/sh
# Interoperation with real software from Debian, in the namespaces of
# t/net/topo.sh: Kamailio on the IPv6 side (2001:db8:6::5, the uplink) as
# registrar and proxy that challenges REGISTER and INVITE with digest
# authentication; sipproxy64 between; baresip phones on both sides. The
# IPv4 phone (198.51.100.10) uses sipproxy64 as its outbound proxy and
# registers once with its registrar named by a domain (example.test,
# Kamailio's alias) and once by address (198.51.100.1, the IPv4 face of
# the uplink: Kamailio sees sip:[2001:db8:6::5], the digest uri= as the
# phone wrote it). Calls each way; each phone plays a tone from a file
# (1000 Hz from IPv4, 700 Hz from IPv6) and records what it hears; the
# recording at the far end must be that tone. Then a dialog is replaced
# (RFC 3891) through the same path, by sipp phones: the callee accepts
# the Replaces only if it names its dialog byte for byte.
set -u
. "$(dirname "$0")/tap.sh"
. "$top/t/net/lib.sh"
need_root kamailio baresip sox perl
net_up
# INTEROP_KEEP=DIR keeps the logs, recordings and configurations there
interop_cleanup() {
	[ -z "${INTEROP_KEEP:-}" ] || { rm -rf "$INTEROP_KEEP"; cp -r "$tmp" "$INTEROP_KEEP"; }
	net_cleanup
}
trap interop_cleanup EXIT INT TERM
echo "1..28"
px_start $PX_ARGS

A=198.51.100.10 C=2001:db8:6::10 K=2001:db8:6::5
BSCTL="perl $top/t/net/bsctl.pl"
# The registrar named by address works only while the authentication
# headers pass opaque, and Replaces only while its Call-ID does (issue 7):
# these points count (once they were TODO, with the old translation).
LIT_TODO=
REP_TODO=

# The tones, 20 s each so that they outlast every call.
sox -n -r 8000 -c 1 -b 16 "$tmp/t1000.wav" synth 20 sine 1000 vol 0.5
sox -n -r 8000 -c 1 -b 16 "$tmp/t700.wav" synth 20 sine 700 vol 0.5

# kam_start: Kamailio in the IPv6 namespace, configured here: users
# alice, bob and carol with fixed passwords in an htable (no database), realm
# example.test, REGISTER challenged with 401, INVITE with 407, the
# location table in memory, dave always at [2001:db8:6::99]. Each request it receives is logged with its
# Request-URI, source and credentials ("IN ..." lines in $tmp/kam.log).
kam_start() {
	mkdir -p "$tmp/kam"
	kam_mods=$(ls -d /usr/lib/*/kamailio/modules /usr/lib/kamailio/modules \
	    2>/dev/null | head -1)
	cat > "$tmp/kam/kamailio.cfg" <<EOF
#!KAMAILIO
debug=2
log_stderror=yes
children=2
auto_aliases=no
alias="example.test"
listen=udp:[$K]:5060
disable_tcp=yes
mpath="$kam_mods/"
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "usrloc.so"
loadmodule "registrar.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "auth.so"
loadmodule "htable.so"
modparam("usrloc", "db_mode", 0)
modparam("htable", "htable", "pw=>size=4;")

event_route[htable:mod-init] {
	\$sht(pw=>alice) = "alice-secret-4";
	\$sht(pw=>bob) = "bob-secret-6";
	\$sht(pw=>carol) = "carol-secret-4";
}

request_route {
	xlog("L_NOTICE", "IN \$rm \$ru from \$si:\$sp auth=[\$hdr(Authorization)] pauth=[\$hdr(Proxy-Authorization)] replaces=[\$hdr(Replaces)]\n");
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (has_totag()) {
		if (loose_route() || is_method("ACK")) {
			t_relay();
			exit;
		}
		sl_send_reply("404", "Not here");
		exit;
	}
	if (is_method("CANCEL")) {
		if (t_check_trans())
			t_relay();
		exit;
	}
	if (is_method("REGISTER")) {
		if (!is_present_hf("Authorization") ||
		    !pv_www_authenticate("example.test", "\$sht(pw=>\$au)", "0")) {
			xlog("L_NOTICE", "CHALLENGE REGISTER from \$si user=[\$au]\n");
			www_challenge("example.test", "0");
			exit;
		}
		consume_credentials();
		xlog("L_NOTICE", "REGISTERED \$au contact=[\$ct]\n");
		save("location");
		exit;
	}
	if (!is_present_hf("Proxy-Authorization") ||
	    !pv_proxy_authenticate("example.test", "\$sht(pw=>\$au)", "0")) {
		xlog("L_NOTICE", "CHALLENGE \$rm from \$si user=[\$au]\n");
		proxy_challenge("example.test", "0");
		exit;
	}
	consume_credentials();
	if (\$rU == "dave") {
		# a fixed destination, as for a PBX behind the provider
		\$ru = "sip:dave@[2001:db8:6::99]:5060";
	} else if (!lookup("location")) {
		sl_send_reply("404", "Not Found");
		exit;
	}
	record_route();
	t_relay();
}
EOF
	ip netns exec "$NS_V6" kamailio -f "$tmp/kam/kamailio.cfg" -DD -E \
	    -m 32 -M 8 -Y "$tmp/kam" -w "$tmp/kam" > "$tmp/kam.log" 2>&1 &
	kam_pid=$!
	net_pids="$net_pids $kam_pid"
	wait_for 10 kam_listening
}
kam_listening() { ip netns exec "$NS_V6" ss -uanH | grep -q "\[$K\]:5060"; }

# phone NAME NS ADDRESS PORT TONE ACCOUNT [-4]: a baresip in NS with
# SIP at ADDRESS:5060, its ctrl_tcp at 127.0.0.1:PORT (the namespace's
# own loopback), playing TONE (a wav file) as its microphone, recording
# what it hears into $tmp/NAME/rec (the sndfile module's *-dec.wav, one
# per call), answering calls by itself; ACCOUNT is its accounts line.
# Its log with the SIP trace: $tmp/NAME.log. $ph_pid is its pid.
phone() {
	d=$tmp/$1
	mkdir -p "$d/rec"
	case $3 in *:*) sl="[$3]:5060" ;; *) sl="$3:5060" ;; esac
	cat > "$d/config" <<EOF
poll_method		epoll
sip_listen		$sl
call_local_timeout	60
audio_path		/usr/share/baresip
audio_player		aubridge,$1
audio_alert		aubridge,$1-alert
audio_source		aufile,$5
rtp_ports		20000-20098
module_path		/usr/lib/baresip/modules
module			g711.so
module			aufile.so
module			aubridge.so
module			sndfile.so
module_tmp		account.so
module_app		menu.so
module_app		ctrl_tcp.so
ctrl_tcp_listen		127.0.0.1:$4
snd_path		$d/rec
EOF
	echo "$6" > "$d/accounts"
	: > "$d/contacts"
	ip netns exec "$2" timeout 170 baresip ${7:-} -s -f "$d" \
	    > "$tmp/$1.log" 2>&1 &
	ph_pid=$!
	net_pids="$net_pids $ph_pid"
	wait_for 10 ctl_up "$2" "$4"
}
ctl_up() { ip netns exec "$1" ss -tlnH | grep -q "127.0.0.1:$2 "; }

# ctl NS PORT COMMAND [PARAMS]: one command to the phone there
ctl() {
	ns=$1 port=$2
	shift 2
	ip netns exec "$ns" $BSCTL "127.0.0.1:$port" "$@"
}

# phone_stop PID: a phone ends (it unregisters first)
phone_stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# count NAME REGEX: how many lines of phone NAME's log match
count() { grep -ac "$2" "$tmp/$1.log"; }
# at_least N COMMAND...: the count that COMMAND prints is N or more
at_least() { n=$(shift; "$@"); [ "${n:-0}" -ge "$1" ]; }
registered() { at_least 1 count "$1" '200 OK .*binding'; }
# trace NAME FROM REGEX [HEADER]: t/net/bstrace.pl on phone NAME's log
trace() { n=$1; shift; perl "$top/t/net/bstrace.pl" "$tmp/$n.log" "$@"; }
# kam_in METHOD FIELD: FIELD (ru, from, auth, pauth, replaces) of each
# METHOD that Kamailio received, one a line
kam_in() {
	perl -ne '
		BEGIN { ($m, $f) = splice @ARGV, 0, 2 }
		/IN (\S+) (\S+) from (\S+) auth=\[(.*)\] pauth=\[(.*)\] replaces=\[(.*)\]$/
		    or next;
		next unless $1 eq $m;
		my %v = (ru => $2, from => $3, auth => $4, pauth => $5,
		    replaces => $6);
		print "$v{$f}\n";' "$1" "$2" "$tmp/kam.log"
}

# heard NAME HZ WHAT: one test point: phone NAME's recording of its last
# call (sndfile's *-dec.wav) is HZ (sox's rough frequency within 10%),
# loud (RMS amplitude above 0.2, the tone's is 0.35) and 2 s or longer;
# the recording is then put aside
heard() {
	f=$(ls -t "$tmp/$1/rec/"*-dec.wav 2>/dev/null | head -1)
	st=$(sox "$f" -n stat 2>&1)
	len=$(echo "$st" | sed -n 's/^Length (seconds): *//p')
	rms=$(echo "$st" | sed -n 's/^RMS *amplitude: *//p')
	hz=$(echo "$st" | sed -n 's/^Rough *frequency: *//p')
	perl -e 'my ($len, $rms, $hz, $want) = @ARGV;
		exit !($len >= 2 && $rms > 0.2 && abs($hz - $want) <= $want / 10)' \
	    "${len:-0}" "${rms:-0}" "${hz:-0}" "$2"
	ok $? "$3: $1 hears $2 Hz ($hz Hz, RMS $rms, $len s recorded)${todo:-}"
	mkdir -p "$tmp/$1/done"
	mv "$tmp/$1/rec/"*.wav "$tmp/$1/done/" 2>/dev/null
	return 0
}

# call WHAT CALLER NS PORT URI CALLEE CALLER-HZ CALLEE-HZ: CALLER (the
# phone whose ctrl_tcp is PORT in NS) dials URI, which CALLEE answers;
# 3 s of audio, the caller hangs up. Test points: both see the call up
# and then ended, each hears the other's tone, the relay carried it.
call() {
	up_a=$(count "$2" 'Call established') up_b=$(count "$6" 'Call established')
	end_a=$(count "$2" 'terminated') end_b=$(count "$6" 'terminated')
	before=$(counter 'rtp packets \([0-9]*\)')
	ctl "$3" "$4" dial "$5" >/dev/null
	wait_for 10 at_least $((up_b + 1)) count "$6" 'Call established' &&
	    wait_for 5 at_least $((up_a + 1)) count "$2" 'Call established'
	ok $? "$1: $2 dials $5, $6 answers: the call is up at both ends${todo:-}"
	up=$tap_last
	[ "$up" -ne 0 ] || sleep 3
	ctl "$3" "$4" hangup >/dev/null
	wait_for $((up ? 2 : 10)) at_least $((end_a + 1)) count "$2" 'terminated' &&
	    wait_for $((up ? 2 : 10)) at_least $((end_b + 1)) count "$6" 'terminated'
	ok $? "$1: $2 hangs up, the BYE ends the call at both ends${todo:-}"
	after=$(counter 'rtp packets \([0-9]*\)')
	pk=$((after - before))
	heard "$6" "$7" "$1"
	heard "$2" "$8" "$1"
	# 50 packets a second each way: 2.5 s each way at least
	[ "$pk" -ge 250 ]
	ok $? "$1: sipproxy64 relayed the call's audio ($pk RTP packets)${todo:-}"
}

kam_start
ok $? "Kamailio listens on [$K]:5060"

# 1. Registrations: the IPv6 phone directly, the IPv4 phone through
# sipproxy64 with its registrar named by a domain.
phone bob "$NS_V6" "$C" 4446 "$tmp/t700.wav" \
    "<sip:bob@example.test>;auth_pass=bob-secret-6;outbound=\"sip:[$K]\";answermode=auto;audio_codecs=pcmu;regint=600"
bob_pid=$ph_pid
wait_for 10 registered bob && at_least 1 count bob '^SIP/2.0 401 '
ok $? "bob (IPv6) registers with Kamailio directly: 401, then 200"
phone alice "$NS_V4" "$A" 4444 "$tmp/t1000.wav" \
    "<sip:alice@example.test>;auth_pass=alice-secret-4;outbound=\"sip:198.51.100.1\";answermode=auto;audio_codecs=pcmu;regint=600" -4
alice_pid=$ph_pid
wait_for 10 registered alice && at_least 1 count alice '^SIP/2.0 401 '
ok $? "alice (IPv4, registrar example.test, outbound proxy sipproxy64) registers: 401, then 200"
wrote=$(trace alice "$A:5060" '^REGISTER ' Authorization | tail -1)
got=$(kam_in REGISTER auth | grep -v '^<null>$' | tail -1)
[ -n "$got" ] && [ "Authorization: $got" = "$wrote" ]
ok $? "... Kamailio received alice's Authorization byte for byte as she wrote it"
[ "$tap_last" -eq 0 ] || { echo "# alice wrote: $wrote"; echo "# Kamailio got: $got"; }
ct=$(sed -n 's/.*REGISTERED alice contact=\[\(.*\)\]$/\1/p' "$tmp/kam.log" | tail -1)
case $ct in
*"@[2001:db8:6::a10]:5060>"*) ok 0 "... her contact at Kamailio is her IPv6 stand-in ($ct)" ;;
*) ok 1 "... her contact at Kamailio is her IPv6 stand-in ($ct)" ;;
esac

# 2. Calls each way through Kamailio (which challenges each INVITE).
call "IPv4 to IPv6" alice "$NS_V4" 4444 sip:bob@example.test bob 1000 700
at_least 1 count alice '^SIP/2.0 407 '
ok $? "... alice's INVITE was challenged (407) and her answer accepted"
call "IPv6 to IPv4" bob "$NS_V6" 4446 sip:alice@example.test alice 700 1000

# 3. The registrar named by address: alice again, her registrar
# sip:198.51.100.1 (the IPv4 face of the uplink). Kamailio must see the
# Request-URI translated and the credentials as she wrote them: the
# digest response is a hash over her uri=, which no proxy can redo.
phone_stop "$alice_pid"
n0=$(kam_in REGISTER ru | grep -c .)
phone alicelit "$NS_V4" "$A" 4445 "$tmp/t1000.wav" \
    "<sip:alice@198.51.100.1>;auth_pass=alice-secret-4;outbound=\"sip:198.51.100.1\";answermode=auto;audio_codecs=pcmu;regint=600" -4
alice_pid=$ph_pid
wait_for 10 at_least 1 count alicelit '^SIP/2.0 401 '
wait_for 5 registered alicelit
ok $? "alice (registrar sip:198.51.100.1) registers: 401, then 200 $LIT_TODO"
[ "$tap_last" -eq 0 ] || echo "#   $(count alicelit '^SIP/2.0 401 ') times 401"
ru=$(kam_in REGISTER ru | sed -n "$((n0 + 1)),\$p" | sort -u | tr '\n' ' ')
[ "$ru" = "sip:[$K] " ]
ok $? "... Kamailio received her REGISTERs for sip:[$K] ($ru)"
wrote=$(trace alicelit "$A:5060" '^REGISTER ' Authorization | head -1)
got=$(kam_in REGISTER auth | sed -n "$((n0 + 1)),\$p" | grep -v '^<null>$' | head -1)
case $wrote in *'uri="sip:198.51.100.1"'*) w=0 ;; *) w=1 ;; esac
[ $w -eq 0 ] && [ "Authorization: $got" = "$wrote" ]
ok $? "... Kamailio received her Authorization (uri=\"sip:198.51.100.1\") byte for byte as she wrote it $LIT_TODO"
[ "$tap_last" -eq 0 ] || {
	echo "#   alice wrote uri=$(echo "$wrote" | sed -n 's/.*uri="\([^"]*\)".*/\1/p')," \
	    "Kamailio got uri=$(echo "$got" | sed -n 's/.*uri="\([^"]*\)".*/\1/p')"
	echo "#   (the rest of the header: $(echo "$wrote" | sed 's/uri="[^"]*"//' |
	    { read -r x; echo "$got" | sed 's/uri="[^"]*"//' | { read -r y;
	    [ "Authorization: $y" = "$x" ] && echo same || echo differs; }; }))"
}
todo=" $LIT_TODO"
call "by address, IPv4 to IPv6" alicelit "$NS_V4" 4445 sip:bob@198.51.100.1 bob 1000 700
todo=

# 4. A dialog replaced (RFC 3891, as in an attended transfer or a call
# pickup): sipp phones, because baresip 1.0.0 knows no Replaces. "a2" at
# 198.51.100.11 calls dave (a sipp callee at [2001:db8:6::99] behind
# Kamailio) with a Call-ID that holds its address, as phones write it;
# while that call is up, carol at 198.51.100.10 sends dave an INVITE
# whose Replaces names that dialog. Dave answers 200 only if the Replaces
# is exactly the dialog he has, 481 otherwise.
phone_stop "$alice_pid"
todo=" $REP_TODO"
cid="replaces-$$@198.51.100.11"
rep="$cid;to-tag=davetag;from-tag=a2tag"
want=$(echo "$rep" | sed 's/[.]/\\./g')
sipp_bg "$NS_V6" dave -sf "$(scenario uas-replaces dave TAG=davetag "WANT=$want")" \
    -i 2001:db8:6::99 -p 5060 -mi 2001:db8:6::99 -m 2
dave=$!
sleep 0.3
sipp_bg "$NS_V4" a2 -sf "$(scenario uac-auth a2 TO=dave@example.test USER=carol \
    PASS=carol-secret-4 TAG=a2tag "EXTRA=Subject: the call to replace" TALK=5000)" \
    198.51.100.1:5060 -i 198.51.100.11 -p 5060 -mi 198.51.100.11 -cid_str "$cid" \
    -auth_uri sip:dave@example.test
a2=$!
wait_msg dave '^ACK ' 1
ok $? "a2 (IPv4) calls dave (IPv6) through sipproxy64 and Kamailio: dialog $cid is up"
sipp_run "$NS_V4" carol -sf "$(scenario uac-auth carol TO=dave@example.test USER=carol \
    PASS=carol-secret-4 TAG=carol "EXTRA=Replaces: $rep" TALK=500)" \
    198.51.100.1:5060 -i 198.51.100.10 -p 5060 -mi 198.51.100.10 \
    -auth_uri sip:dave@example.test
ok $? "carol's INVITE with Replaces: $rep is accepted (200, not 481)${todo:-}"
[ "$tap_last" -eq 0 ] || {
	echo "#   carol got: $(grep -aE '^SIP/2.0 [0-9]+' "$tmp/carol.msg" | tr -d '\r' | sort | uniq -c | tr '\n' ' ')"
	echo "#   Kamailio got: Replaces: $(kam_in INVITE replaces | grep -v '^<null>$' | tail -1)"
}
kr=$(kam_in INVITE replaces | grep -v '^<null>$' | tail -1)
has dave "^Replaces: $rep\$" && [ "$kr" = "$rep" ]
ok $? "... the Replaces header reached Kamailio and dave byte for byte${todo:-}"
pair_done "$a2" "$dave" "a2/dave" "... the replaced call and the new one both end with a BYE"
todo=
