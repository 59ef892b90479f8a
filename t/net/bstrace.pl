#!/usr/bin/perl
# bstrace.pl LOG FROM REGEX [HEADER] - the SIP messages in a baresip log
# written with -s (each one after a line "ESC[36;1m#" and a line
# "UDP FROM -> TO"): of the messages sent from FROM (e.g.
# 198.51.100.10:5060, or [2001:db8:6::10]:5060; "-" for any) whose first
# line matches REGEX, prints each one's HEADER line(s) without the line
# break, or with no HEADER each first line. Exits 1 when nothing matched.
use strict;
use warnings;

my ($log, $from, $re, $hdr) = @ARGV;
defined $re or die "usage: bstrace.pl LOG FROM REGEX [HEADER]\n";
open my $fh, '<', $log or die "bstrace: $log: $!\n";
local $/;
my $all = <$fh>;
$all =~ s/\r//g;
my $n = 0;
for my $chunk (split /\e\[36;1m#\n/, $all) {
	my ($src, $start, $rest) =
	    $chunk =~ /\A(?:UDP|TCP) (\S+) -> \S+\n([^\n]*)\n(.*)/s or next;
	next if $from ne '-' && $src ne $from;
	next unless $start =~ /$re/;
	$rest =~ s/\n\n.*//s;	# the headers only
	if (!defined $hdr) {
		print "$start\n";
		$n++;
		next;
	}
	for (split /\n/, $rest) {
		next unless /^\Q$hdr\E\s*:/i;
		print "$_\n";
		$n++;
	}
}
exit($n ? 0 : 1);
