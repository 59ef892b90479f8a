#!/usr/bin/perl
# sdp.pl FILE REGEX [N [whole]] - the media lines of an SDP that a sipp
# phone received, from its message trace (-trace_msg): among the messages
# it received whose first line matches REGEX and that carry an m= line,
# the Nth (1 is the first, the default -1 the last). Prints one line per
# m= line: "MEDIA PORT ADDRESS", the address from the media-level c=
# line, else the session-level one. With "whole": among the received
# messages whose first line matches, SDP or not, the Nth, whole.
# Prints nothing (and exits 1) when no message matches.
use strict;
use warnings;

my ($file, $re, $n, $whole) = @ARGV;
defined $re or die "usage: sdp.pl FILE REGEX [N [whole]]\n";
$n //= -1;
open my $fh, '<', $file or exit 1;
local $/;
my $all = <$fh>;
$all =~ s/\r//g;
my @found;
for my $chunk (split /^-{10,}[^\n]*\n/m, $all) {
	# "UDP message received [N] bytes :" and an empty line, then the
	# message
	$chunk =~ s/^[^\n]*message received[^\n]*\n\s*\n//s or next;
	my ($head, $body) = split /\n\n/, $chunk, 2;
	next unless $head =~ /\A$re/;
	if ($whole) {
		push @found, $chunk;
	} elsif (defined $body && $body =~ /^m=/m) {
		push @found, $body;
	}
}
exit 1 unless @found && ($n < 0 ? -$n <= @found : $n >= 1 && $n <= @found);
my $body = $found[$n < 0 ? $n : $n - 1];
if ($whole) {
	print $body;
	exit 0;
}
my ($sess, @m) = ('?');
for (split /\n/, $body) {
	if (/^m=(\S+) (\d+)/) {
		push @m, [$1, $2, undef];
	} elsif (/^c=IN IP[46] (\S+)/) {
		if (@m) { $m[-1][2] = $1 } else { $sess = $1 }
	}
}
print "$_->[0] $_->[1] ", $_->[2] // $sess, "\n" for @m;
