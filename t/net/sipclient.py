#!/usr/bin/env python3
# sipclient.py - a small, bounded UDP client for the keep-alive and
# source tests; prints one line of key=value.
#
#   sipclient.py stun LOCAL DEST [fp]   one STUN binding request (with a
#       FINGERPRINT if fp): mapped=ADDR from=ADDR txid=same|other|none
#   sipclient.py burst LOCAL DEST COUNT RURI   COUNT OPTIONS for RURI, as
#       fast as they go, then 1.5 s for answers:
#       sent=N answers=M codes=C,... send_ms=T
#   sipclient.py once LOCAL DEST RURI [METHOD]   one request, 2 s for the
#       answer: status=CODE (0: none) reason=...
#
# LOCAL and DEST are IPV4:PORT or [IPV6]:PORT.
import os
import socket
import struct
import sys
import time
import zlib

COOKIE = 0x2112A442


def parse(z):
    if z.startswith('['):
        host, _, port = z[1:].partition(']:')
        return socket.AF_INET6, (host, int(port))
    host, _, port = z.rpartition(':')
    return socket.AF_INET, (host, int(port))


def fmt(af, a):
    return ('[%s]:%d' if af == socket.AF_INET6 else '%s:%d') % (a[0], a[1])


def sock(local):
    af, a = parse(local)
    s = socket.socket(af, socket.SOCK_DGRAM)
    s.bind(a)
    return af, s


def stun(local, dest, fp):
    af, s = sock(local)
    txid = os.urandom(12)
    msg = struct.pack('!HHI', 0x0001, 8 if fp else 0, COOKIE) + txid
    if fp:
        crc = (zlib.crc32(msg) & 0xffffffff) ^ 0x5354554e
        msg += struct.pack('!HHI', 0x8028, 4, crc)
    s.settimeout(2)
    s.sendto(msg, parse(dest)[1])
    try:
        r, frm = s.recvfrom(2048)
    except socket.timeout:
        print('mapped=none from=none txid=none')
        return
    mapped = 'none'
    off = 20
    while off + 4 <= len(r):
        t, n = struct.unpack('!HH', r[off:off + 4])
        v = r[off + 4:off + 4 + n]
        if t == 0x0020 and len(v) >= 8:
            port = struct.unpack('!H', v[2:4])[0] ^ (COOKIE >> 16)
            x = struct.pack('!I', COOKIE) + r[8:20]
            ip = bytes(b ^ x[i] for i, b in enumerate(v[4:]))
            if v[1] == 1:
                mapped = '%s:%d' % (socket.inet_ntop(socket.AF_INET, ip),
                                    port)
            else:
                mapped = '[%s]:%d' % (socket.inet_ntop(socket.AF_INET6, ip),
                                      port)
        off += 4 + ((n + 3) & ~3)
    ok = r[0:2] == b'\x01\x01' and r[8:20] == txid
    print('mapped=%s from=%s txid=%s' % (mapped, fmt(af, frm),
                                         'same' if ok else 'other'))


def request(af, local, ruri, n, method='OPTIONS'):
    a = parse(local)[1]
    host = ('[%s]' if af == socket.AF_INET6 else '%s') % a[0]
    return ('%s %s SIP/2.0\r\n'
            'Via: SIP/2.0/UDP %s:%d;branch=z9hG4bKb%d.%d\r\n'
            'Max-Forwards: 70\r\n'
            'From: <sip:test@%s>;tag=%d\r\n'
            'To: <%s>\r\n'
            'Call-ID: %d.%d@sp64test\r\n'
            'CSeq: 1 %s\r\n'
            'Content-Length: 0\r\n\r\n' % (
                method, ruri, host, a[1], os.getpid(), n, host, n, ruri,
                os.getpid(), n, method)).encode()


def burst(local, dest, count, ruri):
    af, s = sock(local)
    d = parse(dest)[1]
    s.setblocking(False)
    answers, codes, sent = 0, {}, 0

    def drain():
        nonlocal answers
        while True:
            try:
                r = s.recv(65536)
            except BlockingIOError:
                return
            if r.startswith(b'SIP/2.0 '):
                answers += 1
                c = r[8:11].decode()
                codes[c] = codes.get(c, 0) + 1
    t0 = time.monotonic()
    for i in range(count):
        try:
            s.sendto(request(af, local, ruri, i), d)
            sent += 1
        except BlockingIOError:
            time.sleep(0.001)
        drain()
    t1 = time.monotonic()
    end = t1 + 1.5
    while time.monotonic() < end:
        time.sleep(0.05)
        drain()
    print('sent=%d answers=%d codes=%s send_ms=%d' % (
        sent, answers, ','.join('%s:%d' % kv for kv in sorted(codes.items()))
        or 'none', int((t1 - t0) * 1000)))


def once(local, dest, ruri, method):
    af, s = sock(local)
    s.settimeout(2)
    s.sendto(request(af, local, ruri, 0, method), parse(dest)[1])
    try:
        r = s.recv(65536)
    except socket.timeout:
        print('status=0 reason=none')
        return
    line = r.split(b'\r\n', 1)[0].decode(errors='replace')
    parts = line.split(' ', 2)
    if len(parts) == 3 and parts[0] == 'SIP/2.0':
        print('status=%s reason=%s' % (parts[1], parts[2].replace(' ', '_')))
    else:
        print('status=0 reason=not-a-response')


def main(a):
    if len(a) >= 3 and a[0] == 'stun':
        stun(a[1], a[2], len(a) > 3 and a[3] == 'fp')
    elif len(a) == 5 and a[0] == 'burst':
        burst(a[1], a[2], min(int(a[3]), 10000), a[4])
    elif len(a) >= 4 and a[0] == 'once':
        once(a[1], a[2], a[3], a[4] if len(a) > 4 else 'OPTIONS')
    else:
        sys.exit('usage: sipclient.py stun|burst|once ...')


main(sys.argv[1:])
