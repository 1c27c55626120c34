/**
 * Autocomplete for the filter bar: field names (from the field registry), operators after a field,
 * `and`/`or` after a value, and value names after `field ==`.
 */
import { allFields, canonicalFieldName, lookupField } from '../dissect/fields.ts';
import { typeName } from './values.ts';

export interface Completion {
  label: string;
  detail: string;
}

const MAX_ITEMS = 200;

const OPERATORS: readonly Completion[] = [
  { label: '==', detail: 'Equal (any value)' },
  { label: '!=', detail: 'Not equal (no value equals)' },
  { label: '===', detail: 'Equal (all values)' },
  { label: '!==', detail: 'Not equal (any value differs)' },
  { label: '>', detail: 'Greater than' },
  { label: '<', detail: 'Less than' },
  { label: '>=', detail: 'Greater than or equal' },
  { label: '<=', detail: 'Less than or equal' },
  { label: 'contains', detail: 'Contains a byte string or substring' },
  { label: 'matches', detail: 'Matches a regular expression (case-insensitive)' },
  { label: 'in', detail: 'Member of a set: in {80, 443, 8000..8080}' },
  { label: 'not in', detail: 'Not a member of a set' },
  { label: '&', detail: 'Bitwise AND' },
  { label: 'and', detail: 'Logical AND' },
  { label: 'or', detail: 'Logical OR' },
];

const LOGICAL: readonly Completion[] = [
  { label: 'and', detail: 'Logical AND' },
  { label: 'or', detail: 'Logical OR' },
];

const STARTERS: readonly Completion[] = [
  { label: 'not', detail: 'Logical NOT' },
  { label: 'len(', detail: 'Length in bytes' },
  { label: 'count(', detail: 'Number of occurrences' },
  { label: 'lower(', detail: 'Lower-case string' },
  { label: 'upper(', detail: 'Upper-case string' },
  { label: 'string(', detail: 'Field value as a string' },
  { label: 'abs(', detail: 'Absolute value' },
  { label: 'max(', detail: 'Largest value' },
  { label: 'min(', detail: 'Smallest value' },
];

const LOGIC_WORDS = new Set(['and', 'or', 'not', 'any', 'all', 'in']);
const CMP_WORDS = new Set([
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'any_eq',
  'all_ne',
  'all_eq',
  'any_ne',
  'contains',
  'matches',
]);
const NAME_CHAR = /[A-Za-z0-9_.:/-]/;

/** The word (identifier, number, address) ending at `end`. */
function wordBefore(text: string, end: number): { word: string; start: number } {
  let i = end;
  while (i > 0 && NAME_CHAR.test(text[i - 1]!)) i--;
  return { word: text.slice(i, end), start: i };
}

function skipSpaceBack(text: string, i: number): number {
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  return i;
}

/** The comparison operator ending at `end`, if any. */
function operatorBefore(text: string, end: number): { op: string; start: number } | undefined {
  const sym = /(===|!==|==|!=|~=|>=|<=|>|<|~)$/.exec(text.slice(Math.max(0, end - 3), end));
  if (sym) return { op: sym[1]!, start: end - sym[1]!.length };
  const w = wordBefore(text, end);
  return CMP_WORDS.has(w.word) ? { op: w.word, start: w.start } : undefined;
}

/** Where the double-quoted string still open at `end` starts, or -1. */
function openQuote(text: string, end: number): number {
  let open = -1;
  for (let i = 0; i < end; i++) {
    const c = text[i];
    if (open >= 0 && c === '\\') i++;
    else if (c === '"') open = open >= 0 ? -1 : i;
  }
  return open;
}

function quoteName(name: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9_-]*$/.test(name) ? name : `"${name.replace(/["\\]/g, (c) => '\\' + c)}"`;
}

/** Suggestions for the text at `cursor`, and where the text they replace starts. */
export function completeFilter(text: string, cursor: number): { from: number; items: Completion[] } {
  const pos = Math.max(0, Math.min(Number.isFinite(cursor) ? Math.floor(cursor) : text.length, text.length));
  let { word: prefix, start: from } = wordBefore(text, pos);
  const quote = openQuote(text, pos);
  if (quote >= 0) {
    // A quoted value being typed.
    from = quote;
    prefix = text.slice(quote, pos);
  } else if (prefix.startsWith('.')) {
    // `.field` forces a field name; complete the name after the dot.
    prefix = prefix.slice(1);
    from++;
  }
  const low = prefix.toLowerCase();
  const before = skipSpaceBack(text, from);
  const prevChar = before > 0 ? text[before - 1]! : '';
  const prev = wordBefore(text, before);

  // After a field, a function call or a slice: operators.
  const afterOperand =
    before < from &&
    ((prev.word !== '' && !LOGIC_WORDS.has(prev.word) && lookupField(prev.word) !== undefined) ||
      prevChar === ')' ||
      prevChar === ']');
  if (afterOperand) return { from, items: OPERATORS.filter((o) => o.label.startsWith(low)) };

  // After `field ==`: the field's value names, if it has any.
  const op = operatorBefore(text, before);
  if (op) {
    const def = lookupField(wordBefore(text, skipSpaceBack(text, op.start)).word);
    const items: Completion[] = [];
    const want = low.replace(/^"/, '');
    for (const [v, name] of def?.strings ?? []) {
      const label = quoteName(name);
      if (label.toLowerCase().replace(/^"/, '').startsWith(want) && items.length < MAX_ITEMS) {
        items.push({ label, detail: `${def!.abbrev} == ${v}` });
      }
    }
    return { from, items };
  }

  // After a value: and / or.
  if (before < from && prev.word !== '' && !LOGIC_WORDS.has(prev.word) && lookupField(prev.word) === undefined) {
    return { from, items: LOGICAL.filter((o) => o.label.startsWith(low)) };
  }
  if (before < from && (prevChar === '"' || prevChar === "'" || prevChar === '}')) {
    return { from, items: LOGICAL.filter((o) => o.label.startsWith(low)) };
  }

  // Otherwise: field names, then `not` and the functions.
  const canon = canonicalFieldName(low);
  const items: Completion[] = [];
  const fields = allFields()
    .filter((d) => d.abbrev.toLowerCase().startsWith(canon))
    .sort((a, b) => a.abbrev.localeCompare(b.abbrev));
  for (const d of fields) {
    if (items.length >= MAX_ITEMS) break;
    items.push({ label: d.abbrev, detail: `${d.name} (${typeName(d.type)})` });
  }
  for (const k of STARTERS) if (k.label.startsWith(low) && items.length < MAX_ITEMS) items.push(k);
  return { from, items };
}
