/** Bounds-checked big/little-endian reads over a Uint8Array, without allocating. */

/** Thrown when a dissector reads past the bytes it has; the packet driver turns it into a malformed-packet note. */
export class BoundsError extends Error {
  constructor(
    readonly offset: number,
    readonly wanted: number,
    readonly available: number,
  ) {
    super(`read of ${wanted} byte(s) at offset ${offset} past the end (${available} available)`);
  }
}

export function need(b: Uint8Array, offset: number, length: number): void {
  if (offset < 0 || length < 0 || offset + length > b.length) throw new BoundsError(offset, length, b.length);
}

export function u8(b: Uint8Array, o: number): number {
  if (o >= b.length || o < 0) throw new BoundsError(o, 1, b.length);
  return b[o]!;
}

export function u16(b: Uint8Array, o: number): number {
  need(b, o, 2);
  return (b[o]! << 8) | b[o + 1]!;
}

export function u16le(b: Uint8Array, o: number): number {
  need(b, o, 2);
  return b[o]! | (b[o + 1]! << 8);
}

export function u24(b: Uint8Array, o: number): number {
  need(b, o, 3);
  return (b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!;
}

export function u32(b: Uint8Array, o: number): number {
  need(b, o, 4);
  return ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

export function u32le(b: Uint8Array, o: number): number {
  need(b, o, 4);
  return ((b[o + 3]! << 24) >>> 0) + ((b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!);
}

export function slice(b: Uint8Array, o: number, len: number): Uint8Array {
  need(b, o, len);
  return b.subarray(o, o + len);
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(b: Uint8Array, sep = ''): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += (i && sep ? sep : '') + HEX[b[i]!]!;
  return s;
}

export function hex2(n: number): string {
  return HEX[n & 0xff]!;
}

export function ascii(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
export function utf8Text(b: Uint8Array): string {
  return utf8.decode(b);
}
