/**
 * MD5 (RFC 1321) and SHA-256 (FIPS 180-4) over bytes or text, as lower-case hex, for the TLS fingerprints.
 * Synchronous and dependency-free: shared/ cannot use Node's crypto, and Web Crypto's digest is asynchronous.
 */

const encoder = new TextEncoder();

function bytesOf(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? encoder.encode(data) : data;
}

/** The message, 0x80, zeros, and its length in bits as 8 bytes (big- or little-endian), to a multiple of 64. */
function pad(msg: Uint8Array, bigEndian: boolean): Uint8Array {
  const blocks = Math.ceil((msg.length + 9) / 64);
  const out = new Uint8Array(blocks * 64);
  out.set(msg);
  out[msg.length] = 0x80;
  const dv = new DataView(out.buffer);
  const bits = msg.length * 8;
  const hi = Math.floor(bits / 0x100000000);
  const lo = bits >>> 0;
  if (bigEndian) {
    dv.setUint32(out.length - 8, hi);
    dv.setUint32(out.length - 4, lo);
  } else {
    dv.setUint32(out.length - 8, lo, true);
    dv.setUint32(out.length - 4, hi, true);
  }
  return out;
}

function hexWords(words: readonly number[], bigEndian: boolean): string {
  let s = '';
  for (const w of words) {
    const v = bigEndian ? w >>> 0 : ((w & 0xff) << 24) | ((w & 0xff00) << 8) | ((w >>> 8) & 0xff00) | (w >>> 24);
    s += (v >>> 0).toString(16).padStart(8, '0');
  }
  return s;
}

/** Per-step additive constants: the integer part of |sin(i + 1)| · 2³². */
const MD5_K = Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) >>> 0);
/** Left-rotation amounts, four per round. */
const MD5_S = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

export function md5Hex(data: Uint8Array | string): string {
  const m = pad(bytesOf(data), false);
  const dv = new DataView(m.buffer);
  let a0 = 0x67452301;
  let b0 = 0xefcdab89;
  let c0 = 0x98badcfe;
  let d0 = 0x10325476;
  const x = new Array<number>(16);
  for (let off = 0; off < m.length; off += 64) {
    for (let j = 0; j < 16; j++) x[j] = dv.getUint32(off + j * 4, true);
    let a = a0;
    let b = b0;
    let c = c0;
    let d = d0;
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      let f: number;
      let g: number;
      if (round === 0) {
        f = (b & c) | (~b & d);
        g = i;
      } else if (round === 1) {
        f = (d & b) | (~d & c);
        g = (5 * i + 1) & 15;
      } else if (round === 2) {
        f = b ^ c ^ d;
        g = (3 * i + 5) & 15;
      } else {
        f = c ^ (b | ~d);
        g = (7 * i) & 15;
      }
      const sum = (a + f + MD5_K[i]! + x[g]!) | 0;
      const s = MD5_S[(round << 2) | (i & 3)]!;
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  return hexWords([a0, b0, c0, d0], false);
}

/** The first n primes. */
function primes(n: number): number[] {
  const out: number[] = [];
  for (let k = 2; out.length < n; k++) if (out.every((p) => k % p !== 0)) out.push(k);
  return out;
}

/** The first 32 bits of the fractional part of x. */
function frac32(x: number): number {
  return Math.floor((x - Math.floor(x)) * 0x100000000) >>> 0;
}

const PRIMES = primes(64);
/** Round constants: cube roots of the first 64 primes; initial hash: square roots of the first 8. */
const SHA256_K = PRIMES.map((p) => frac32(Math.cbrt(p)));
const SHA256_H = PRIMES.slice(0, 8).map((p) => frac32(Math.sqrt(p)));

function rotr(x: number, n: number): number {
  return (x >>> n) | (x << (32 - n));
}

export function sha256Hex(data: Uint8Array | string): string {
  const m = pad(bytesOf(data), true);
  const dv = new DataView(m.buffer);
  const h = SHA256_H.slice();
  const w = new Array<number>(64);
  for (let off = 0; off < m.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = dv.getUint32(off + t * 4) | 0;
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >>> 3);
      const s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as [number, number, number, number, number, number, number, number];
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + SHA256_K[t]! + w[t]!) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const add = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = (h[i]! + add[i]!) | 0;
  }
  return hexWords(h, true);
}
