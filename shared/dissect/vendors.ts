/**
 * Ethernet vendor names as Wireshark shows them (`Apple_a2:05:1d`). The OUI table itself is data the host provides
 * (the Node side loads the IEEE registry; a browser build may leave it out), so shared/ stays free of it.
 */
import { hex2 } from '../bytes.ts';
import { etherText } from './addr.ts';

/** Short vendor name for a 24-bit OUI, or undefined. */
export type VendorLookup = (oui: number) => string | undefined;

let lookup: VendorLookup | undefined;

export function setVendorLookup(fn: VendorLookup | undefined): void {
  lookup = fn;
}

const CORPORATE_WORDS = new Set([
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'srl',
  'plc',
  'pty',
  'bv',
  'nv',
  'oy',
  'ab',
  'spj',
]);

/**
 * Wireshark's short form of a registry name: all-capital names title-cased, corporate words dropped, the rest
 * joined without spaces or punctuation (hyphens kept) and cut to 8 characters.
 */
export function shortVendorName(name: string): string {
  let n = name.trim();
  if (!/[a-z]/.test(n))
    n = n.toLowerCase().replace(/(^|[^a-z])([a-z])/g, (_m, pre: string, c: string) => pre + c.toUpperCase());
  const words = n.split(/[\s,&]+/).filter((w) => w && !CORPORATE_WORDS.has(w.toLowerCase().replace(/[^a-z]/g, '')));
  return words
    .join('')
    .replace(/[^A-Za-z0-9-]/g, '')
    .slice(0, 8);
}

function isBroadcast(b: Uint8Array, o: number): boolean {
  for (let i = 0; i < 6; i++) if (b[o + i] !== 0xff) return false;
  return true;
}

/** The resolved name of an address (`Broadcast`, `Apple_a2:05:1d`), or its colon-hex text when unknown. */
export function etherName(b: Uint8Array, o: number): string {
  if (isBroadcast(b, o)) return 'Broadcast';
  const vendor = lookup?.((b[o]! << 16) | (b[o + 1]! << 8) | b[o + 2]!);
  if (vendor) return `${vendor}_${hex2(b[o + 3]!)}:${hex2(b[o + 4]!)}:${hex2(b[o + 5]!)}`;
  return etherText(b, o);
}
