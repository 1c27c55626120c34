/**
 * QUIC over UDP with the RFC 9001 Appendix A packets (kept in test/fixtures, so a fresh clone tests Initial
 * decryption on its own): keys, header protection, AEAD, frames, CRYPTO data handed to TLS, the columns as tshark
 * shows them, the display filter, and malformed packets that never throw.
 */
import { createCipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeTlsCrypto } from '../electron/backend/tls-crypto.ts';
import { setTlsDecryption } from '../shared/dissect/tls/crypto.ts';
import { TlsKeyLog } from '../shared/dissect/tls/keylog.ts';
import { registerDissectors } from '../shared/dissect/registry.ts';
import { dissectFrames, ethernet, ipv4, TcpFlow, udp, values } from '../shared/dissect/test-frames.ts';
import {
  decodePacketNumber,
  decryptPayload,
  initialKeys,
  packetKeys,
  quicSuite,
  removeHeaderProtection,
} from '../shared/dissect/quic/keys.ts';
import { QUIC_V1, QUIC_V2 } from '../shared/dissect/quic/versions.ts';
import { AppKeys } from '../shared/dissect/quic/key-update.ts';
import { hkdfExpandLabel } from '../shared/dissect/tls/prf.ts';
import { compileFilter } from '../shared/filter/index.ts';
import type { DissectedPacket } from '../shared/dissect/packet.ts';
import { findAll } from '../shared/dissect/tree.ts';
import { frameEnd } from '../shared/dissect/quic/frames.ts';
import { clientHello, handshake, tlsRecord } from '../shared/capture/synth.ts';
import { REPO } from './golden-support.ts';

interface Vectors {
  dcid: string;
  clientInitialKeys: Record<'key' | 'iv' | 'hp', string>;
  serverInitialKeys: Record<'key' | 'iv' | 'hp', string>;
  clientInitial: string;
  clientInitialUnprotectedHeader: string;
  serverInitial: string;
  chacha20: {
    secret: string;
    /** The secret after a key update (RFC 9001 A.5). */
    updatedSecret: string;
    key: string;
    iv: string;
    hp: string;
    packet: string;
    largestPn: number;
    pn: number;
    payload: string;
  };
}

interface V2Vectors {
  dcid: string;
  clientInitialKeys: Record<'key' | 'iv' | 'hp', string>;
  serverInitialKeys: Record<'key' | 'iv' | 'hp', string>;
  clientInitial: string;
  serverInitial: string;
}

const V2 = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'rfc9369-appendix-a.json'), 'utf8')) as V2Vectors;
const V = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'rfc9001-appendix-a.json'), 'utf8')) as Vectors;

function unhex(s: string): Uint8Array {
  return Uint8Array.from(s.match(/../g)!.map((h) => parseInt(h, 16)));
}
function hexOf(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

const CLIENT = '10.0.0.1';
const SERVER = '10.0.0.2';
const clientDatagram = (payload: Uint8Array, port = 443) =>
  ethernet(0x0800, ipv4(CLIENT, SERVER, 17, udp(50000, port, payload)));
const serverDatagram = (payload: Uint8Array, port = 443) =>
  ethernet(0x0800, ipv4(SERVER, CLIENT, 17, udp(port, 50000, payload)));

function matches(p: DissectedPacket, frame: Uint8Array, filter: string): boolean {
  const r = compileFilter(filter);
  if (!r.ok) throw new Error(r.error.message);
  return r.filter.matches({ tree: p.tree, frame });
}

beforeAll(() => {
  registerDissectors();
  setTlsDecryption({ crypto: nodeTlsCrypto, keys: new TlsKeyLog() });
});
afterAll(() => setTlsDecryption(undefined));

describe('QUIC packet protection (RFC 9001 Appendix A)', () => {
  it('derives both Initial keys from the client DCID', () => {
    const k = initialKeys(nodeTlsCrypto, QUIC_V1, unhex(V.dcid))!;
    expect({ key: hexOf(k.client.key), iv: hexOf(k.client.iv), hp: hexOf(k.client.hp) }).toEqual(V.clientInitialKeys);
    expect({ key: hexOf(k.server.key), iv: hexOf(k.server.iv), hp: hexOf(k.server.hp) }).toEqual(V.serverInitialKeys);
  });

  it('removes header protection from the client Initial and decrypts its payload', () => {
    const k = initialKeys(nodeTlsCrypto, QUIC_V1, unhex(V.dcid))!;
    const pkt = unhex(V.clientInitial);
    const hp = removeHeaderProtection(nodeTlsCrypto, k.client, pkt, 0, 18, pkt.length)!;
    expect(hexOf(hp.header)).toBe(V.clientInitialUnprotectedHeader);
    expect(hp.pnLength).toBe(4);
    const plain = decryptPayload(nodeTlsCrypto, k.client, hp.header, 2, pkt.subarray(22))!;
    // A CRYPTO frame at offset 0 carrying a 241-byte ClientHello, then PADDING.
    expect(hexOf(plain.subarray(0, 8))).toBe('060040f1010000ed');
    expect(plain.length).toBe(1162);
    expect(plain.subarray(4 + 241).every((x) => x === 0)).toBe(true);
    // Any other packet number (nonce) fails the tag.
    expect(decryptPayload(nodeTlsCrypto, k.client, hp.header, 3, pkt.subarray(22))).toBeUndefined();
  });

  it('opens the ChaCha20-Poly1305 short header packet', () => {
    const c = V.chacha20;
    const keys = packetKeys(nodeTlsCrypto, quicSuite(0x1303)!, unhex(c.secret), QUIC_V1);
    expect([hexOf(keys.key), hexOf(keys.iv), hexOf(keys.hp)]).toEqual([c.key, c.iv, c.hp]);
    // A.5 also gives the secret after a key update ("quic ku"): the next generation keeps the header protection key.
    const app = AppKeys.fromSecret(nodeTlsCrypto, quicSuite(0x1303)!, unhex(c.secret), QUIC_V1);
    const updated = packetKeys(nodeTlsCrypto, quicSuite(0x1303)!, unhex(c.updatedSecret), QUIC_V1);
    expect(app.forPhase(nodeTlsCrypto, 1)).toEqual({ ...updated, hp: keys.hp });
    const pkt = unhex(c.packet);
    const hp = removeHeaderProtection(nodeTlsCrypto, keys, pkt, 0, 1, pkt.length)!;
    const pn = decodePacketNumber(c.largestPn, hp.truncatedPn, hp.pnLength);
    expect(pn).toBe(c.pn);
    expect(hexOf(decryptPayload(nodeTlsCrypto, keys, hp.header, pn, pkt.subarray(1 + hp.pnLength))!)).toBe(c.payload);
  });
});

/** A client Initial (v1, 2-byte packet number) protected as RFC 9001 §5 says, built with node:crypto directly. */
function protectedInitial(dcid: Uint8Array, pn: number, frames: Uint8Array): Uint8Array {
  const keys = initialKeys(nodeTlsCrypto, QUIC_V1, dcid)!.client;
  const payload = new Uint8Array(Math.max(frames.length, 1100));
  payload.set(frames);
  const length = 2 + payload.length + 16;
  const header = Uint8Array.from([
    0xc1,
    0,
    0,
    0,
    1,
    dcid.length,
    ...dcid,
    0,
    0,
    0x40 | (length >> 8),
    length & 0xff,
    pn >> 8,
    pn & 0xff,
  ]);
  const nonce = keys.iv.slice();
  nonce[10]! ^= pn >> 8;
  nonce[11]! ^= pn & 0xff;
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const sealed = Buffer.concat([gcm.update(payload), gcm.final(), gcm.getAuthTag()]);
  const ecb = createCipheriv('aes-128-ecb', keys.hp, null);
  const mask = ecb.update(sealed.subarray(2, 18));
  const out = Uint8Array.from([...header, ...sealed]);
  const pnAt = header.length - 2;
  out[0]! ^= mask[0]! & 0x0f;
  out[pnAt]! ^= mask[1]!;
  out[pnAt + 1]! ^= mask[2]!;
  return out;
}

/** A 1-RTT packet (short header, 2-byte packet number) protected with `keys` and the given Key Phase bit. */
function protectedShort(
  keys: { key: Uint8Array; iv: Uint8Array; hp: Uint8Array },
  dcid: Uint8Array,
  pn: number,
  keyPhase: number,
  frames: Uint8Array,
): Uint8Array {
  const payload = new Uint8Array(Math.max(frames.length, 40));
  payload.set(frames);
  const header = Uint8Array.from([0x41 | (keyPhase << 2), ...dcid, pn >> 8, pn & 0xff]);
  const nonce = keys.iv.slice();
  nonce[10]! ^= pn >> 8;
  nonce[11]! ^= pn & 0xff;
  const gcm = createCipheriv('aes-128-gcm', keys.key, nonce);
  gcm.setAAD(header);
  const sealed = Buffer.concat([gcm.update(payload), gcm.final(), gcm.getAuthTag()]);
  const mask = createCipheriv('aes-128-ecb', keys.hp, null).update(sealed.subarray(2, 18));
  const out = Uint8Array.from([...header, ...sealed]);
  out[0]! ^= mask[0]! & 0x1f;
  out[1 + dcid.length]! ^= mask[1]!;
  out[2 + dcid.length]! ^= mask[2]!;
  return out;
}

/** A CRYPTO frame carrying `data` at stream offset `offset` (2-byte varints). */
function cryptoFrame(offset: number, data: Uint8Array): Uint8Array {
  return Uint8Array.from([
    6,
    0x40 | (offset >> 8),
    offset & 0xff,
    0x40 | (data.length >> 8),
    data.length & 0xff,
    ...data,
  ]);
}

describe('QUIC version 2 (RFC 9369 Appendix A)', () => {
  it('derives the v2 Initial keys (its own salt and "quicv2" labels)', () => {
    const k = initialKeys(nodeTlsCrypto, QUIC_V2, unhex(V2.dcid))!;
    expect({ key: hexOf(k.client.key), iv: hexOf(k.client.iv), hp: hexOf(k.client.hp) }).toEqual(V2.clientInitialKeys);
    expect({ key: hexOf(k.server.key), iv: hexOf(k.server.iv), hp: hexOf(k.server.hp) }).toEqual(V2.serverInitialKeys);
  });

  it('dissects the v2 Initials, whose packet type bits differ from v1', () => {
    const [c, s] = dissectFrames([clientDatagram(unhex(V2.clientInitial)), serverDatagram(unhex(V2.serverInitial))]);
    expect([c!.cols.protocol, c!.cols.info]).toEqual([
      'QUIC',
      'Initial, DCID=8394c8f03e515708, PKN: 2, CRYPTO, PADDING',
    ]);
    expect(values(c!, 'quic.version')).toEqual([QUIC_V2]);
    expect(values(c!, 'quic.long.packet_type_v2')).toEqual([1]);
    expect(values(c!, 'tls.handshake.extensions_server_name')).toEqual(['example.com']);
    expect(s!.cols.info).toBe('Initial, SCID=f067a5502a4262b5, PKN: 1, ACK, CRYPTO');
    expect(values(s!, 'tls.handshake.type')).toEqual([2]);
  });
});

describe('compress_certificate and application_settings hello extensions', () => {
  it('lists the compression algorithms and the ALPS protocols', () => {
    const exts = [0x00, 0x1b, 0x00, 0x03, 0x02, 0x00, 0x02, 0x44, 0x69, 0x00, 0x05, 0x00, 0x03, 0x02, 0x68, 0x33];
    const body = [0x03, 0x03, ...new Array<number>(32).fill(7), 0, 0, 2, 0x13, 0x01, 1, 0, 0, exts.length, ...exts];
    const frames: Uint8Array[] = [];
    new TcpFlow(frames, 50000, 443).handshake().c(tlsRecord(22, 0x0301, handshake(1, Uint8Array.from(body))));
    const hello = dissectFrames(frames)[3]!;
    expect(values(hello, 'tls.compress_certificate.algorithms_length')).toEqual([2]);
    expect(values(hello, 'tls.compress_certificate.algorithm')).toEqual([2]);
    expect(values(hello, 'tls.handshake.extensions_alps_len')).toEqual([3]);
    expect(values(hello, 'tls.handshake.extensions_alps_alpn_str')).toEqual(['h3']);
  });
});

describe('QUIC frame extents', () => {
  it('finds where each frame type ends, and -1 when it runs past the payload', () => {
    const cases: [string, number][] = [
      ['000000ff', 3],
      ['01ff', 1],
      ['020a0001020304', 7], // ACK: largest, delay, 1 range, first range, gap, range
      ['030a000000010203', 8], // ACK_ECN with no ranges and three ECN counts
      ['04010203', 4],
      ['050102', 3],
      ['06004003616263', 7],
      ['0702aabbcc', 4],
      ['0e0405036162630102', 7], // STREAM with offset and length
      ['0801616263', 5], // STREAM without length: to the end
      ['110140ff', 4],
      ['18010008' + '11'.repeat(8) + '22'.repeat(16), 4 + 8 + 16],
      ['1a' + '00'.repeat(8), 9],
      ['1c000003617a7a', 7],
      ['1d0102686900', 5],
      ['1eff', 1],
      ['3103616263ff', 5],
      ['06004005616263', -1],
      ['02', -1],
    ];
    for (const [hex, want] of cases) expect([hex, frameEnd(unhex(hex), 0, hex.length / 2)]).toEqual([hex, want]);
  });
});

describe('QUIC dissection', () => {
  it('reassembles a ClientHello sent out of order over two Initial packets', () => {
    const dcid = unhex('0011223344556677');
    const hello = clientHello('split.example');
    const [a, b, c] = [hello.subarray(0, 50), hello.subarray(50, 100), hello.subarray(100)];
    const first = protectedInitial(dcid, 0, Uint8Array.from([...cryptoFrame(100, c), ...cryptoFrame(0, a)]));
    const second = protectedInitial(dcid, 1, cryptoFrame(50, b));
    const [p1, p2] = dissectFrames([clientDatagram(first), clientDatagram(second)]);
    expect(p1!.cols.info).toBe('Initial, DCID=0011223344556677, PKN: 0, CRYPTO, CRYPTO, PADDING');
    expect(values(p1!, 'tls.handshake.type')).toEqual([]);
    expect(p2!.cols.info).toBe('Initial, DCID=0011223344556677, PKN: 1, CRYPTO, PADDING');
    expect(values(p2!, 'tls.handshake.type')).toEqual([1]);
    expect(values(p2!, 'tls.handshake.extensions_server_name')).toEqual(['split.example']);
    expect(values(p2!, 'quic.crypto.fragment')).toEqual([1, 2, 1]);
    expect(values(p2!, 'quic.crypto.fragment.count')).toEqual([3]);
    expect(String(values(p2!, 'tls.handshake.ja4')[0])).toMatch(/^q12d/);
  });

  const frames = [clientDatagram(unhex(V.clientInitial)), serverDatagram(unhex(V.serverInitial))];

  it('shows the client and server Initials as tshark does, with the TLS handshake inside', () => {
    const [c, s] = dissectFrames(frames);
    expect([c!.cols.protocol, c!.cols.info]).toEqual([
      'QUIC',
      'Initial, DCID=8394c8f03e515708, PKN: 2, CRYPTO, PADDING',
    ]);
    expect(values(c!, 'quic.packet_number')).toEqual([2]);
    // The frames cover the 1162 plaintext bytes: CRYPTO (4-byte header + the 241-byte ClientHello) and PADDING.
    expect(findAll(c!.tree, 'quic.frame').map((n) => [n.label, n.length])).toEqual([
      ['CRYPTO', 245],
      ['PADDING Length: 917', 917],
    ]);
    expect(values(c!, 'tls.handshake.type')).toEqual([1]);
    expect(values(c!, 'tls.handshake.extensions_server_name')).toEqual(['example.com']);
    expect(values(c!, 'tls.record.content_type')).toEqual([]);
    expect(String(values(c!, 'tls.handshake.ja4')[0])).toMatch(/^q13d/);
    expect(c!.protocols.join(':')).toBe('eth:ethertype:ip:udp:quic:tls');
    expect([s!.cols.protocol, s!.cols.info]).toEqual(['QUIC', 'Initial, SCID=f067a5502a4262b5, PKN: 1, ACK, CRYPTO']);
    expect(values(s!, 'tls.handshake.type')).toEqual([2]);
    expect(values(s!, 'tls.handshake.ciphersuite')).toEqual([0x1301]);
    expect(values(s!, 'quic.connection.number')).toEqual(values(c!, 'quic.connection.number'));
  });

  it('hands in-order CRYPTO data to TLS, which gathers a split ClientHello itself', () => {
    const dcid = unhex('8899aabbccddeeff');
    const hello = clientHello('in.order');
    const [p1, p2] = dissectFrames([
      clientDatagram(protectedInitial(dcid, 0, cryptoFrame(0, hello.subarray(0, 50)))),
      clientDatagram(protectedInitial(dcid, 1, cryptoFrame(50, hello.subarray(50)))),
    ]);
    expect(findAll(p1!.tree, 'tls').map((n) => n.label)).toEqual([
      'TLSv1.3 Record Layer: Handshake Protocol: Client Hello (fragment)',
    ]);
    expect(values(p1!, 'tls.handshake.type')).toEqual([]);
    expect(values(p2!, 'tls.handshake.extensions_server_name')).toEqual(['in.order']);
    expect(p2!.cols.info).toBe('Initial, DCID=8899aabbccddeeff, PKN: 1, CRYPTO, PADDING');
  });

  it('takes a message TLS started back into QUIC reassembly when the rest arrives out of order', () => {
    const dcid = unhex('8899aabbccddeeff');
    const hello = clientHello('mixed.order');
    const [, p2] = dissectFrames([
      clientDatagram(protectedInitial(dcid, 0, cryptoFrame(0, hello.subarray(0, 50)))),
      clientDatagram(
        protectedInitial(
          dcid,
          1,
          Uint8Array.from([...cryptoFrame(100, hello.subarray(100)), ...cryptoFrame(50, hello.subarray(50, 100))]),
        ),
      ),
    ]);
    expect(values(p2!, 'tls.handshake.type')).toEqual([1]);
    expect(values(p2!, 'tls.handshake.extensions_server_name')).toEqual(['mixed.order']);
    expect(values(p2!, 'quic.crypto.fragment')).toEqual([1, 2, 2]);
  });

  it('follows a Retry: the next client Initial is protected with keys from the Retry SCID', () => {
    // RFC 9001 A.4: the server's Retry (SCID f067a5502a4262b5, token "token").
    const retry = unhex('ff000000010008f067a5502a4262b5746f6b656e04a265ba2eff4d829058fb3f0f2496ba');
    const again = protectedInitial(unhex('f067a5502a4262b5'), 3, cryptoFrame(0, clientHello('after.retry')));
    const [c, r, c2] = dissectFrames([frames[0]!, serverDatagram(retry), clientDatagram(again)]);
    expect(r!.cols.info).toBe('Retry, SCID=f067a5502a4262b5');
    expect(values(r!, 'quic.retry_token')).toEqual([new TextEncoder().encode('token')]);
    // The integrity tag verifies against the client's first DCID; a changed tag does not.
    expect(findAll(r!.tree, 'quic.retry_integrity_tag')[0]!.label).toMatch(/ \[verified\]$/);
    expect(values(r!, 'quic.bad_retry')).toEqual([]);
    const forged = retry.slice();
    forged[forged.length - 1]! ^= 1;
    const [, f] = dissectFrames([frames[0]!, serverDatagram(forged)]);
    expect(findAll(f!.tree, 'quic.bad_retry')).toHaveLength(1);
    expect(c2!.cols.info).toBe('Initial, DCID=f067a5502a4262b5, PKN: 3, CRYPTO, PADDING');
    expect(values(c2!, 'tls.handshake.extensions_server_name')).toEqual(['after.retry']);
    expect(values(c2!, 'quic.connection.number')).toEqual(values(c!, 'quic.connection.number'));
  });

  it('decodes the quic_transport_parameters of the ClientHello (values up to 2^62 exact)', () => {
    const [c] = dissectFrames(frames);
    expect(values(c!, 'tls.quic.parameter.type')).toEqual([4, 5, 7, 8, 1, 9, 15, 6]);
    expect(values(c!, 'tls.quic.parameter.initial_max_data')).toEqual([4611686018427387903n]);
    expect(values(c!, 'tls.quic.parameter.max_idle_timeout')).toEqual([30000]);
    expect(values(c!, 'tls.quic.parameter.initial_max_streams_bidi')).toEqual([16]);
    expect(values(c!, 'tls.quic.parameter.initial_source_connection_id')).toEqual([unhex(V.dcid)]);
    expect(findAll(c!.tree, 'tls.quic.parameter')[4]!.label).toBe('Parameter: max_idle_timeout (len=4) 30000 ms');
  });

  it('decrypts 1-RTT packets with the key log, across a key update', () => {
    // The ClientHello random of RFC 9001 A.2, and a made-up client application traffic secret.
    const secret = unhex('11'.repeat(32));
    const random = 'ebf8fa56f12939b9584a3896472ec40bb863cfd3e86804fe3a47f06a2b69484c';
    const log = new TlsKeyLog();
    log.addText(`CLIENT_TRAFFIC_SECRET_0 ${random} ${hexOf(secret)}\n`);
    setTlsDecryption({ crypto: nodeTlsCrypto, keys: log });
    try {
      const suite = quicSuite(0x1301)!;
      const gen0 = packetKeys(nodeTlsCrypto, suite, secret, QUIC_V1);
      const secret1 = hkdfExpandLabel(nodeTlsCrypto, 'sha256', secret, 'quic ku', new Uint8Array(0), 32);
      const gen1 = { ...packetKeys(nodeTlsCrypto, suite, secret1, QUIC_V1), hp: gen0.hp };
      const scid = unhex('f067a5502a4262b5');
      const ping = Uint8Array.of(1);
      // As in tshark, one side's secret is not enough.
      const [, , alone] = dissectFrames([...frames, clientDatagram(protectedShort(gen0, scid, 0, 0, ping))]);
      expect(alone!.cols.info).toBe('Protected Payload (KP0), DCID=f067a5502a4262b5');
      log.addText(`SERVER_TRAFFIC_SECRET_0 ${random} ${'22'.repeat(32)}\n`);
      const [, , a, b, bad] = dissectFrames([
        ...frames,
        clientDatagram(protectedShort(gen0, scid, 0, 0, ping)),
        clientDatagram(protectedShort(gen1, scid, 1, 1, ping)),
        clientDatagram(protectedShort(gen0, scid, 2, 1, ping)),
      ]);
      expect(a!.cols.info).toBe('Protected Payload (KP0), DCID=f067a5502a4262b5, PKN: 0, PING, PADDING');
      expect(b!.cols.info).toBe('Protected Payload (KP1), DCID=f067a5502a4262b5, PKN: 1, PING, PADDING');
      // Phase 1 with generation 0 keys: the tag fails, shown as such.
      expect(bad!.cols.info).toBe('Protected Payload (KP1), DCID=f067a5502a4262b5, PKN: 2');
      expect(values(bad!, 'quic.decryption_failed')).toHaveLength(1);
    } finally {
      setTlsDecryption({ crypto: nodeTlsCrypto, keys: new TlsKeyLog() });
    }
  });

  it('filters on quic, quic.* and the SNI of a QUIC ClientHello', () => {
    const [c, s] = dissectFrames(frames);
    expect(matches(c!, frames[0]!, 'quic')).toBe(true);
    expect(matches(c!, frames[0]!, 'tls.handshake.extensions_server_name == "example.com"')).toBe(true);
    expect(matches(c!, frames[0]!, 'quic.dcid == 83:94:c8:f0:3e:51:57:08 && quic.long.packet_type == 0')).toBe(true);
    expect(matches(s!, frames[1]!, 'quic.scid == f0:67:a5:50:2a:42:62:b5 && quic.ack.largest_acknowledged == 0')).toBe(
      true,
    );
    expect(matches(s!, frames[1]!, 'tls.handshake.extensions_server_name')).toBe(false);
  });

  it('finds QUIC by its long header on any port, and short headers only on a known connection', () => {
    const [c, short] = dissectFrames([
      clientDatagram(unhex(V.clientInitial), 8443),
      clientDatagram(unhex('4cfe4189655e5cd5'), 9999),
    ]);
    expect(c!.cols.protocol).toBe('QUIC');
    expect(short!.cols.protocol).toBe('UDP');
    // After the handshake, the client's short headers carry the server's 8-byte CID, the server's carry none.
    const shortHeader = unhex(`41f067a5502a4262b5${'ab'.repeat(24)}`);
    const [, , toServer, toClient] = dissectFrames([
      ...frames,
      clientDatagram(shortHeader),
      serverDatagram(shortHeader),
    ]);
    expect([toServer!.cols.protocol, toServer!.cols.info]).toEqual([
      'QUIC',
      'Protected Payload (KP0), DCID=f067a5502a4262b5',
    ]);
    expect([toClient!.cols.protocol, toClient!.cols.info]).toEqual(['QUIC', 'Protected Payload (KP0)']);
    // Without 1-RTT secrets, as in tshark, only the connection's first short header says why.
    expect(values(toServer!, 'quic.decryption_failed')).toHaveLength(1);
    expect(values(toClient!, 'quic.decryption_failed')).toHaveLength(0);
    expect(values(toClient!, 'quic.remaining_payload')).toHaveLength(1);
  });

  it('takes Version Negotiation only on a known conversation, and notes long headers of unknown connections', () => {
    const vn = unhex('c5000000000008' + '8394c8f03e515708' + '00000001' + '1a2a3a4a');
    const [alone] = dissectFrames([serverDatagram(vn)]);
    expect(alone!.cols.protocol).toBe('UDP');
    const [, known] = dissectFrames([...frames.slice(0, 1), serverDatagram(vn)]);
    expect([known!.cols.protocol, known!.cols.info]).toEqual(['QUIC', 'Version Negotiation, SCID=8394c8f03e515708']);
    expect(values(known!, 'quic.supported_version')).toEqual([1, 0x1a2a3a4a]);
    expect(findAll(known!.tree, 'quic.supported_version')[1]!.label).toBe(
      'Supported Version: Unknown (0x1a2a3a4a) (GREASE)',
    );
    const handshake = unhex('e100000001080011223344556677' + '04a1b2c3d4' + '4020' + '00'.repeat(32));
    const [lost] = dissectFrames([clientDatagram(handshake)]);
    expect(lost!.cols.info).toBe('Handshake, DCID=0011223344556677, SCID=a1b2c3d4');
    expect(values(lost!, 'quic.connection.unknown')).toHaveLength(1);
  });

  it('shows an Initial it cannot decrypt, and without keys says why', () => {
    const broken = unhex(V.clientInitial);
    broken[broken.length - 1]! ^= 1;
    const [p] = dissectFrames([clientDatagram(broken)]);
    expect(p!.cols.info).toBe('Initial, DCID=8394c8f03e515708, PKN: 2');
    expect(p!.bug).toBeUndefined();
    setTlsDecryption(undefined);
    try {
      const [q] = dissectFrames([clientDatagram(unhex(V.clientInitial))]);
      expect(q!.cols.info).toBe('Initial, DCID=8394c8f03e515708');
      expect(values(q!, 'quic.decryption_failed')).toHaveLength(1);
    } finally {
      setTlsDecryption({ crypto: nodeTlsCrypto, keys: new TlsKeyLog() });
    }
  });

  it('never throws on truncated or corrupted packets', () => {
    const whole = unhex(V.clientInitial);
    const cuts: Uint8Array[] = [];
    for (let n = 1; n < 64; n++) cuts.push(clientDatagram(whole.subarray(0, n)));
    for (let n = 1100; n < whole.length; n += 7) cuts.push(clientDatagram(whole.subarray(0, n)));
    let seed = 7;
    for (let i = 0; i < 200; i++) {
      const m = whole.slice();
      seed = (seed * 1103515245 + 12345) >>> 0;
      m[seed % 64]! ^= 1 << (seed >>> 29);
      cuts.push(clientDatagram(m), serverDatagram(m));
    }
    const out = dissectFrames(cuts);
    expect(out.filter((p) => p.bug)).toEqual([]);
    expect(out.every((p) => p.cols.protocol === 'QUIC' || p.cols.protocol === 'UDP')).toBe(true);
  });
});
