import { describe, expect, it } from 'vitest';
import {
  DTLS_1_0,
  DTLS_1_2,
  dtlsClientHelloBody,
  dtlsFragment,
  dtlsRecord,
  dtlsServerHelloBody,
  helloVerifyRequestBody,
} from '../../capture/synth-dtls.ts';
import { walk } from '../tree.ts';
import { dissectFrames, ethernet, ipv4, summary, udp, values } from '../test-frames.ts';
import type { DissectedPacket } from '../packet.ts';

const HANDSHAKE = 22;
const CLIENT = '10.0.0.1';
const SERVER = '10.0.0.2';

function toServer(payload: Uint8Array): Uint8Array {
  return ethernet(0x0800, ipv4(CLIENT, SERVER, 17, udp(50000, 4444, payload)));
}
function toClient(payload: Uint8Array): Uint8Array {
  return ethernet(0x0800, ipv4(SERVER, CLIENT, 17, udp(4444, 50000, payload)));
}
function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}
function fieldNames(p: DissectedPacket): string[] {
  return [...walk(p.tree.roots)].flatMap((n) => (n.def ? [n.def.abbrev] : []));
}

const cookie = Uint8Array.from([0xc0, 0x0c, 0x1e, 0x5a, 0x11, 0x22, 0x33, 0x44]);

describe('DTLS', () => {
  it('reassembles a ClientHello sent in three fragments, in any order, and decodes it as TLS does', () => {
    const body = dtlsClientHelloBody('dtls.example', cookie);
    const third = Math.ceil(body.length / 3);
    const frag = (seq: number, off: number, len: number) =>
      toServer(dtlsRecord(HANDSHAKE, DTLS_1_2, 0, seq, dtlsFragment(1, 0, body, off, len)));
    const ps = dissectFrames([frag(0, 0, third), frag(1, 2 * third, body.length - 2 * third), frag(2, third, third)]);
    expect(ps.map(summary)).toEqual([
      'DTLS Client Hello (Fragment)',
      'DTLS Client Hello (Fragment)',
      'DTLS Client Hello (Reassembled)',
    ]);
    const last = ps[2]!;
    expect(values(last, 'dtls.handshake.extensions_server_name')).toEqual(['dtls.example']);
    expect(values(last, 'dtls.handshake.cookie')).toEqual([cookie]);
    expect(values(last, 'dtls.handshake.fragment_offset')).toEqual([third]);
    expect(values(last, 'dtls.fragment')).toEqual([1, 2, 3]);
    expect(values(last, 'dtls.reassembled.length')).toEqual([body.length]);
    expect(values(last, 'dtls.record.sequence_number')).toEqual([2]);
    // The shared TLS code's fields appear under dtls.* only, as in tshark.
    expect(fieldNames(last).filter((n) => n === 'tls' || n.startsWith('tls.'))).toEqual([]);
    expect(values(last, 'dtls.handshake.ja4')[0]).toMatch(/^dd2d/);
    expect(last.protocols).toContain('dtls');
  });

  it('follows a HelloVerifyRequest exchange: cookie, then the version the server names', () => {
    const ps = dissectFrames([
      toServer(
        dtlsRecord(HANDSHAKE, DTLS_1_0, 0, 0, dtlsFragment(1, 0, dtlsClientHelloBody('a.example', new Uint8Array(0)))),
      ),
      toClient(dtlsRecord(HANDSHAKE, DTLS_1_0, 0, 0, dtlsFragment(3, 0, helloVerifyRequestBody(cookie)))),
      toServer(dtlsRecord(HANDSHAKE, DTLS_1_0, 0, 1, dtlsFragment(1, 1, dtlsClientHelloBody('a.example', cookie)))),
      toClient(dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 1, dtlsFragment(2, 1, dtlsServerHelloBody(0xc02f)))),
    ]);
    expect(ps.map(summary)).toEqual([
      'DTLS Client Hello',
      'DTLSv1.0 Hello Verify Request',
      'DTLSv1.0 Client Hello',
      'DTLSv1.2 Server Hello',
    ]);
    expect(values(ps[0]!, 'dtls.handshake.cookie_length')).toEqual([0]);
    expect(values(ps[1]!, 'dtls.handshake.cookie')).toEqual([cookie]);
    expect(values(ps[2]!, 'dtls.handshake.cookie')).toEqual([cookie]);
    expect(values(ps[3]!, 'dtls.handshake.ciphersuite')).toEqual([0xc02f]);
    expect(values(ps[3]!, 'dtls.handshake.type')).toEqual([2]);
  });

  it('shows records of epoch 1 as encrypted and lists every record of a datagram', () => {
    const ccs = dtlsRecord(20, DTLS_1_2, 0, 5, Uint8Array.of(1));
    const finished = dtlsRecord(HANDSHAKE, DTLS_1_2, 1, 0, new Uint8Array(40).fill(0xab));
    const ps = dissectFrames([
      toServer(dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 0, dtlsFragment(1, 0, dtlsClientHelloBody('b', cookie)))),
      toServer(concat(ccs, finished)),
      toClient(dtlsRecord(23, DTLS_1_2, 1, 1, new Uint8Array(32).fill(7))),
      toClient(dtlsRecord(21, DTLS_1_2, 1, 2, new Uint8Array(26))),
      toClient(dtlsRecord(21, DTLS_1_2, 0, 3, Uint8Array.of(2, 40))),
    ]);
    expect(ps.slice(1).map(summary)).toEqual([
      'DTLS Change Cipher Spec, Encrypted Handshake Message',
      'DTLS Application Data',
      'DTLS Encrypted Alert',
      'DTLS Alert (Level: Fatal, Description: Handshake Failure)',
    ]);
    expect(values(ps[1]!, 'dtls.record.epoch')).toEqual([0, 1]);
    expect(values(ps[4]!, 'dtls.alert_message.desc')).toEqual([40]);
  });

  it('leaves datagrams that only resemble DTLS to UDP, and survives truncated messages', () => {
    const unified = Uint8Array.from([0x2c, 0x01, 0x02, 0x00, 0x10, ...new Uint8Array(16)]);
    const shortRecord = dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 0, Uint8Array.of(1, 0, 0, 50, 0, 0, 0, 0, 0, 0, 0, 50, 3));
    const wrongLength = dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 0, new Uint8Array(4)).subarray(0, 15);
    const ps = dissectFrames([toServer(unified), toServer(shortRecord), toServer(wrongLength)]);
    expect(summary(ps[0]!)).toBe('UDP 50000 → 4444 Len=21');
    expect(ps[1]!.cols.protocol).toBe('DTLS');
    expect(ps[1]!.malformed).toBe(true);
    expect(ps[2]!.cols.protocol).toBe('UDP');
  });
});

describe('DTLS ports and extensions', () => {
  it('decodes use_srtp in DTLS hellos, and leaves what is not DTLS on a DTLS port to UDP', () => {
    // use_srtp with two profiles and no MKI.
    const srtp = [0x00, 0x0e, 0x00, 0x07, 0x00, 0x04, 0x00, 0x01, 0x00, 0x07, 0x00];
    const withSrtp = dtlsClientHelloBody('srtp.example', new Uint8Array(0), DTLS_1_2, srtp);
    const [p] = dissectFrames([toServer(dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 0, dtlsFragment(1, 0, withSrtp)))]);
    expect(values(p!, 'dtls.use_srtp.protection_profile')).toEqual([1, 7]);
    expect(values(p!, 'dtls.use_srtp.mki_length')).toEqual([0]);
    expect(values(p!, 'dtls.handshake.extension.type')).toContain(14);
    const coap = ethernet(0x0800, ipv4(CLIENT, SERVER, 17, udp(40000, 5684, Uint8Array.of(1, 2, 3))));
    expect(summary(dissectFrames([coap])[0]!)).toBe('UDP 40000 → 5684 Len=3');
  });

  it('decodes connection_id (RFC 9146) and the HelloRetryRequest cookie extension', () => {
    const cid = [0x00, 0x36, 0x00, 0x04, 0x03, 0x61, 0x62, 0x63];
    const cookieExt = [0x00, 0x2c, 0x00, 0x05, 0x00, 0x03, 0xc0, 0x0c, 0x1e];
    const body = dtlsClientHelloBody('cid.example', new Uint8Array(0), DTLS_1_2, [...cid, ...cookieExt]);
    const [p] = dissectFrames([toServer(dtlsRecord(HANDSHAKE, DTLS_1_2, 0, 0, dtlsFragment(1, 0, body)))]);
    expect(values(p!, 'dtls.connection_id_length')).toEqual([3]);
    expect(values(p!, 'dtls.connection_id')).toEqual([Uint8Array.of(0x61, 0x62, 0x63)]);
    expect(values(p!, 'dtls.handshake.extensions.cookie')).toEqual([Uint8Array.of(0xc0, 0x0c, 0x1e)]);
    expect(values(p!, 'dtls.handshake.extension.data')).toEqual([]);
  });
});
