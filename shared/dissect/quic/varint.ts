/** QUIC variable-length integers (RFC 9000 §16). */

/** Length in bytes of the varint starting with byte `first`. */
export function varintLength(first: number): number {
  return 1 << (first >> 6);
}

/** The varint at `o` (as a number: exact up to 2^53), or -1 when it runs past `end`. */
export function readVarint(b: Uint8Array, o: number, end: number): number {
  if (o >= end) return -1;
  const n = varintLength(b[o]!);
  if (o + n > end) return -1;
  let v = b[o]! & 0x3f;
  for (let i = 1; i < n; i++) v = v * 256 + b[o + i]!;
  return v;
}

/** The varint at `o` exactly, as a bigint (values reach 2^62), or -1n when it runs past `end`. */
export function readVarintBig(b: Uint8Array, o: number, end: number): bigint {
  if (o >= end) return -1n;
  const n = varintLength(b[o]!);
  if (o + n > end) return -1n;
  let v = BigInt(b[o]! & 0x3f);
  for (let i = 1; i < n; i++) v = (v << 8n) | BigInt(b[o + i]!);
  return v;
}
