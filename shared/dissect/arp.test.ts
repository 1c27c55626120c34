import { describe, expect, it } from 'vitest';
import { BROADCAST, be16, bytes, dissectFrames, ethernet, ip4, summary, values } from './test-frames.ts';

const ROUTER = [0x7a, 0x45, 0x58, 0xc0, 0x1d, 0xc0];
const HOST = [0x00, 0x11, 0x22, 0x33, 0x44, 0x55];
const OTHER = [0x02, 0x00, 0x00, 0x00, 0x00, 0x03];
const ZERO = [0, 0, 0, 0, 0, 0];

function arp(op: number, sha: number[], spa: string, tha: number[], tpa: string): Uint8Array {
  return bytes(be16(1), be16(0x0800), [6, 4], be16(op), sha, ip4(spa), tha, ip4(tpa));
}

describe('ARP', () => {
  const ps = dissectFrames([
    ethernet(0x0806, arp(1, ROUTER, '192.168.1.1', ZERO, '192.168.1.136'), BROADCAST, ROUTER),
    ethernet(0x0806, arp(2, HOST, '192.168.1.136', ROUTER, '192.168.1.1'), ROUTER, HOST),
    ethernet(0x0806, arp(1, HOST, '192.168.1.5', ZERO, '192.168.1.5'), BROADCAST, HOST),
    ethernet(0x0806, arp(2, HOST, '192.168.1.5', BROADCAST, '192.168.1.5'), BROADCAST, HOST),
    ethernet(0x0806, arp(1, HOST, '0.0.0.0', ZERO, '192.168.1.7'), BROADCAST, HOST),
    ethernet(0x0806, arp(2, OTHER, '192.168.1.136', ROUTER, '192.168.1.1'), ROUTER, OTHER),
    ethernet(0x8035, arp(3, HOST, '0.0.0.0', ZERO, '0.0.0.0'), BROADCAST, HOST),
    ethernet(0x0806, arp(1, ROUTER, '10.0.0.1', ZERO, '10.0.0.9').subarray(0, 20), BROADCAST, ROUTER),
  ]);

  it('asks and answers as tshark words it', () => {
    expect(summary(ps[0]!)).toBe('ARP Who has 192.168.1.136? Tell 192.168.1.1');
    expect(ps[0]!.cols.src).toBe('7a:45:58:c0:1d:c0');
    expect(ps[0]!.cols.dst).toBe('Broadcast');
    expect(summary(ps[1]!)).toBe('ARP 192.168.1.136 is at 00:11:22:33:44:55');
    expect(values(ps[0]!, 'arp.opcode')).toEqual([1]);
    expect(values(ps[0]!, 'arp.src.hw_mac')).toEqual(['7a:45:58:c0:1d:c0']);
    expect(values(ps[0]!, 'arp.src.proto_ipv4')).toEqual(['192.168.1.1']);
    expect(values(ps[0]!, 'arp.dst.proto_ipv4')).toEqual(['192.168.1.136']);
    expect(ps[0]!.tree.roots.find((r) => r.def?.abbrev === 'arp')?.label).toBe('Address Resolution Protocol (request)');
  });

  it('recognises announcements, gratuitous replies and probes', () => {
    expect(summary(ps[2]!)).toBe('ARP ARP Announcement for 192.168.1.5');
    expect(values(ps[2]!, 'arp.isgratuitous')).toEqual([true]);
    expect(values(ps[2]!, 'arp.isannouncement')).toEqual([true]);
    expect(summary(ps[3]!)).toBe('ARP Gratuitous ARP for 192.168.1.5 (Reply)');
    expect(summary(ps[4]!)).toBe('ARP Who has 192.168.1.7? (ARP Probe)');
    expect(values(ps[4]!, 'arp.isprobe')).toEqual([true]);
  });

  it('reports an address claimed by a second MAC, and handles RARP and truncation', () => {
    expect(summary(ps[5]!)).toBe('ARP 192.168.1.136 is at 02:00:00:00:00:03');
    expect(values(ps[5]!, 'arp.duplicate-address-frame')).toEqual([2]);
    expect(values(ps[5]!, 'arp.seconds-since-duplicate-address-frame')).toEqual([4]);
    expect(summary(ps[6]!)).toBe('RARP Who is 00:00:00:00:00:00? Tell 00:11:22:33:44:55');
    expect(summary(ps[7]!)).toBe('ARP [Malformed Packet]');
  });
});
