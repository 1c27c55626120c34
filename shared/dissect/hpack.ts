/** HPACK (RFC 7541): header block decoding with the static and dynamic tables and the Huffman code. */

/** RFC 7541 Appendix A. */
const STATIC: readonly (readonly [string, string])[] = [
  [':authority', ''],
  [':method', 'GET'],
  [':method', 'POST'],
  [':path', '/'],
  [':path', '/index.html'],
  [':scheme', 'http'],
  [':scheme', 'https'],
  [':status', '200'],
  [':status', '204'],
  [':status', '206'],
  [':status', '304'],
  [':status', '400'],
  [':status', '404'],
  [':status', '500'],
  ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'],
  ['accept-language', ''],
  ['accept-ranges', ''],
  ['accept', ''],
  ['access-control-allow-origin', ''],
  ['age', ''],
  ['allow', ''],
  ['authorization', ''],
  ['cache-control', ''],
  ['content-disposition', ''],
  ['content-encoding', ''],
  ['content-language', ''],
  ['content-length', ''],
  ['content-location', ''],
  ['content-range', ''],
  ['content-type', ''],
  ['cookie', ''],
  ['date', ''],
  ['etag', ''],
  ['expect', ''],
  ['expires', ''],
  ['from', ''],
  ['host', ''],
  ['if-match', ''],
  ['if-modified-since', ''],
  ['if-none-match', ''],
  ['if-range', ''],
  ['if-unmodified-since', ''],
  ['last-modified', ''],
  ['link', ''],
  ['location', ''],
  ['max-forwards', ''],
  ['proxy-authenticate', ''],
  ['proxy-authorization', ''],
  ['range', ''],
  ['referer', ''],
  ['refresh', ''],
  ['retry-after', ''],
  ['server', ''],
  ['set-cookie', ''],
  ['strict-transport-security', ''],
  ['transfer-encoding', ''],
  ['user-agent', ''],
  ['vary', ''],
  ['via', ''],
  ['www-authenticate', ''],
];

/**
 * Code lengths of the 257 symbols of the HPACK Huffman code (RFC 7541 Appendix B). The code is canonical: codes of
 * one length are consecutive in symbol order, so the lengths alone define it. Each character is a length + '0'.
 */
const LENGTHS =
  '=GLLLLLLLHNLLNLLLLLLLLNLLLLLLLLL6::<=68;::8;8666555666666678?6<:=677777777777777' +
  '77777777878=C=>6?56565666577666567655677777?;>=LDFDDFFFGFGGGGGHGHHFGHGGGGEFGFGGH' +
  'FEDFFGGEGFFHEFGGEEFEGFGGDFFFGFFGJJDCFGFIJJJKKJHICEJKKJKHEEJJLKKKDHDEFEEGFFIIHHJG' +
  'JKJJKKKKKLKKKKKJN';

interface HuffmanTable {
  /** For each length 1..30: first code, and the symbols of that length in order. */
  first: number[];
  symbols: number[][];
}

let huffman: HuffmanTable | undefined;

/** The canonical code of every symbol, for tests and the decoder: [code, length]. */
export function huffmanCodes(): [number, number][] {
  const lens = [...LENGTHS].map((c) => c.charCodeAt(0) - 48);
  const out: [number, number][] = new Array(lens.length);
  let code = 0;
  for (let len = 1; len <= 30; len++) {
    for (let sym = 0; sym < lens.length; sym++) {
      if (lens[sym] !== len) continue;
      out[sym] = [code, len];
      code++;
    }
    code <<= 1;
  }
  return out;
}

function table(): HuffmanTable {
  if (huffman) return huffman;
  const codes = huffmanCodes();
  const first: number[] = new Array(31).fill(-1);
  const symbols: number[][] = Array.from({ length: 31 }, () => []);
  codes.forEach(([code, len], sym) => {
    if (first[len] === -1) first[len] = code;
    symbols[len]!.push(sym);
  });
  huffman = { first, symbols };
  return huffman;
}

/** Decodes a Huffman-coded string; undefined when it is malformed (EOS inside, bad padding). */
export function huffmanDecode(b: Uint8Array): string | undefined {
  const tb = table();
  const out: number[] = [];
  let code = 0;
  let len = 0;
  for (const byte of b) {
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((byte >> bit) & 1);
      len++;
      const f = tb.first[len]!;
      if (f >= 0 && code - f >= 0 && code - f < tb.symbols[len]!.length) {
        const sym = tb.symbols[len]![code - f]!;
        if (sym === 256) return undefined;
        out.push(sym);
        code = 0;
        len = 0;
      } else if (len > 30) return undefined;
    }
  }
  // Padding: at most 7 bits, all ones (a prefix of EOS).
  if (len > 7 || code !== (1 << len) - 1) return undefined;
  return new TextDecoder('latin1').decode(Uint8Array.from(out));
}

export type Representation =
  | 'Indexed Header Field'
  | 'Literal Header Field with Incremental Indexing - Indexed Name'
  | 'Literal Header Field with Incremental Indexing - New Name'
  | 'Literal Header Field without Indexing - Indexed Name'
  | 'Literal Header Field without Indexing - New Name'
  | 'Literal Header Field never Indexed - Indexed Name'
  | 'Literal Header Field never Indexed - New Name';

export interface HeaderField {
  name: string;
  value: string;
  /** Byte range of the representation within the block. */
  offset: number;
  length: number;
  representation: Representation;
  /** Table index used (0 when the name was literal). */
  index: number;
}

export interface HeaderBlock {
  headers: HeaderField[];
  /** Dynamic table size updates found, in order. */
  sizeUpdates: number[];
  /** Set when the block could not be decoded to its end. */
  error?: string;
}

/** One direction's decoding context: the dynamic table persists from block to block. */
export class HpackDecoder {
  private dynamic: [string, string][] = [];
  private size = 0;
  private maxSize = 4096;

  private entry(index: number): readonly [string, string] | undefined {
    if (index >= 1 && index <= STATIC.length) return STATIC[index - 1];
    return this.dynamic[index - STATIC.length - 1];
  }

  private insert(name: string, value: string): void {
    this.dynamic.unshift([name, value]);
    this.size += name.length + value.length + 32;
    this.evict();
  }

  private evict(): void {
    while (this.size > this.maxSize && this.dynamic.length) {
      const [n, v] = this.dynamic.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }

  decode(b: Uint8Array): HeaderBlock {
    const out: HeaderBlock = { headers: [], sizeUpdates: [] };
    let p = 0;
    const int = (prefix: number): number | undefined => {
      if (p >= b.length) return undefined;
      const mask = (1 << prefix) - 1;
      let v = b[p++]! & mask;
      if (v < mask) return v;
      let m = 0;
      for (;;) {
        if (p >= b.length || m > 28) return undefined;
        const x = b[p++]!;
        v += (x & 0x7f) * 2 ** m;
        m += 7;
        if (!(x & 0x80)) return v;
      }
    };
    const str = (): string | undefined => {
      if (p >= b.length) return undefined;
      const huff = (b[p]! & 0x80) !== 0;
      const len = int(7);
      if (len === undefined || p + len > b.length) return undefined;
      const raw = b.subarray(p, p + len);
      p += len;
      return huff ? huffmanDecode(raw) : new TextDecoder('latin1').decode(raw);
    };
    while (p < b.length) {
      const start = p;
      const first = b[p]!;
      if (first & 0x80) {
        const index = int(7);
        const e = index !== undefined ? this.entry(index) : undefined;
        if (!e || !index) return { ...out, error: `bad index ${index ?? '?'}` };
        out.headers.push({
          name: e[0],
          value: e[1],
          offset: start,
          length: p - start,
          representation: 'Indexed Header Field',
          index,
        });
        continue;
      }
      if ((first & 0xe0) === 0x20) {
        const size = int(5);
        if (size === undefined) return { ...out, error: 'truncated size update' };
        this.maxSize = size;
        this.evict();
        out.sizeUpdates.push(size);
        continue;
      }
      const incremental = (first & 0xc0) === 0x40;
      const never = !incremental && (first & 0xf0) === 0x10;
      const index = int(incremental ? 6 : 4);
      if (index === undefined) return { ...out, error: 'truncated header' };
      let name: string | undefined;
      if (index) name = this.entry(index)?.[0];
      else name = str();
      const value = str();
      if (name === undefined || value === undefined) return { ...out, error: 'truncated or bad header' };
      const kind = incremental ? 'with Incremental Indexing' : never ? 'never Indexed' : 'without Indexing';
      out.headers.push({
        name,
        value,
        offset: start,
        length: p - start,
        representation: `Literal Header Field ${kind} - ${index ? 'Indexed Name' : 'New Name'}` as Representation,
        index,
      });
      if (incremental) this.insert(name, value);
    }
    return out;
  }
}
