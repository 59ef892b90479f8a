#!/usr/bin/perl
# check-invariant.pl OUTPUT [v4|v6] - the family invariant (SPEC 3, issue
# 7), checked independently of the C code on replay/test-mode output: a
# message sent to a destination of family G holds no address of the other
# family F in the positions where SIP's grammar puts a host:
#   - the host of every sip:/sips: URI (Request-URI, and any header, known
#     by name or not), and its maddr= parameter;
#   - the Via sent-by, received= and maddr= of every via-parm;
#   - the warn-agent of every Warning value;
#   - in an SDP body (also an SDP part of a multipart body, at any depth)
#     the address of c=, o= and a=rtcp:;
#   - a header field name (issue 8: a literal there is a violation).
# Nothing else is checked: quoted strings, comments, free-text fields
# (User-Agent, Server, Subject, Organization), non-SIP URIs, the opaque
# fields (Call-ID, Replaces, Join, Target-Dialog, In-Reply-To and the
# authentication fields) and bodies that are not SDP pass whatever they
# hold.
# With v4 or v6, only the messages to destinations of that family are
# checked (when the input came from one side only, the answers sipproxy64
# gave the sender itself are not crossings). Prints each violation and
# exits 1 if there was one.
use strict;
use warnings;

my $OPAQUE = qr/^(?:call-id|i|replaces|join|target-dialog|in-reply-to|
    authorization|proxy-authorization|www-authenticate|proxy-authenticate|
    authentication-info)$/xi;
my $FREE = qr/^(?:user-agent|server|subject|s|organization)$/i;
my $V4 = qr/(?:\d{1,3}\.){3}\d{1,3}/;
my $V6 = qr/(?=[0-9A-Fa-f:.]*:[0-9A-Fa-f.]*:)[0-9A-Fa-f:]*(?:$V4)?[0-9A-Fa-f]*/;

my ($file, $only) = ($ARGV[0], $ARGV[1] // '');
my ($bad, $n) = (0, 0);

# the family of a host as written (4, 6, or 0 for a name or junk)
sub family {
	my ($h) = @_;
	$h =~ s/"//g;		# a stray DQUOTE (blank_text): not there
	$h =~ s/^\s+|\s+$//g;
	$h =~ s/^\[(.*)\]$/$1/;
	return 4 if $h =~ /^$V4$/;
	return 6 if $h =~ /^$V6$/ && $h =~ /:/;
	return 0;
}

my ($dest, $forbid);

sub violation {
	my ($what, $host, $where) = @_;
	$where =~ s/\r?\n\z//;
	print "to $dest: $what $host in: $where\n";
	$bad++;
}

sub check_host {
	my ($what, $host, $where) = @_;
	violation($what, $host, $where) if family($host) == $forbid;
}

# quoted strings and comments (outside <...>) become blanks. A DQUOTE
# opens a quoted string only where a word starts (after nothing, white
# space, "=" or ","); inside <> or in the middle of a word a lenient
# receiver may read it as any other byte, and so does this.
sub blank_text {
	my ($v) = @_;
	my ($out, $depth, $angle) = ('', 0, 0);
	for (my $i = 0; $i < length($v); $i++) {
		my $c = substr($v, $i, 1);
		my $opens = !$angle && ($i == 0 || substr($v, $i - 1, 1) =~ /[\s=,]/);
		if ($depth == 0 && $c eq '"' && $opens) {
			my $j = $i + 1;
			while ($j < length($v) && substr($v, $j, 1) ne '"') {
				$j++ if substr($v, $j, 1) eq '\\';
				$j++;
			}
			$out .= ' ' x ($j - $i + 1);
			$i = $j;
			next;
		}
		if (!$angle && $c eq '(') {
			$depth++;
		} elsif ($depth && $c eq ')') {
			$depth--;
			$out .= ' ';
			next;
		}
		if ($depth) {
			$out .= ' ';
			next;
		}
		$angle = 1 if $c eq '<';
		$angle = 0 if $c eq '>';
		$out .= $c;
	}
	return $out;
}

# every sip:/sips: URI in a text: its host, and its maddr=
sub check_uris {
	my ($v, $where) = @_;
	while ($v =~ /(?<![A-Za-z0-9+.-])sips?:([^\s<>,]+)/gi) {
		my $u = $1;
		$u =~ s/\?.*//s;		# headers: escaped, not a host
		my $hp = $u;
		$hp = $1 if $u =~ /\@([^@]*)\z/;
		my $host = $hp =~ /^(\[[^\]]*\])/ ? $1 : ($hp =~ /^([^;?]*)/)[0];
		# an unbracketed IPv6 host: take it whole, port or not
		$host =~ s/:\d+$// unless family($host) == 6 && $host !~ /^\[/ &&
		    $host =~ /::|(?:[0-9A-Fa-f]{1,4}:){7}/;
		check_host('URI host', $host, $where);
		while ($hp =~ /;\s*maddr\s*=\s*([^;?>]*)/gi) {
			check_host('URI maddr', $1, $where);
		}
	}
}

sub check_via {
	my ($v, $where) = @_;
	for my $parm (split(/,/, $v)) {
		next unless $parm =~ m{^\s*[^/\s]+\s*/\s*[^/\s]+\s*/\s*\S+\s+([^;]+)(.*)$}s;
		my ($sentby, $params) = ($1, $2);
		$sentby =~ s/\s+$//;
		$sentby =~ s/:\d+$// unless $sentby !~ /^\[/ && family($sentby) == 6;
		check_host('Via sent-by', $sentby, $where);
		while ($params =~ /;\s*(received|maddr)\s*=\s*([^;]*)/gi) {
			check_host("Via $1", $2, $where);
		}
	}
}

sub check_warning {
	my ($v, $where) = @_;
	while ($v =~ /(?:^|,)\s*\d{3}\s+(\S+)/g) {
		my $agent = $1;
		$agent =~ s/:\d+$// unless $agent !~ /^\[/ && family($agent) == 6;
		check_host('warn-agent', $agent, $where);
	}
}

sub check_sdp {
	my ($body) = @_;
	for my $l (split(/\r?\n/, $body)) {
		# read as a lenient receiver would: any case, blanks around
		if ($l =~ /^\s*c\s*=\s*IN\s+IP\d\s+([^\/\s]+)/i) {
			check_host('SDP c=', $1, $l);
		} elsif ($l =~ /^\s*o\s*=.*\sIN\s+IP\d\s+(\S+)\s*$/i) {
			check_host('SDP o=', $1, $l);
		} elsif ($l =~ /^\s*a\s*=\s*rtcp:\s*\d+\s+IN\s+IP\d\s+(\S+)/i) {
			check_host('SDP a=rtcp', $1, $l);
		}
	}
}

# a body of the given Content-Type: SDP, or multipart holding SDP
sub check_body {
	my ($ctype, $body) = @_;
	return if !defined($ctype);
	if ($ctype =~ m{^\s*application/sdp\b}i) {
		check_sdp($body);
		return;
	}
	return unless $ctype =~ m{^\s*multipart/}i &&
	    $ctype =~ /;\s*boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i;
	my $b = quotemeta($1 // $2);
	for my $part (split(/(?:^|\r?\n)--$b(?:--)?[ \t]*(?:\r?\n|\z)/, $body)) {
		next unless $part =~ /\A(.*?)\r?\n\r?\n(.*)\z/s ||
		    $part =~ /\A()\r?\n(.*)\z/s;
		my ($ph, $pb) = ($1, $2);
		my ($pt) = $ph =~ /^Content-Type\s*:\s*(.*?)\s*$/mi;
		check_body($pt, $pb);
	}
}

# a field name that is (or holds) an address literal: "198.51.100.1: x",
# or "2001:db8::1: x", whose name a parser reads as "2001"
sub check_name {
	my ($line) = @_;
	my ($name) = $line =~ /^([^:]*):/;
	return unless defined($name);
	if ($name =~ /($V4)/) {
		check_host('field name', $1, $line);
	}
	if ($line =~ /^\s*\[?((?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]*?)\]?\s*:(?:\s|\z)/) {
		check_host('field name', $1, $line);
	}
}

sub check_start {
	my ($l) = @_;
	return if $l =~ m{^SIP/}i;		# a status line: reason is text
	my ($uri) = $l =~ /^\S+\s+(\S+)/;
	check_uris($uri, $l) if defined($uri) && $uri =~ /^sips?:/i;
}

sub check_msg {
	my ($m) = @_;
	my ($head, $body) = ($m, '');
	($head, $body) = ($1, $2) if $m =~ /\A(.*?\r?\n)\r?\n(.*)\z/s;
	my @lines = split(/(?<=\n)/, $head);
	my $start = shift(@lines) // '';
	check_start($start);
	my (@fields, $ctype);
	for my $l (@lines) {
		if ($l =~ /^[ \t]/ && @fields) {	# folded
			$fields[-1] .= $l;
		} else {
			push @fields, $l;
		}
	}
	for my $f (@fields) {
		check_name($f);
		next unless $f =~ /^([^:\s]+)\s*:(.*)\z/s;
		my ($name, $v) = ($1, $2);
		$ctype = $v if $name =~ /^(?:content-type|c)$/i;
		next if $name =~ $OPAQUE || $name =~ $FREE;
		my $t = blank_text($v);
		if ($name =~ /^(?:via|v)$/i) {
			check_via($t, $f);
		} elsif ($name =~ /^warning$/i) {
			check_warning($t, $f);
		} else {
			check_uris($t, $f);
		}
	}
	check_body($ctype, $body);
}

open(my $fh, '<:raw', $file) or die "$file: $!";
my ($msg, $skip) = (undef, 1);
while (1) {
	my $l = <$fh>;
	if (!defined($l) || $l =~ /^(?:--- from \S+ to \S+|###.*)\r?$/) {
		if (defined($msg) && !$skip) {
			$msg =~ s/\n\n\z/\n/;	# the printer's blank line
			check_msg($msg);
		}
		undef $msg;
		last if !defined($l);
		if ($l =~ /^--- from \S+ to (\S+)/) {
			$dest = $1;
			my $to6 = $dest =~ /^\[/ ? 1 : 0;
			$forbid = $to6 ? 4 : 6;
			$skip = ($only eq 'v4' && $to6) || ($only eq 'v6' && !$to6);
			$n++ unless $skip;
			$msg = '';
		}
		next;
	}
	$msg .= $l if defined($msg);
}
close $fh;
print "# $n messages checked, $bad violations\n";
exit($bad ? 1 : 0);
