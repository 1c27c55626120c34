/** Wireshark's text for a field value: the detail-pane label and the `-T fields` value. */
import { hex } from '../bytes.ts';
import type { FieldDef } from './fields.ts';
import type { FieldValue } from './tree.ts';

function hexWidth(def: FieldDef): number {
  switch (def.type) {
    case 'uint8':
      return 2;
    case 'uint16':
      return 4;
    case 'uint24':
      return 6;
    case 'uint64':
      return 16;
    default:
      return 8;
  }
}

function numberText(def: FieldDef, v: number | bigint): string {
  const h = '0x' + v.toString(16).padStart(hexWidth(def), '0');
  switch (def.base) {
    case 'hex':
      return h;
    case 'dec_hex':
      return `${v} (${h})`;
    case 'hex_dec':
      return `${h} (${v})`;
    case 'oct':
      return '0' + v.toString(8);
    default:
      return String(v);
  }
}

function isInteger(def: FieldDef): boolean {
  return (
    def.type === 'uint8' ||
    def.type === 'uint16' ||
    def.type === 'uint24' ||
    def.type === 'uint32' ||
    def.type === 'uint64' ||
    def.type === 'int32' ||
    def.type === 'framenum'
  );
}

/** A bit field drawn as Wireshark does: `.... ..1. = Name: Value`. */
export function bitPattern(mask: number, width: number, value: number): string {
  let s = '';
  for (let i = width - 1; i >= 0; i--) {
    const bit = 2 ** i;
    s += Math.floor(mask / bit) % 2 ? (Math.floor(value / bit) % 2 ? '1' : '0') : '.';
    if (i && i % 4 === 0) s += ' ';
  }
  return s;
}

/** The value as the detail pane shows it after `Name: `. */
export function displayValue(def: FieldDef, v: FieldValue): string {
  if (v === undefined) return '';
  if (def.type === 'boolean') {
    const [t, f] = def.trueFalse ?? (def.bitmask !== undefined ? ['Set', 'Not set'] : ['True', 'False']);
    return v ? t : f;
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (isInteger(def)) {
      const name = typeof v === 'number' ? def.strings?.get(v) : undefined;
      if (name !== undefined) return `${name} (${def.base === 'dec' ? v : numberText({ ...def, base: 'hex' }, v)})`;
      if (def.strings && typeof v === 'number')
        return `${def.unnamed?.(v) ?? 'Unknown'} (${def.base === 'dec' ? v : numberText({ ...def, base: 'hex' }, v)})`;
      return numberText(def, v);
    }
    return String(v);
  }
  // An empty byte field: Wireshark has no bytes to show.
  if (v instanceof Uint8Array && v.length === 0) return '<MISSING>';
  if (v instanceof Uint8Array) return v.length > MAX_BYTES_SHOWN ? hex(v.subarray(0, MAX_BYTES_SHOWN)) + '…' : hex(v);
  return String(v);
}

/** Wireshark shows at most 36 bytes of a byte field in its label, then an ellipsis. */
const MAX_BYTES_SHOWN = 36;
/** Wireshark cuts every label at 239 characters. */
export const MAX_LABEL = 239;

export function fieldLabel(def: FieldDef, v: FieldValue): string {
  if (def.type === 'protocol' || def.type === 'none') return def.name;
  const text = `${def.name}: ${displayValue(def, v)}`;
  if (def.bitmask !== undefined && def.bitWidth && typeof v !== 'object') {
    const raw = typeof v === 'boolean' ? (v ? def.bitmask : 0) : Number(v) * lowestBit(def.bitmask);
    return `${bitPattern(def.bitmask, def.bitWidth, raw)} = ${text}`;
  }
  return text;
}

function lowestBit(mask: number): number {
  let b = 1;
  while (b <= mask && !(Math.floor(mask / b) % 2)) b *= 2;
  return b;
}

/** The value as `tshark -T fields` prints it. */
export function fieldsValue(def: FieldDef, v: FieldValue): string {
  if (v === undefined) return def.type === 'protocol' || def.type === 'none' ? '' : '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number' || typeof v === 'bigint') {
    if (isInteger(def)) {
      if (def.base === 'hex' || def.base === 'hex_dec') return '0x' + v.toString(16).padStart(hexWidth(def), '0');
      return String(v);
    }
    return String(v);
  }
  if (v instanceof Uint8Array) return hex(v);
  return v;
}
