#!/usr/bin/perl
# udp.pl LOCAL DEST WAIT-MS [FILE...] - the attack tests' hand: sends
# each FILE (a SIP message with LF line ends, made CRLF; "-" is standard
# input) as one datagram from LOCAL to DEST (ADDR:PORT or [ADDR]:PORT),
# then prints every datagram that comes back within WAIT-MS, each after
# a line "=== N bytes from ADDR". With WAIT-MS 0 it only sends. On
# standard error: "sent=BYTES" for what it sent.
use strict;
use warnings;
use IO::Socket::IP;
use Socket qw(SOCK_DGRAM);
use Time::HiRes qw(time);

my ($local, $dest, $wait, @files) = @ARGV;
defined $wait or die "usage: udp.pl LOCAL DEST WAIT-MS [FILE...]\n";
sub hp {
	my ($s) = @_;
	return ($1, $2) if $s =~ /^\[([0-9a-fA-F:.]+)\]:(\d+)$/;
	return ($1, $2) if $s =~ /^([0-9.]+):(\d+)$/;
	die "udp.pl: bad address $s\n";
}
my ($lh, $lp) = hp($local);
my @peer = $dest eq '-' ? () : do {
	my ($dh, $dp) = hp($dest);
	(PeerHost => $dh, PeerPort => $dp);
};
my $s = IO::Socket::IP->new(LocalHost => $lh, LocalPort => $lp, @peer,
    Proto => 'udp', Type => SOCK_DGRAM, ReuseAddr => 1)
    or die "udp.pl: $local -> $dest: $@\n";
@files = ('-') unless @files || $dest eq '-';
my $sent = 0;
for my $f (@files) {
	open my $h, $f eq '-' ? '<&STDIN' : '<', $f eq '-' ? () : $f
	    or die "udp.pl: $f: $!\n";
	local $/;
	my $m = <$h>;
	$m =~ s/\r?\n/\r\n/g;
	defined $s->send($m) or warn "udp.pl: send: $!\n";
	$sent += length $m;
}
print STDERR "sent=$sent\n";
exit 0 if $wait == 0;
my $rin = '';
vec($rin, fileno($s), 1) = 1;
my $end = time + $wait / 1000;
while ((my $left = $end - time) > 0) {
	my $r = $rin;
	last unless select($r, undef, undef, $left) > 0;
	my $buf;
	defined $s->recv($buf, 65535) or last;
	print "=== ", length($buf), " bytes\n", $buf, "\n";
}
