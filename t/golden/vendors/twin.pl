#!/usr/bin/perl
# twin.pl IN OUT - the twin of a vendor message (t/golden/vendors/): the
# same message sent from the other family, in the topology of
# t/net/topo.sh. One map over the addresses of both families, so that a
# scenario's requests and responses stay consistent in the twin:
#   198.51.100.10  -> 2001:db8:6::10   (the phone under test)
#   198.51.100.1   -> 2001:db8:6::a10  (its registrar or proxy, as it sees it)
#   198.51.100.110 -> 2001:db8:6::a11  (the stand-in of the far phone)
#   198.51.100.11  -> 2001:db8:6::99   (another phone; unknown in the twin)
#   203.0.113.9    -> 2001:db8:6::77   (a NAT's public address)
#   2001:db8:6::5  -> 198.51.100.10    (the registrar / PBX)
#   2001:db8:6::a10 -> 198.51.100.110, 2001:db8:6::10 -> 198.51.100.11,
#   2001:db8:6::1  -> 198.51.100.1,    2001:db8:6::99 -> 203.0.113.9,
#   2001:db8:6::77 -> 203.0.113.77
# Other text (versions, prefixes like 198.51.100.0/24) is left alone.
# An IPv6 result gets brackets where SIP writes them (after sip:[user@],
# //, the Via protocol, maddr=, a Warning code, or before :port) except in
# the headers that carry a Call-ID; in SDP, IN IP4/IN IP6 follows the
# address, and the placeholders 0.0.0.0 and :: are swapped.
#   twin.pl -fix FILE... rewrites files in place with CRLF line ends and
# the right Content-Length (for the hand-written originals).
use strict;
use warnings;

my %map = (
	'198.51.100.10' => '2001:db8:6::10', '198.51.100.1' => '2001:db8:6::a10',
	'198.51.100.110' => '2001:db8:6::a11', '198.51.100.11' => '2001:db8:6::99',
	'203.0.113.9' => '2001:db8:6::77',
	'2001:db8:6::5' => '198.51.100.10', '2001:db8:6::a10' => '198.51.100.110',
	'2001:db8:6::10' => '198.51.100.11', '2001:db8:6::1' => '198.51.100.1',
	'2001:db8:6::99' => '203.0.113.9', '2001:db8:6::77' => '203.0.113.77',
);
my $alt = join('|', map { quotemeta } sort { length($b) <=> length($a) } keys %map);
my $addr = qr/\[($alt)\]|(?<![\w.\[])(?<![0-9a-fA-F]:)($alt)(?![\w]|\.\d|:[0-9a-fA-F]*:)/;
my $opaque = qr/^(?:Call-ID|i|Replaces|Join|Target-Dialog|In-Reply-To)\s*:/i;

sub slurp {
	open(my $fh, '<:raw', $_[0]) or die "$_[0]: $!";
	local $/;
	my $m = <$fh>;
	close $fh;
	return $m;
}

sub spew {
	open(my $fh, '>:raw', $_[0]) or die "$_[0]: $!";
	print $fh $_[1];
	close $fh or die "$_[0]: $!";
}

# head and body, CRLF, Content-Length right
sub assemble {
	my ($head, $body) = @_;
	$head =~ s/\r?\n/\r\n/g;
	$body =~ s/\r?\n/\r\n/g;
	my $len = length($body);
	$head =~ s/^((?:Content-Length|l)\s*:\s*)\d+/$1$len/mi;
	return $head . "\r\n" . $body;
}

sub split_msg {
	my ($m) = @_;
	$m =~ /\A(.*?\r?\n)\r?\n(.*)\z/s or die "no end of headers\n";
	return ($1, $2);
}

sub bracketed {
	my ($pre, $post) = @_;
	return $pre =~ m{(?:sips?:(?:[^\s<>"@;,]*@)?|//|SIP/2\.0/\w+\s+|maddr=|^Warning\s*:\s*\d{3}\s+)\z}i ||
	    $post =~ /^\]?:\d/;
}

sub twin_line {
	my ($l, $in_head) = @_;
	my $bare = $in_head && $l =~ $opaque;
	$l =~ s{IN IP4 0\.0\.0\.0\b}{IN IP6 ::}g or
	    $l =~ s{IN IP6 ::(?![\w:])}{IN IP4 0.0.0.0}g;
	my $out = '';
	while ($l =~ /$addr/) {
		my ($pre, $a, $post) = ($`, $1 // $2, $');
		my $t = $map{$a};
		$out .= $pre;
		$out =~ s/IN IP[46] \z/$t =~ m{:} ? 'IN IP6 ' : 'IN IP4 '/e;
		if ($t =~ /:/ && !$bare && bracketed($out, $post)) {
			$t = "[$t]";
		}
		$out .= $t;
		$l = $post;
	}
	return $out . $l;
}

if (@ARGV && $ARGV[0] eq '-fix') {
	shift;
	for my $f (@ARGV) {
		spew($f, assemble(split_msg(slurp($f))));
	}
	exit 0;
}
my ($in, $out) = @ARGV;
my ($head, $body) = split_msg(slurp($in));
$head = join('', map { twin_line($_, 1) } split(/^/, $head));
$body = join('', map { twin_line($_, 0) } split(/^/, $body));
spew($out, assemble($head, $body));
