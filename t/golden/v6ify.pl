#!/usr/bin/perl
# v6ify.pl IN OUT - the IPv6 twin of a SIP message from the RFC vectors:
# every 192.0.2.X becomes 2001:db8:2::X (in brackets where SIP wants
# them, bare in SDP and in received=), IN IP4 becomes IN IP6, and
# Content-Length is recomputed. Deterministic, so golden files stay put.
use strict;
use warnings;

my ($in, $out) = @ARGV;
open(my $fh, '<:raw', $in) or die "$in: $!";
my $m = do { local $/; <$fh> };
close $fh;
my ($head, $sep, $body) = ($m, "", "");
if ($m =~ /\A(.*?)(\r?\n\r?\n)(.*)\z/s) {
	($head, $sep, $body) = ($1, $2, $3);
}
my $cid = qr/^(?:Call-ID|i)\s*:.*$/mi;
my @keep;
$head =~ s/($cid)/push @keep, $1; "\0CID$#keep\0"/ge;
$head =~ s/(received=)192\.0\.2\.(\d+)/${1}2001:db8:2::$2/g;
$head =~ s/\b192\.0\.2\.(\d+)\b/[2001:db8:2::$1]/g;
$head =~ s/\0CID(\d+)\0/$keep[$1]/g;
$body =~ s/\bIN IP4 192\.0\.2\.(\d+)\b/IN IP6 2001:db8:2::$1/g;
$body =~ s/\b192\.0\.2\.(\d+)\b/2001:db8:2::$1/g;
my $len = length($body);
$head =~ s/^((?:Content-Length|l)\s*:\s*)\d+/$1$len/mi if $sep ne '';
open($fh, '>:raw', $out) or die "$out: $!";
print $fh $head, $sep, $body;
close $fh;
