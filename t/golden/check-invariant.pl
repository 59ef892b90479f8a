#!/usr/bin/perl
# check-invariant.pl OUTPUT [v4|v6] - the family invariant (SPEC 3), checked
# independently of the C code on replay/test-mode output: a message sent
# to an IPv6 destination holds no IPv4 literal, one sent to an IPv4
# destination no IPv6 literal; Call-ID aside. With v4 or v6, only the
# messages to destinations of that family are checked (when the input came
# from one side only, the answers sipproxy64 gave the sender itself are
# not crossings). Prints each violation and exits 1 if there was one.
use strict;
use warnings;

# (a dotted quad at the end of an IPv6 literal, ::ffff:a.b.c.d or
# 2001:db8::a.b.c.d, belongs to that IPv6 literal)
my $v4 = qr/(?<![\w.])(?<![0-9a-fA-F]:)(?<!::)(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/;
my $v6 = qr/(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{1,15}(?![\w:.])/;
my ($to6, $bad, $n, $block) = (0, 0, 0, '');
my $only = $ARGV[1] // '';
my $skip = 0;
open(my $fh, '<:raw', $ARGV[0]) or die "$ARGV[0]: $!";
while (my $l = <$fh>) {
	if ($l =~ /^--- from \S+ to (\S+)$/) {
		$block = $1;
		$to6 = $block =~ /^\[/ ? 1 : 0;
		$skip = ($only eq 'v4' && $to6) || ($only eq 'v6' && !$to6);
		$n++ unless $skip;
		next;
	}
	next if $skip || $l =~ /^###/ || $l =~ /^(?:Call-ID|i)\s*:/i;
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
