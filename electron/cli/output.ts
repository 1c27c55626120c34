/** tshark's output formats over dissected packets: one-line text summaries, -T fields and -T json. */
import { canonicalFieldName } from '../../shared/dissect/fields.ts';
import { fieldsValue } from '../../shared/dissect/format.ts';
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import type { FieldNode } from '../../shared/dissect/tree.ts';

/**
 * The fields printed without the field tree: the columns, and frame.number (the packet's number, one in every
 * packet), so that `-e frame.number` beside the columns or a filter keeps no tree of its own.
 */
const COLUMN_FIELDS: Record<string, (p: DissectedPacket) => string> = {
  'frame.number': (p) => String(p.number),
  '_ws.col.No.': (p) => String(p.number),
  '_ws.col.number': (p) => String(p.number),
  '_ws.col.Time': (p) => p.timeRelative.slice(0, -3),
  '_ws.col.Source': (p) => p.cols.src,
  '_ws.col.Destination': (p) => p.cols.dst,
  '_ws.col.Protocol': (p) => p.cols.protocol,
  '_ws.col.Length': (p) => String(p.origlen),
  '_ws.col.Info': (p) => p.cols.info,
};

export function isColumnField(name: string): boolean {
  return name in COLUMN_FIELDS;
}

/** Every value of a field in a packet, as tshark -T fields prints them. */
export function fieldValues(p: DissectedPacket, name: string): string[] {
  const col = COLUMN_FIELDS[name];
  if (col) return [col(p)];
  const out: string[] = [];
  collectFieldsText(p.tree.roots, canonicalFieldName(name), out);
  return out;
}

/** The -T fields text of every node of field `abbrev`, in tree order (a plain recursion: this runs per packet). */
function collectFieldsText(nodes: readonly FieldNode[], abbrev: string, out: string[]): void {
  for (const n of nodes) {
    if (n.def?.abbrev === abbrev) out.push(nodeFieldsText(n));
    if (n.children) collectFieldsText(n.children, abbrev, out);
  }
}

function nodeFieldsText(n: FieldNode): string {
  const def = n.def!;
  if (def.type === 'protocol' || def.type === 'none') return n.label;
  return fieldsValue(def, n.value);
}

export interface FieldsFormat {
  separator: string;
  occurrence: 'f' | 'l' | 'a';
  aggregator: string;
  quote: 'd' | 's' | 'n';
}

function quoted(v: string, q: FieldsFormat['quote']): string {
  if (q === 'd') return `"${v}"`;
  if (q === 's') return `'${v}'`;
  return v;
}

/** tshark's -T fields output escapes these control characters in every value and prints the rest verbatim. */
const FIELD_ESCAPES: Readonly<Record<string, string>> = {
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

const NEEDS_ESCAPE = /[\b\f\n\r\t]/;

function escapeFieldValue(v: string): string {
  return NEEDS_ESCAPE.test(v) ? v.replace(/[\b\f\n\r\t]/g, (c) => FIELD_ESCAPES[c] ?? c) : v;
}

/** The text of one -T fields cell of a packet (quoted and escaped; empty when the packet has no such field). */
type CellText = (p: DissectedPacket) => string;

function cellText(field: string, fmt: FieldsFormat): CellText {
  const col = COLUMN_FIELDS[field];
  // A column has exactly one value in every packet.
  if (col) return (p) => quoted(escapeFieldValue(col(p)), fmt.quote);
  const abbrev = canonicalFieldName(field);
  return (p) => {
    const vals: string[] = [];
    collectFieldsText(p.tree.roots, abbrev, vals);
    if (vals.length === 0) return '';
    let v: string;
    if (fmt.occurrence === 'f') v = escapeFieldValue(vals[0]!);
    else if (fmt.occurrence === 'l') v = escapeFieldValue(vals[vals.length - 1]!);
    else v = vals.map(escapeFieldValue).join(fmt.aggregator);
    return quoted(v, fmt.quote);
  };
}

/** The -T fields line of a packet for these fields and this format, with each field's lookup decided once. */
export function fieldsLineWriter(fields: readonly string[], fmt: FieldsFormat): (p: DissectedPacket) => string {
  const cells = fields.map((f) => cellText(f, fmt));
  const separator = fmt.separator;
  return (p) => {
    let line = cells.length ? cells[0]!(p) : '';
    for (let i = 1; i < cells.length; i++) line += separator + cells[i]!(p);
    return line;
  };
}

/** The writer of the last fields and format asked for: a run asks for the same ones for every packet. */
let lastWriter: { fields: readonly string[]; fmt: FieldsFormat; write: (p: DissectedPacket) => string } | undefined;

export function fieldsLine(p: DissectedPacket, fields: readonly string[], fmt: FieldsFormat): string {
  if (lastWriter?.fields !== fields || lastWriter.fmt !== fmt)
    lastWriter = { fields, fmt, write: fieldsLineWriter(fields, fmt) };
  return lastWriter.write(p);
}

export function fieldsHeader(fields: readonly string[], fmt: FieldsFormat): string {
  return fields.map((f) => quoted(f, fmt.quote)).join(fmt.separator);
}

/** tshark's default one-line summary: No. Time Source → Destination Protocol Length Info. */
export function textLine(p: DissectedPacket): string {
  const num = String(p.number).padStart(5);
  const time = p.timeRelative.slice(0, -3).padStart(10);
  const src = p.cols.src.padStart(12);
  const dst = p.cols.dst.padEnd(12);
  return `${num} ${time} ${src} → ${dst} ${p.cols.protocol} ${p.origlen} ${p.cols.info}`;
}

interface JsonLayerValue {
  [key: string]: string | JsonLayerValue | (string | JsonLayerValue)[];
}

function addJson(obj: JsonLayerValue, key: string, value: string | JsonLayerValue): void {
  const existing = obj[key];
  if (existing === undefined) obj[key] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else obj[key] = [existing, value];
}

function jsonNode(n: FieldNode): JsonLayerValue {
  const out: JsonLayerValue = {};
  for (const c of n.children ?? []) {
    if (!c.def) {
      if (c.children) addJson(out, c.label, jsonNode(c));
      continue;
    }
    const v = c.def.type === 'protocol' || c.def.type === 'none' ? c.label : fieldsValue(c.def, c.value);
    if (c.children?.length) {
      addJson(out, c.def.abbrev, v);
      addJson(out, `${c.def.abbrev}_tree`, jsonNode(c));
    } else addJson(out, c.def.abbrev, v);
  }
  return out;
}

/** One packet in tshark's -T json shape (`_source.layers` keyed by protocol). */
export function jsonPacket(p: DissectedPacket): object {
  const layers: JsonLayerValue = {};
  for (const root of p.tree.roots) {
    const key = root.def?.abbrev ?? root.label;
    addJson(layers, key, jsonNode(root));
  }
  return { _index: 'packets', _type: 'doc', _score: null, _source: { layers } };
}
