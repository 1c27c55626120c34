/** The hello messages' Random, and which version a ServerHello negotiates (read ahead, before its fields). */
import { hex, slice, u16, u32, u8 } from '../../bytes.ts';
import { absTimeText } from '../frame.ts';
import type { FieldNode, FieldTree } from '../tree.ts';
import { F } from './fields.ts';

const SUPPORTED_VERSIONS = 43;

/**
 * The Random of a hello at `o`. Before TLS 1.3, Wireshark shows its first four bytes as GMT Unix Time and the rest
 * as Random Bytes; in a TLS 1.3 session both stay hidden (filters still see them).
 */
export function addRandom(
  t: FieldTree,
  hs: FieldNode,
  b: Uint8Array,
  o: number,
  splitTime: boolean,
  helloRetry = false,
): void {
  const random = slice(b, o, 32);
  const r = t.add(hs, F['tls.handshake.random'], o, 32, random, {
    label: helloRetry && t.labels ? `Random: ${hex(random)} (HelloRetryRequest magic)` : undefined,
  });
  const time = t.keeps('tls.handshake.random_time') ? absTimeText(u32(b, o), 0) : undefined;
  t.add(r, F['tls.handshake.random_time'], o, 4, time, { hidden: !splitTime });
  t.add(r, F['tls.handshake.random_bytes'], o + 4, 28, slice(b, o + 4, 28), { hidden: !splitTime });
}

/** Whether a hello of a session at `version` has a random without time: TLS 1.3 and its IETF drafts (0x7fNN). */
export function randomWithoutTime(version: number): boolean {
  return version === 0x0304 || (version & 0xff00) === 0x7f00;
}

/**
 * The version a ServerHello body at `o` (ending at `end`) negotiates: its supported_versions extension when present,
 * else its legacy version. Reads without failing on a short message (returns the legacy version).
 */
export function serverHelloVersion(b: Uint8Array, o: number, end: number): number {
  end = Math.min(end, b.length);
  const legacy = u16(b, o);
  if ((legacy & 0xff00) === 0x7f00) return legacy;
  let p = o + 34;
  if (p >= end) return legacy;
  p += 1 + u8(b, p) + 3; // session id, cipher suite, compression method
  if (p + 2 > end) return legacy;
  const extEnd = Math.min(end, p + 2 + u16(b, p));
  p += 2;
  while (p + 4 <= extEnd) {
    const type = u16(b, p);
    const len = u16(b, p + 2);
    if (type === SUPPORTED_VERSIONS && len === 2 && p + 6 <= extEnd) return u16(b, p + 4);
    p += 4 + len;
  }
  return legacy;
}
