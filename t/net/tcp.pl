#!/usr/bin/perl
# tcp.pl LOCAL-IP REMOTE-IP PORT WAIT-MS SEGMENT... - a SIP-over-TCP
# client for the framing tests: connects from LOCAL-IP, sends each
# SEGMENT (a file name, or "crlf2" for a CRLFCRLF keep-alive, or
# "junk:N" for N bytes of header that never ends), 200 ms apart, as
# separate TCP segments; then reads for WAIT-MS and prints what came,
# with a last line "closed" if the other end closed the connection, or
# "open".
use strict;
use warnings;
use IO::Socket::IP;
use IO::Select;
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(sleep time);

$SIG{PIPE} = "IGNORE";

my ($local, $remote, $port, $wait, @seg) = @ARGV;
my $s = IO::Socket::IP->new(LocalHost => $local, PeerHost => $remote,
    PeerPort => $port, Proto => 'tcp') or die "connect: $!\n";
$s->setsockopt(IPPROTO_TCP, TCP_NODELAY, 1);
$s->autoflush(1);
my $closed = 0;
for my $seg (@seg) {
	my $data;
	if ($seg eq 'crlf2') {
		$data = "\r\n\r\n";
	} elsif ($seg =~ /^junk:(\d+)$/) {
		$data = "OPTIONS sip:x SIP/2.0\r\nX-Long: " . ('a' x $1);
	} else {
		open(my $f, '<:raw', $seg) or die "$seg: $!\n";
		local $/;
		$data = <$f>;
	}
	if (!defined(syswrite($s, $data))) {
		$closed = 1;
		last;
	}
	sleep(0.2);
}
my $sel = IO::Select->new($s);
my $end = time() + $wait / 1000;
my $got = '';
while (!$closed && (my $left = $end - time()) > 0) {
	last unless $sel->can_read($left);
	my $n = sysread($s, my $buf, 65536);
	if (!$n) {
		$closed = 1;
		last;
	}
	$got .= $buf;
}
print $got;
print "\n", $closed ? "closed" : "open", "\n";
