#!/usr/bin/perl
# fwd.pl LOCAL TARGET SECONDS - a stateless forwarding proxy for the
# hairpin test, standing in for an IPv6 provider: each request that
# arrives on LOCAL ([IPV6]:PORT) gets the host of its Request-URI
# replaced by TARGET's and our Via on top, and goes to TARGET; each
# response loses our Via and goes to the address of the next one
# (received= and rport= first, else its sent-by). Ends after SECONDS or
# 200 datagrams. IPv6 only; no retransmission, no state.
use strict;
use warnings;
use IO::Socket::IP;
use Socket qw(SOCK_DGRAM);

my ($local, $target, $secs) = @ARGV;
defined $secs or die "usage: fwd.pl [IPV6]:PORT [IPV6]:PORT SECONDS\n";
my ($lhost, $lport) = $local =~ /^\[([0-9a-f:]+)\]:(\d+)$/ or die "bad $local\n";
my ($thost, $tport) = $target =~ /^\[([0-9a-f:]+)\]:(\d+)$/ or die "bad $target\n";
my $s = IO::Socket::IP->new(LocalHost => $lhost, LocalPort => $lport,
    Proto => 'udp', Type => SOCK_DGRAM) or die "fwd.pl: bind: $@\n";
my $n = 0;
$SIG{ALRM} = sub { exit 0 };
alarm $secs;

sub send_to {
	my ($msg, $host, $port) = @_;
	my $to = IO::Socket::IP->new(PeerHost => $host, PeerPort => $port,
	    Proto => 'udp', Type => SOCK_DGRAM);
	my ($first) = $msg =~ /^([^\r\n]*)/;
	if (!$to || !defined $s->send($msg, 0, $to->peername)) {
		warn "fwd.pl: cannot send $first to $host port $port: $!\n";
		return;
	}
	warn "fwd.pl: $first to $host port $port\n";
}

while ($n++ < 200) {
	my $buf;
	defined $s->recv($buf, 65535) or next;
	my ($head, $body) = split /\r\n\r\n/, $buf, 2;
	$body //= '';
	my @h = split /\r\n/, $head;
	if ($h[0] =~ /^SIP\/2\.0 /) {
		# ours is the first Via value (a line may hold several, with
		# commas); the next one says where the response goes
		my ($i) = grep { $h[$_] =~ /^(Via|v)\s*:/i } 1 .. $#h;
		my $next;
		if (defined $i) {
			my ($name, $vals) = $h[$i] =~ /^([^:]*):\s*(.*)$/;
			my @v = split /\s*,\s*/, $vals;
			shift @v;
			if (@v) {
				$h[$i] = "$name: " . join(', ', @v);
				$next = $v[0];
			} else {
				splice @h, $i, 1;
				($next) = grep { /^(Via|v)\s*:/i } @h;
			}
		}
		my ($host, $port) = defined $next ? $next =~
		    /UDP\s+\[?([0-9a-fA-F:.]+?)\]?(?::(\d+))?(?:;|\s|$)/i : ();
		if (!defined $host) {
			warn "fwd.pl: no Via to send $h[0] to\n";
			next;
		}
		$port //= 5060;
		$host = $1 if $next =~ /;received=\[?([0-9a-fA-F:.]+)\]?/;
		$port = $1 if $next =~ /;rport=(\d+)/;
		send_to(join("\r\n", @h) . "\r\n\r\n" . $body, $host, $port);
	} else {
		if ($h[0] !~ s/^(\S+ [^@\s]*@)[^;>\s]*/$1\[$thost\]:$tport/) {
			warn "fwd.pl: cannot forward $h[0]\n";
			next;
		}
		splice @h, 1, 0, "Via: SIP/2.0/UDP [$lhost]:$lport;branch=z9hG4bKfwd" .
		    sprintf("%x%x", $$, $n);
		send_to(join("\r\n", @h) . "\r\n\r\n" . $body, $thost, $tport);
	}
}
