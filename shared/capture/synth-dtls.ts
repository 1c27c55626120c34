/**
 * Builds datagram payloads for fixtures: DTLS records and handshake fragments (RFC 6347) from the TLS hellos of
 * synth.ts, and STUN messages (RFC 8489) with their attributes, MESSAGE-INTEGRITY left as zeros and a correct
 * FINGERPRINT.
 */
import { crc32 } from '../crc32.ts';
import { clientHello, serverHello } from './synth.ts';

export const DTLS_1_0 = 0xfeff;
export const DTLS_1_2 = 0xfefd;

function be(v: number, n: number): number[] {
  const out: number[] = [];
  for (let i = n - 1; i >= 0; i--) out.push(Math.floor(v / 2 ** (8 * i)) & 0xff);
  return out;
}

/** One DTLS record: type, version, epoch, 48-bit sequence number, length, body. */
export function dtlsRecord(type: number, version: number, epoch: number, seq: number, body: Uint8Array): Uint8Array {
  return Uint8Array.from([type, ...be(version, 2), ...be(epoch, 2), ...be(seq, 6), ...be(body.length, 2), ...body]);
}

/** A DTLS handshake message (12-byte header) carrying body[offset, offset+length) of a message `body`. */
export function dtlsFragment(
  type: number,
  messageSeq: number,
  body: Uint8Array,
  offset = 0,
  length = body.length - offset,
): Uint8Array {
  return Uint8Array.from([
    type,
    ...be(body.length, 3),
    ...be(messageSeq, 2),
    ...be(offset, 3),
    ...be(length, 3),
    ...body.subarray(offset, offset + length),
  ]);
}

/**
 * The ClientHello body of synth.ts as DTLS sends it: DTLS version, a cookie after the session ID, and `extra`
 * (whole extensions, type and length included) appended to its extensions.
 */
export function dtlsClientHelloBody(
  host: string,
  cookie: Uint8Array,
  version = DTLS_1_2,
  extra: readonly number[] = [],
): Uint8Array {
  const tls = clientHello(host).subarray(4);
  const sidEnd = 34 + 1 + tls[34]!;
  const suitesEnd = sidEnd + 2 + ((tls[sidEnd]! << 8) | tls[sidEnd + 1]!);
  const extAt = suitesEnd + 1 + tls[suitesEnd]!;
  const extLen = ((tls[extAt]! << 8) | tls[extAt + 1]!) + extra.length;
  return Uint8Array.from([
    ...be(version, 2),
    ...tls.subarray(2, sidEnd),
    cookie.length,
    ...cookie,
    ...tls.subarray(sidEnd, extAt),
    ...be(extLen, 2),
    ...tls.subarray(extAt + 2),
    ...extra,
  ]);
}

/** A HelloVerifyRequest body: server_version and the cookie. */
export function helloVerifyRequestBody(cookie: Uint8Array, version = DTLS_1_0): Uint8Array {
  return Uint8Array.from([...be(version, 2), cookie.length, ...cookie]);
}

/** The ServerHello body of synth.ts with a DTLS version. */
export function dtlsServerHelloBody(suite: number, version = DTLS_1_2): Uint8Array {
  const tls = serverHello(suite).subarray(4);
  return Uint8Array.from([...be(version, 2), ...tls.subarray(2)]);
}

export const STUN_MAGIC_COOKIE = 0x2112a442;

export interface StunAttribute {
  type: number;
  value: Uint8Array;
}

/** A STUN message: header with the magic cookie, attributes padded to 4 bytes, then a FINGERPRINT when asked. */
export function stunMessage(
  type: number,
  transactionId: Uint8Array,
  attributes: readonly StunAttribute[],
  fingerprint = true,
): Uint8Array {
  const body: number[] = [];
  for (const a of attributes) {
    body.push(...be(a.type, 2), ...be(a.value.length, 2), ...a.value);
    while (body.length % 4) body.push(0);
  }
  const withFp = fingerprint ? body.length + 8 : body.length;
  const head = [...be(type, 2), ...be(withFp, 2), ...be(STUN_MAGIC_COOKIE, 4), ...transactionId];
  const msg = Uint8Array.from([...head, ...body]);
  if (!fingerprint) return msg;
  const crc = (crc32(msg) ^ 0x5354554e) >>> 0;
  return Uint8Array.from([...msg, ...be(0x8028, 2), ...be(4, 2), ...be(crc, 4)]);
}

/** An XOR-MAPPED-ADDRESS value for an IPv4 address and port. */
export function xorMappedIpv4(ip: readonly number[], port: number): Uint8Array {
  const c = be(STUN_MAGIC_COOKIE, 4);
  return Uint8Array.from([0, 1, ...be(port ^ (STUN_MAGIC_COOKIE >>> 16), 2), ...ip.map((x, i) => x ^ c[i]!)]);
}
