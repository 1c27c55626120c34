import { describe, expect, it } from 'vitest';
import {
  DTLS_1_2,
  dtlsClientHelloBody,
  dtlsFragment,
  dtlsRecord,
  stunMessage,
  xorMappedIpv4,
} from '../capture/synth-dtls.ts';
import { dissectFrames, ethernet, ipv4, summary, udp, values } from './test-frames.ts';

const A = '192.168.1.10';
const B = '198.51.100.7';
const text = (s: string) => new TextEncoder().encode(s);
const tx = (n: number) => new Uint8Array(12).fill(n);

function aToB(payload: Uint8Array): Uint8Array {
  return ethernet(0x0800, ipv4(A, B, 17, udp(51000, 43000, payload)));
}
function bToA(payload: Uint8Array): Uint8Array {
  return ethernet(0x0800, ipv4(B, A, 17, udp(43000, 51000, payload)));
}

const request = stunMessage(0x0001, tx(1), [
  { type: 0x0006, value: text('alice:bob') },
  { type: 0x0025, value: new Uint8Array(0) },
  { type: 0x0024, value: Uint8Array.of(0x6e, 0x7f, 0x1e, 0xff) },
  { type: 0x802a, value: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) },
  { type: 0x0008, value: new Uint8Array(20) },
]);
const response = stunMessage(0x0101, tx(1), [{ type: 0x0020, value: xorMappedIpv4([203, 0, 113, 5], 31288) }]);

describe('STUN', () => {
  it('shows a binding request and its response as tshark does, matched by transaction ID', () => {
    const ps = dissectFrames([aToB(request), bToA(response)]);
    expect(ps.map(summary)).toEqual([
      'STUN Binding Request user: alice:bob',
      'STUN Binding Success Response XOR-MAPPED-ADDRESS: 203.0.113.5:31288',
    ]);
    const [req, resp] = ps as [(typeof ps)[0], (typeof ps)[0]];
    expect(values(req, 'stun.att.type')).toEqual([0x0006, 0x0025, 0x0024, 0x802a, 0x0008, 0x8028]);
    expect(values(req, 'stun.att.username')).toEqual(['alice:bob']);
    expect(values(req, 'stun.att.padding')).toEqual([3]);
    expect(values(req, 'stun.att.priority')).toEqual([0x6e7f1eff]);
    expect(values(req, 'stun.att.type.comprehension')).toEqual([0, 0, 0, 1, 0, 1]);
    expect(values(req, 'stun.att.crc32.status')).toEqual([1]);
    expect(values(req, 'stun.type.class')).toEqual([0]);
    expect(values(resp, 'stun.type.class')).toEqual([0x10]);
    expect(values(resp, 'stun.type.method')).toEqual([1]);
    expect(values(resp, 'stun.att.ipv4')).toEqual(['203.0.113.5']);
    expect(values(resp, 'stun.att.port')).toEqual([31288]);
    expect(values(resp, 'stun.response-to')).toEqual([1]);
    expect(values(resp, 'stun.time')).toEqual(['1.000000000']);
  });

  it('flags a FINGERPRINT that does not match the message', () => {
    const bad = request.slice();
    bad[bad.length - 1]! ^= 0xff;
    const [p] = dissectFrames([aToB(bad)]);
    expect(values(p!, 'stun.att.crc32.status')).toEqual([0]);
  });

  it('shares a port pair with DTLS: each datagram goes by its first byte (RFC 7983)', () => {
    const hello = dtlsRecord(22, DTLS_1_2, 0, 0, dtlsFragment(1, 0, dtlsClientHelloBody('x', new Uint8Array(0))));
    const ps = dissectFrames([aToB(request), bToA(hello), bToA(response), aToB(Uint8Array.of(0x80, 0x60, 1, 2))]);
    expect(ps.map((p) => p.cols.protocol)).toEqual(['STUN', 'DTLS', 'STUN', 'UDP']);
  });

  it('does not claim a datagram whose length or cookie is not STUN, and survives a cut attribute', () => {
    const noCookie = request.slice();
    noCookie[4] = 0;
    const cut = request.slice();
    cut[22] = 0;
    cut[23] = 200; // USERNAME longer than the message
    const ps = dissectFrames([aToB(noCookie), aToB(request.subarray(0, 40)), aToB(cut)]);
    expect(ps.map((p) => p.cols.protocol)).toEqual(['UDP', 'UDP', 'STUN']);
    expect(ps[2]!.malformed).toBe(true);
  });
});
