# interop.sh - what the interoperation tests (t/70-interop.t,
# t/71-interop-tcp.t, t/73-interop-linphone.t) share, sourced after
# t/net/lib.sh: Kamailio on the IPv6 side (2001:db8:6::5, the uplink of
# PX_ARGS) configured by the test, baresip phones driven through their
# ctrl_tcp module, linphone phones driven through their console, tones
# from files and what the far end heard.

# interop_up: the prerequisites, the namespaces, the tones
interop_up() {
	need_root kamailio baresip sox perl
	net_up
	# The tones, 20 s each so that they outlast every call.
	sox -n -r 8000 -c 1 -b 16 "$tmp/t1000.wav" synth 20 sine 1000 vol 0.5 &&
	    sox -n -r 8000 -c 1 -b 16 "$tmp/t700.wav" synth 20 sine 700 vol 0.5 ||
	    skip_all "sox cannot make the tones"
}

# interop_cleanup, on exit: the phones ($interop_pids) are stopped first,
# while Kamailio still answers their unregistration, and waited for (3 s
# at most), then Kamailio; what is left then is killed. INTEROP_KEEP=DIR
# keeps the logs, recordings and configurations there.
interop_pids=
kam_pid=
interop_cleanup() {
	for p in $interop_pids; do kill "$p" 2>/dev/null; done
	wait_for 3 none_alive $interop_pids
	[ -z "$kam_pid" ] || kill "$kam_pid" 2>/dev/null
	wait_for 3 none_alive $kam_pid
	for p in $interop_pids $kam_pid; do
		none_alive "$p" || kill -KILL "$p" 2>/dev/null
	done
	[ -z "${INTEROP_KEEP:-}" ] ||
	    { rm -rf "$INTEROP_KEEP"; cp -r "$tmp" "$INTEROP_KEEP"; }
	net_cleanup
}
none_alive() {	# none_alive PID...: each has ended (a zombie has)
	for p in "$@"; do
		case $(ps -o stat= -p "$p" 2>/dev/null) in
		'' | Z*) ;;
		*) return 1 ;;
		esac
	done
}
trap interop_cleanup EXIT INT TERM

# the IPv4 phone, the IPv6 phone, Kamailio
A=198.51.100.10 C=2001:db8:6::10 K=2001:db8:6::5
BSCTL="perl $top/t/net/bsctl.pl"

# kam_start [tcp]: Kamailio in the IPv6 namespace on UDP (and TCP if
# asked), configured here: users alice, bob and carol with fixed
# passwords in an htable (no database), realm example.test, REGISTER
# challenged with 401, INVITE with 407, the location table in memory,
# dave always at [2001:db8:6::99]. Each request it receives is logged
# with its Request-URI, source, transport, credentials and Replaces
# ("IN ..." lines in $tmp/kam.log).
kam_start() {
	mkdir -p "$tmp/kam"
	case ${1:-} in
	tcp) kam_tcp="listen=tcp:[$K]:5060" ;;
	*) kam_tcp="disable_tcp=yes" ;;
	esac
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
$kam_tcp
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
	xlog("L_NOTICE", "IN \$rm \$ru from \$si:\$sp proto=\$pr auth=[\$hdr(Authorization)] pauth=[\$hdr(Proxy-Authorization)] replaces=[\$hdr(Replaces)]\n");
	if (!mf_process_maxfwd_header("10")) {
		sl_send_reply("483", "Too Many Hops");
		exit;
	}
	if (has_totag()) {
		if (loose_route() || is_method("ACK")) {
			# the target a GRUU of ours (RFC 5627), as linphone's
			# Contact is once registered: the instance's contact
			if (uri == myself && \$(ru{uri.param,gr}) != "")
				lookup("location");
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
	wait_for 10 kam_listening
}
kam_listening() {
	ip netns exec "$NS_V6" ss -uanH | grep -q "\[$K\]:5060" && {
		[ "$kam_tcp" = disable_tcp=yes ] ||
		    ip netns exec "$NS_V6" ss -tlnH | grep -q "\[$K\]:5060"
	}
}

# phone NAME NS ADDRESS PORT TONE ACCOUNT [-4]: a baresip in NS with
# SIP at ADDRESS:5060, its ctrl_tcp at 127.0.0.1:PORT (the namespace's
# own loopback), playing TONE (a wav file) as its microphone, recording
# what it hears into $tmp/NAME/rec (the sndfile module's *-dec.wav, one
# per call), answering calls by itself; ACCOUNT is its accounts line.
# Its log with the SIP trace: $tmp/NAME.log. $ph_pid is its pid; it
# quits by itself after 170 s.
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
	ip netns exec "$2" baresip -t 170 ${7:-} -s -f "$d" \
	    > "$tmp/$1.log" 2>&1 &
	ph_pid=$!
	interop_pids="$interop_pids $ph_pid"
	wait_for 10 ctl_up "$2" "$4"
}
ctl_up() { ip netns exec "$1" ss -tlnH | grep -q "127.0.0.1:$2 "; }

# ctl NS PORT COMMAND [PARAMS]: one command to the phone there
ctl() {
	ns=$1 port=$2
	shift 2
	ip netns exec "$ns" $BSCTL "127.0.0.1:$port" "$@"
}

# phone_stop PID: a phone ends (it unregisters first; 5 s at most)
phone_stop() {
	kill "$1" 2>/dev/null
	wait_for 5 none_alive "$1" || kill -KILL "$1" 2>/dev/null
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
# kam_in METHOD FIELD: FIELD (ru, from, proto, auth, pauth, replaces) of each
# METHOD that Kamailio received, one a line
kam_in() {
	perl -ne '
		BEGIN { ($m, $f) = splice @ARGV, 0, 2 }
		/IN (\S+) (\S+) from (\S+) proto=(\S+) auth=\[(.*)\] pauth=\[(.*)\] replaces=\[(.*)\]$/
		    or next;
		next unless $1 eq $m;
		my %v = (ru => $2, from => $3, proto => $4, auth => $5,
		    pauth => $6, replaces => $7);
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
	ok $? "$3: $1 hears $2 Hz ($hz Hz, RMS $rms, $len s recorded)"
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
	ok $? "$1: $2 dials $5, $6 answers: the call is up at both ends"
	up=$tap_last
	[ "$up" -ne 0 ] || sleep 3
	ctl "$3" "$4" hangup >/dev/null
	wait_for $((up ? 2 : 10)) at_least $((end_a + 1)) count "$2" 'terminated' &&
	    wait_for $((up ? 2 : 10)) at_least $((end_b + 1)) count "$6" 'terminated'
	ok $? "$1: $2 hangs up, the BYE ends the call at both ends"
	audio_points "$1" "$6" "$7" "$2" "$8"
}

# audio_points WHAT A A-HZ B B-HZ: after a call, A heard A-HZ and B heard
# B-HZ, and the relay carried it: 50 packets a second each way, 2.5 s
# each way at least, counted from $before (the counter as the call began)
audio_points() {
	after=$(counter 'rtp packets \([0-9]*\)')
	pk=$((after - before))
	heard "$2" "$3" "$1"
	heard "$4" "$5" "$1"
	[ "$pk" -ge 250 ]
	ok $? "$1: sipproxy64 relayed the call's audio ($pk RTP packets)"
}


# lin_phone NAME NS TONE IDENTITY PROXY ROUTE PASSWORD: a linphone
# (linphonec 5.1, Debian's linphone-cli) in NS with its defaults but for
# what a machine without a sound card needs. Its configuration file,
# written here into $tmp/NAME/linphonerc, holds the account only
# (IDENTITY, its SIP server PROXY, outbound proxy ROUTE, the user's
# PASSWORD for realm example.test); its sound is files ("soundcard use
# files"), TONE played as its microphone ("play"), and it answers calls
# by itself ("autoanswer enable"). It reads its commands from the pipe
# $tmp/NAME/in (lin NAME COMMAND), which a sleep holds open for 170 s:
# linphonec quits at the end of its input. Its console: $tmp/NAME.log;
# its log with the SIP messages: $tmp/NAME.sip. $ph_pid is its pid.
# linphone finds its own address by its route to the Internet: the
# namespace needs a default route (without one linphone thinks itself
# offline and registers nowhere).
lin_phone() {
	d=$tmp/$1
	mkdir -p "$d/rec" "$d/.local/share/linphone"
	user=${4#sip:}
	user=${user%%@*}
	cat > "$d/linphonerc" <<EOF
[sip]
default_proxy=0

[proxy_0]
reg_identity=$4
reg_proxy=$5
reg_route=$6
reg_expires=600
reg_sendregister=1

[auth_info_0]
username=$user
passwd=$7
realm=example.test
domain=example.test
EOF
	rm -f "$d/in"
	mkfifo "$d/in"
	# the first commands, written once linphonec has opened the pipe
	{
		printf '%s\n' "soundcard use files" "play $3" "autoanswer enable"
		exec sleep 170
	} > "$d/in" &
	interop_pids="$interop_pids $!"
	ip netns exec "$2" env HOME="$d" linphonec -c "$d/linphonerc" -d 6 \
	    -l "$tmp/$1.sip" < "$d/in" > "$tmp/$1.log" 2>&1 &
	ph_pid=$!
	interop_pids="$interop_pids $ph_pid"
}
# lin NAME COMMAND: one command to linphone NAME (the pipe opened for
# reading and writing, which does not wait for a reader: a linphone that
# has died does not hang the test)
lin() { echo "$2" 1<>"$tmp/$1/in"; }
# lin_stop NAME PID: linphone quits (it unregisters first; 5 s at most)
lin_stop() {
	lin "$1" quit
	wait_for 5 none_alive "$2"
	phone_stop "$2"
}
# lin_count NAME REGEX: how many lines of linphone NAME's log match
lin_count() { grep -ac "$2" "$tmp/$1.sip"; }
lin_registered() { at_least 1 lin_count "$1" 'to \[LinphoneRegistrationOk\]'; }

# lin_trace NAME sent|received REGEX [HEADER]: of the SIP messages in
# linphone NAME's log that it sent (received) whose first line matches
# REGEX, each one's HEADER line(s), or with no HEADER each one's body;
# as t/net/bstrace.pl does for baresip. Exits 1 when nothing matched.
lin_trace() {
	perl -e '
		my ($log, $dir, $re, $hdr) = @ARGV;
		open my $fh, "<", $log or die "lin_trace: $log: $!\n";
		local $/;
		my $all = <$fh>;
		$all =~ s/\r//g;
		my $mark = $dir eq "sent" ?
		    qr/: message sent to \[[^\]]*\], size: \[\d+\] bytes\n/ :
		    qr/: received \[\d+\] new bytes from \[[^\]]*\]:\n/;
		my $n = 0;
		while ($all =~ /$mark(.*?)(?=^\d{4}-\d\d-\d\d \d\d:|\z)/msg) {
			my $m = $1;
			my ($start) = $m =~ /\A([^\n]*)/;
			next unless $start =~ /$re/;
			my ($head, $body) = split /\n\n/, $m, 2;
			if (!defined $hdr) {
				$body //= "";
				$body =~ s/\n+\z/\n/;
				print $body;
				$n++;
				next;
			}
			for (split /\n/, $head) {
				next unless /^\Q$hdr\E\s*:/i;
				print "$_\n";
				$n++;
			}
		}
		exit($n ? 0 : 1);' "$tmp/$1.sip" "$2" "$3" ${4:+"$4"}
}
# bs_body NAME FROM REGEX: the bodies of the messages in baresip NAME's
# SIP trace sent from FROM whose first line matches REGEX
bs_body() {
	perl -e '
		my ($log, $from, $re) = @ARGV;
		open my $fh, "<", $log or die "bs_body: $log: $!\n";
		local $/;
		my $all = <$fh>;
		$all =~ s/\r//g;
		for my $chunk (split /\e\[36;1m#\n/, $all) {
			my ($src, $start, $rest) = $chunk =~
			    /\A(?:UDP|TCP) (\S+) -> \S+\n([^\n]*)\n(.*)/s or next;
			next if $src ne $from || $start !~ /$re/;
			my (undef, $body) = split /\n\n/, $rest, 2;
			$body //= "";
			$body =~ s/\e\[.*//s;	# what baresip logs after it
			print $body;
		}' "$tmp/$1.log" "$2" "$3"
}

# lin_call WHAT out|in LIN NS PORT BS LIN-HZ BS-HZ: linphone LIN calls
# (out) or is called by (in) the baresip BS whose ctrl_tcp is PORT in
# NS, each as NAME@example.test through Kamailio; 3 s of audio, the
# caller hangs up. The test points of call(): both see the call up and
# then ended, each hears the other's tone, the relay carried it.
lin_n=0
lin_call() {
	up_l=$(count "$3" ' connected\.$') up_b=$(count "$6" 'Call established')
	end_l=$(count "$3" ' ended (') end_b=$(count "$6" 'terminated')
	before=$(counter 'rtp packets \([0-9]*\)')
	lin_n=$((lin_n + 1))
	lin "$3" "record $tmp/$3/rec/call$lin_n-dec.wav"
	if [ "$2" = out ]; then
		lin "$3" "call sip:$6@example.test"
		wait_for 10 at_least $((up_b + 1)) count "$6" 'Call established' &&
		    wait_for 5 at_least $((up_l + 1)) count "$3" ' connected\.$'
		ok $? "$1: $3 dials sip:$6@example.test, $6 answers: the call is up at both ends"
	else
		ctl "$4" "$5" dial "sip:$3@example.test" >/dev/null
		wait_for 10 at_least $((up_l + 1)) count "$3" ' connected\.$' &&
		    wait_for 5 at_least $((up_b + 1)) count "$6" 'Call established'
		ok $? "$1: $6 dials sip:$3@example.test, $3 answers: the call is up at both ends"
	fi
	up=$tap_last
	[ "$up" -ne 0 ] || sleep 3
	if [ "$2" = out ]; then
		lin "$3" terminate
	else
		ctl "$4" "$5" hangup >/dev/null
	fi
	wait_for $((up ? 2 : 10)) at_least $((end_l + 1)) count "$3" ' ended (' &&
	    wait_for $((up ? 2 : 10)) at_least $((end_b + 1)) count "$6" 'terminated'
	ok $? "$1: the caller hangs up, the BYE ends the call at both ends"
	audio_points "$1" "$6" "$8" "$3" "$7"
}
