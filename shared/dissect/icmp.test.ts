import { describe, expect, it } from 'vitest';
import {
  be32,
  bytes,
  dissectFrames,
  ethernet,
  icmp,
  icmpv6,
  ip6,
  ipv4,
  ipv6,
  summary,
  TCP,
  tcp,
  TcpFlow,
  udp,
  values,
} from './test-frames.ts';

const A = '192.168.0.89';
const B = '192.168.0.1';
const ping = (type: number, from: string, to: string, ttl: number, seq = 0x0900) =>
  ethernet(
    0x0800,
    ipv4(from, to, 1, icmp(type, 0, [0x02, 0x00, seq >> 8, seq & 0xff], 'abcdefghijklmnopqrstuvwabcdefghi'), ttl),
  );

describe('ICMP', () => {
  it('shows echo requests and replies with the IP TTL, a reply naming the latest request', () => {
    const ps = dissectFrames([ping(8, A, B, 128), ping(8, A, B, 128), ping(0, B, A, 255), ping(0, B, A, 255)]);
    expect(summary(ps[0]!)).toBe('ICMP Echo (ping) request  id=0x0200, seq=2304/9, ttl=128');
    expect(summary(ps[1]!)).toBe('ICMP Echo (ping) request  id=0x0200, seq=2304/9, ttl=128');
    expect(summary(ps[2]!)).toBe('ICMP Echo (ping) reply    id=0x0200, seq=2304/9, ttl=255 (request in 2)');
    // A second reply to the same request is not matched again.
    expect(summary(ps[3]!)).toBe('ICMP Echo (ping) reply    id=0x0200, seq=2304/9, ttl=255');
    expect(values(ps[0]!, 'icmp.type')).toEqual([8]);
    expect(values(ps[0]!, 'icmp.ident')).toEqual([0x0200]);
    expect(values(ps[0]!, 'icmp.ident_le')).toEqual([0x0002]);
    expect(values(ps[0]!, 'icmp.seq')).toEqual([2304]);
    expect(values(ps[0]!, 'icmp.seq_le')).toEqual([9]);
    expect(values(ps[0]!, 'icmp.checksum.status')).toEqual([1]);
    expect(values(ps[0]!, 'icmp.resp_to')).toEqual([]);
    expect(values(ps[2]!, 'icmp.resp_to')).toEqual([2]);
    expect(values(ps[2]!, 'icmp.resptime')).toEqual([1000]);
    expect(values(ps[0]!, 'data.len')).toEqual([32]);
  });

  it('flags a bad checksum', () => {
    const f = ping(8, A, B, 64);
    f[14 + 20 + 2]! ^= 0xff;
    const [p] = dissectFrames([f]);
    expect(values(p!, 'icmp.checksum.status')).toEqual([0]);
    expect(p!.notes.map((n) => n.message)).toContain('Bad checksum [should be 0x425c]');
  });

  it('shows error messages with the quoted datagram, leaving the columns and TCP state alone', () => {
    const quotedUdp = ipv4(A, '8.8.8.8', 17, udp(5555, 53, 'abcdefgh')).subarray(0, 28);
    const quotedTcp = ipv4(A, B, 6, tcp(40000, 80, 1000, 0, TCP.SYN, [])).subarray(0, 28);
    const frames: Uint8Array[] = [
      ethernet(0x0800, ipv4(B, A, 1, icmp(3, 3, [0, 0, 0, 0], quotedUdp), 255)),
      ethernet(0x0800, ipv4(B, A, 1, icmp(3, 4, [0, 0, 0x05, 0xdc], quotedUdp), 255)),
      ethernet(0x0800, ipv4(B, A, 1, icmp(11, 0, [0, 0, 0, 0], quotedUdp), 255)),
      ethernet(0x0800, ipv4(B, A, 1, icmp(5, 1, [10, 0, 0, 1], quotedUdp), 255)),
      ethernet(0x0800, ipv4(B, A, 1, icmp(3, 3, [0, 0, 0, 0], quotedTcp), 255)),
    ];
    new TcpFlow(frames, 40000, 80, A, B).handshake();
    const ps = dissectFrames(frames);
    expect(summary(ps[0]!)).toBe('ICMP Destination unreachable (Port unreachable)');
    expect(ps[0]!.cols.src).toBe(B);
    expect(ps[0]!.cols.dst).toBe(A);
    expect(values(ps[0]!, 'ip.dst')).toEqual([A, '8.8.8.8']);
    expect(values(ps[0]!, 'udp.dstport')).toEqual([53]);
    expect(summary(ps[1]!)).toBe('ICMP Destination unreachable (Fragmentation needed)');
    expect(values(ps[1]!, 'icmp.mtu')).toEqual([1500]);
    expect(summary(ps[2]!)).toBe('ICMP Time-to-live exceeded (Time to live exceeded in transit)');
    expect(summary(ps[3]!)).toBe('ICMP Redirect             (Redirect for host)');
    expect(values(ps[3]!, 'icmp.redir_gw')).toEqual(['10.0.0.1']);
    expect(summary(ps[4]!)).toBe('ICMP Destination unreachable (Port unreachable)');
    expect(values(ps[4]!, 'tcp.srcport')).toEqual([40000]);
    expect(values(ps[4]!, 'tcp.stream')).toEqual([]);
    // The quoted SYN did not open a TCP conversation: the real handshake is stream 0 from its first packet.
    expect(summary(ps[5]!)).toBe('TCP 40000 → 80 [SYN] Seq=0 Win=65535 Len=0');
    expect(values(ps[5]!, 'tcp.stream')).toEqual([0]);
  });

  it('names timestamp, address mask and unknown messages', () => {
    const ps = dissectFrames([
      ethernet(0x0800, ipv4(A, B, 1, icmp(13, 0, [0, 7, 0, 1], [...be32(1000), ...be32(0), ...be32(0)]))),
      ethernet(0x0800, ipv4(A, B, 1, icmp(17, 0, [0, 7, 0, 1], [0, 0, 0, 0]))),
      ethernet(0x0800, ipv4(A, B, 1, icmp(10, 0, [0, 0, 0, 0]))),
      ethernet(0x0800, ipv4(A, B, 1, icmp(99, 3, [1, 2, 3, 4]))),
      ethernet(0x0800, ipv4(A, B, 1, [8, 0, 0])),
    ]);
    expect(summary(ps[0]!)).toBe('ICMP Timestamp request    id=0x0007, seq=1/256, ttl=64');
    expect(values(ps[0]!, 'icmp.originate_timestamp')).toEqual([1000]);
    expect(summary(ps[1]!)).toBe('ICMP Address mask request id=0x0007, seq=1/256, ttl=64');
    expect(summary(ps[2]!)).toBe('ICMP Router solicitation ');
    expect(summary(ps[3]!)).toBe('ICMP Unknown ICMP (obsolete or malformed?)');
    expect(summary(ps[4]!)).toBe('ICMP [Malformed Packet]');
  });
});

describe('ICMPv6', () => {
  const L1 = 'fe80::1';
  const L2 = 'fe80::2';
  const v6 = (src: string, dst: string, type: number, body: number[], hop = 64, code = 0) =>
    ethernet(0x86dd, ipv6(src, dst, 58, icmpv6(src, dst, type, code, body), hop));
  const mac = [0, 1, 2, 3, 4, 5];

  it('shows echo, neighbour discovery and errors as tshark does', () => {
    const quoted = ipv6('2001:db8::1', '2001:db8::99', 17, udp(5555, 53, 'abcdefgh'));
    const ps = dissectFrames([
      v6(L1, L2, 128, [0x12, 0x34, 0, 1, 0x61, 0x62]),
      v6(L2, L1, 129, [0x12, 0x34, 0, 1, 0x61, 0x62], 63),
      v6(L1, 'ff02::1:ff00:2', 135, [0, 0, 0, 0, ...ip6('2001:db8::2'), 1, 1, ...mac]),
      v6(L2, L1, 136, [0x60, 0, 0, 0, ...ip6('2001:db8::2'), 2, 1, ...mac]),
      v6(L2, 'ff02::1', 134, [64, 0xc0, 0x07, 0x08, 0, 0, 0x75, 0x30, 0, 0, 0x03, 0xe8, 1, 1, ...mac]),
      v6(L2, L1, 1, [0, 0, 0, 0, ...quoted], 64, 4),
      v6(L2, L1, 2, [0, 0, 5, 0xdc, ...quoted]),
    ]);
    expect(summary(ps[0]!)).toBe('ICMPv6 Echo (ping) request id=0x1234, seq=1, hop limit=64');
    expect(summary(ps[1]!)).toBe('ICMPv6 Echo (ping) reply id=0x1234, seq=1, hop limit=63 (request in 1)');
    expect(values(ps[0]!, 'icmpv6.checksum.status')).toEqual([1]);
    expect(summary(ps[2]!)).toBe('ICMPv6 Neighbor Solicitation for 2001:db8::2 from 00:01:02:03:04:05');
    expect(summary(ps[3]!)).toBe('ICMPv6 Neighbor Advertisement 2001:db8::2 (sol, ovr) is at 00:01:02:03:04:05');
    expect(summary(ps[4]!)).toBe('ICMPv6 Router Advertisement from 00:01:02:03:04:05');
    expect(summary(ps[5]!)).toBe('ICMPv6 Destination Unreachable (Port unreachable)');
    expect(ps[5]!.cols.src).toBe(L2);
    expect(values(ps[5]!, 'ipv6.dst')).toEqual([L1, '2001:db8::99']);
    expect(summary(ps[6]!)).toBe('ICMPv6 Packet Too Big');
    expect(values(ps[6]!, 'icmpv6.mtu')).toEqual([1500]);
  });

  it('verifies the checksum over the pseudo-header', () => {
    const f = v6(L1, L2, 128, [0, 1, 0, 1]);
    f[f.length - 5]! ^= 1;
    const [p] = dissectFrames([bytes(f)]);
    expect(values(p!, 'icmpv6.checksum.status')).toEqual([0]);
  });
});
