#!/usr/bin/perl
# check-invariant.pl OUTPUT - the family invariant (SPEC 3), checked
# independently of the C code on replay/test-mode output: a message sent
# to an IPv6 destination holds no IPv4 literal, one sent to an IPv4
# destination no IPv6 literal; Call-ID aside. Prints each violation and
# exits 1 if there was one.
use strict;
use warnings;

my $v4 = qr/(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/;
my $v6 = qr/(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,15}(?![\w:.])/;
my ($to6, $bad, $n, $block) = (0, 0, 0, '');
open(my $fh, '<:raw', $ARGV[0]) or die "$ARGV[0]: $!";
while (my $l = <$fh>) {
	if ($l =~ /^--- from \S+ to (\S+)$/) {
		$to6 = $1 =~ /^\[/ ? 1 : 0;
		$n++;
		$block = $1;
		next;
	}
	next if $l =~ /^###/ || $l =~ /^(?:Call-ID|i)\s*:/i;
	my $re = $to6 ? $v4 : $v6;
	while ($l =~ /($re)/g) {
		my $hit = $1;
		next if !$to6 && $hit !~ /::|(?:[0-9A-Fa-f]{1,4}:){7}/ &&
		    $hit =~ /^\d+:\d+(:\d+)?$/;	# a time, not an address
		print "to $block: $hit in: $l";
		$bad++;
	}
}
print "# $n messages checked, $bad violations\n";
exit($bad ? 1 : 0);
