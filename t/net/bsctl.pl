#!/usr/bin/perl
# bsctl.pl HOST:PORT COMMAND [PARAMS] - one command to a baresip through
# its ctrl_tcp module (netstring-framed JSON, baresip 1.0.0): sends
# {"command":..., "params":..., "token":...} and prints the "data" of the
# response that carries the token. Waits at most 5 seconds; exits 1 when
# no response came or the response says it failed.
use strict;
use warnings;
use IO::Socket::INET;
use JSON::PP;

my ($to, $cmd, $params) = @ARGV;
defined $cmd or die "usage: bsctl.pl HOST:PORT COMMAND [PARAMS]\n";
my $s = IO::Socket::INET->new(PeerAddr => $to, Timeout => 5)
    or die "bsctl: $to: $!\n";
my $token = "t$$";
my $json = encode_json({ command => $cmd, token => $token,
    defined $params ? (params => $params) : () });
print $s length($json), ":", $json, ",";
$s->flush;

my $buf = '';
my $deadline = time + 5;
while (time < $deadline) {
	my $rin = '';
	vec($rin, fileno($s), 1) = 1;
	select(my $rout = $rin, undef, undef, 0.5) or next;
	sysread($s, $buf, 65536, length $buf) or last;
	# each netstring: LENGTH ":" JSON ","
	while ($buf =~ /\A(\d+):/ && length($buf) >= length($1) + $1 + 2) {
		my $len = $1;
		my $msg = substr($buf, length($len) + 1, $len);
		$buf = substr($buf, length($len) + $len + 2);
		my $r = eval { decode_json($msg) } or next;
		next unless $r->{response} && ($r->{token} // '') eq $token;
		print $r->{data} // '', "\n";
		exit($r->{ok} ? 0 : 1);
	}
}
print STDERR "bsctl: no response to $cmd from $to\n";
exit 1;
