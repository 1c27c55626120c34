/** Address text as Wireshark prints it. */
import { hex2 } from '../bytes.ts';

/** Decimal text of every byte value, so dotted quads are joined rather than formatted. */
const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));

/**
 * The texts of recently seen IPv4 addresses, by a hash of the address: a capture has few of them, so most packets
 * get their text without building it, and the same string each time (which keeps lookups by it cheap).
 */
const V4_SLOTS = 4096;
const v4Keys = new Float64Array(V4_SLOTS).fill(-1);
const v4Texts: string[] = new Array<string>(V4_SLOTS).fill('');

export function ipv4Text(b: Uint8Array, o: number): string {
  const a = b[o]!;
  const c = b[o + 1]!;
  const d = b[o + 2]!;
  const e = b[o + 3]!;
  const key = a * 16777216 + c * 65536 + d * 256 + e;
  const slot = (a ^ (c << 3) ^ (d << 6) ^ (e << 9) ^ (e >> 3)) & (V4_SLOTS - 1);
  if (v4Keys[slot] === key) return v4Texts[slot]!;
  const text = `${DECIMAL[a]}.${DECIMAL[c]}.${DECIMAL[d]}.${DECIMAL[e]}`;
  v4Keys[slot] = key;
  v4Texts[slot] = text;
  return text;
}

/** RFC 5952 text: lower case, longest run of two or more zero groups as `::`, embedded IPv4 for mapped addresses. */
export function ipv6Text(b: Uint8Array, o: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const isMapped = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
  if (isMapped) return `::ffff:${ipv4Text(b, o + 12)}`;
  const part = (from: number, to: number): string =>
    g
      .slice(from, to)
      .map((x) => x.toString(16))
      .join(':');
  if (bestStart < 0) return part(0, 8);
  return `${part(0, bestStart)}::${part(bestStart + bestLen, 8)}`;
}

export function etherText(b: Uint8Array, o: number): string {
  return `${hex2(b[o]!)}:${hex2(b[o + 1]!)}:${hex2(b[o + 2]!)}:${hex2(b[o + 3]!)}:${hex2(b[o + 4]!)}:${hex2(b[o + 5]!)}`;
}
