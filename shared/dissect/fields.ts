/**
 * Field declarations: every field is declared once (abbreviation, label, type, display base, value names)
 * and every view — detail tree, hex highlight, filter engine, CLI — reads the same declaration.
 */

export type FieldType =
  | 'protocol'
  | 'none'
  | 'uint8'
  | 'uint16'
  | 'uint24'
  | 'uint32'
  | 'uint64'
  | 'int32'
  | 'boolean'
  | 'bytes'
  | 'string'
  | 'ipv4'
  | 'ipv6'
  | 'ether'
  | 'abstime'
  | 'reltime'
  | 'double'
  | 'framenum'
  | 'oid';

export type FieldBase = 'dec' | 'hex' | 'dec_hex' | 'hex_dec' | 'oct' | 'none';

export interface FieldDef {
  /** Wireshark's abbreviation, e.g. `tls.record.content_type`. */
  readonly abbrev: string;
  /** Position in declaration order (0, 1, …): a small number to index tables by field. */
  readonly id: number;
  /** Wireshark's label name, e.g. `Content Type`. */
  readonly name: string;
  readonly type: FieldType;
  readonly base: FieldBase;
  /** Value names (Wireshark's value_string), shown as `Name (value)`. */
  readonly strings?: ReadonlyMap<number, string>;
  /** Names a value missing from `strings` (default: `Unknown`), for tables Wireshark completes by rule. */
  readonly unnamed?: (v: number) => string;
  /** For bit fields: the mask within the containing integer, and the integer's width in bits. */
  readonly bitmask?: number;
  readonly bitWidth?: number;
  /** For boolean bit fields: the words shown for true and false (default Set / Not set). */
  readonly trueFalse?: readonly [string, string];
  readonly description?: string;
}

export interface FieldSpec {
  name: string;
  type: FieldType;
  base?: FieldBase;
  strings?: ReadonlyMap<number, string> | Readonly<Record<number, string>>;
  unnamed?: (v: number) => string;
  bitmask?: number;
  bitWidth?: number;
  trueFalse?: readonly [string, string];
  description?: string;
}

const registry = new Map<string, FieldDef>();

function toMap(s: FieldSpec['strings']): ReadonlyMap<number, string> | undefined {
  if (!s) return undefined;
  if (s instanceof Map) return s;
  const m = new Map<number, string>();
  for (const [k, v] of Object.entries(s)) m.set(Number(k), v as string);
  return m;
}

function defaultBase(type: FieldType): FieldBase {
  switch (type) {
    case 'uint8':
    case 'uint16':
    case 'uint24':
    case 'uint32':
    case 'uint64':
    case 'int32':
    case 'framenum':
      return 'dec';
    default:
      return 'none';
  }
}

/** Declares a set of fields and returns them keyed by abbreviation. Declaring an abbreviation twice keeps the first. */
export function declareFields<K extends string>(specs: Record<K, FieldSpec>): Record<K, FieldDef> {
  const out = {} as Record<K, FieldDef>;
  for (const abbrev of Object.keys(specs) as K[]) {
    const existing = registry.get(abbrev);
    if (existing) {
      out[abbrev] = existing;
      continue;
    }
    const s = specs[abbrev];
    const def: FieldDef = {
      abbrev,
      id: registry.size,
      name: s.name,
      type: s.type,
      base: s.base ?? defaultBase(s.type),
      strings: toMap(s.strings),
      unnamed: s.unnamed,
      bitmask: s.bitmask,
      bitWidth: s.bitWidth,
      trueFalse: s.trueFalse,
      description: s.description,
    };
    registry.set(abbrev, def);
    out[abbrev] = def;
  }
  return out;
}

/** `ssl` and every `ssl.*` name are aliases of `tls` / `tls.*`. */
export function canonicalFieldName(name: string): string {
  if (name === 'ssl') return 'tls';
  if (name.startsWith('ssl.')) return 'tls.' + name.slice(4);
  return name;
}

export function lookupField(name: string): FieldDef | undefined {
  return registry.get(canonicalFieldName(name));
}

/** Every declared field, for the filter engine and autocomplete. */
export function allFields(): FieldDef[] {
  return [...registry.values()];
}

export function valueName(def: FieldDef, v: number): string | undefined {
  return def.strings?.get(v);
}
