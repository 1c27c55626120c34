/**
 * What a CLI run has to compute besides the fields it prints: the Protocol/Info/Source/Destination columns, and
 * the Ethernet vendor names (loading the OUI registry costs about 0.1 s). Both are skipped when nothing shown reads
 * them; the answers err on the side of computing.
 */
import { canonicalFieldName } from '../../shared/dissect/fields.ts';
import type { CliOptions } from './args.ts';

/** The column fields filled by dissection; the others (No., Time, Length) come from the frame record. */
const DISSECTED_COLUMNS = new Set(['_ws.col.Source', '_ws.col.Destination', '_ws.col.Protocol', '_ws.col.Info']);
/** The column fields that show link-layer addresses by name when no network layer replaces them. */
const ADDRESS_COLUMNS = new Set(['_ws.col.Source', '_ws.col.Destination']);

/** Whether the options print anything besides -T fields values (text lines, details, JSON, statistics, follow). */
function showsMoreThanFields(opts: CliOptions): boolean {
  return opts.format !== 'fields' || opts.stats.length > 0;
}

/** Whether the Protocol/Info (and address) columns must be computed for each packet. */
export function columnsNeeded(opts: CliOptions): boolean {
  if (opts.format === 'json' && opts.stats.length === 0) return false;
  if (showsMoreThanFields(opts)) return true;
  return !opts.quiet && opts.fields.some((f) => DISSECTED_COLUMNS.has(f));
}

/** A field whose value is a resolved Ethernet name, or a protocol whose label shows them. */
function showsEtherNames(field: string): boolean {
  const name = canonicalFieldName(field);
  return ADDRESS_COLUMNS.has(field) || name.endsWith('_resolved') || name === 'eth' || name === 'sll';
}

/** Whether the output or the filter can read an Ethernet vendor name (`Apple_a2:05:1d`). */
export function vendorNamesNeeded(opts: CliOptions, filterFields: readonly string[]): boolean {
  if (showsMoreThanFields(opts)) return true;
  return filterFields.some(showsEtherNames) || (!opts.quiet && opts.fields.some(showsEtherNames));
}
