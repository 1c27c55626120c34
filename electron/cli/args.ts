/** tshark-compatible command-line options. */
import { parseArgs } from 'node:util';

export interface CliOptions {
  read: string;
  filter: string | undefined;
  format: 'text' | 'fields' | 'json';
  fields: string[];
  header: boolean;
  separator: string;
  occurrence: 'f' | 'l' | 'a';
  aggregator: string;
  quote: 'd' | 's' | 'n';
  count: number;
  prefs: Map<string, string>;
  /** Every -o in order (a preference such as uat may be given more than once). */
  prefList: [string, string][];
  help: boolean;
  version: boolean;
  /** -q: no per-packet output (statistics such as -z follow still print). */
  quiet: boolean;
  /** -z values in order. */
  stats: string[];
  /** -V: packet details for every protocol. */
  details: boolean;
  /** -O: packet details only for these protocols (the others show their top line); empty when not given. */
  detailProtocols: string[];
  /** -x: hex and ASCII dump of each data source. */
  hex: boolean;
  /** -P: the summary line even when details or the hex dump are printed. */
  summary: boolean;
  /** -S: the line printed after each packet's details or hex dump (tshark's default: an empty line). */
  packetSeparator: string;
}

export class UsageError extends Error {}

function separatorValue(v: string): string {
  if (v === '/t') return '\t';
  if (v === '/s') return ' ';
  return v;
}

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        r: { type: 'string' },
        Y: { type: 'string' },
        T: { type: 'string' },
        e: { type: 'string', multiple: true },
        E: { type: 'string', multiple: true },
        c: { type: 'string' },
        o: { type: 'string', multiple: true },
        n: { type: 'boolean' },
        q: { type: 'boolean' },
        z: { type: 'string', multiple: true },
        V: { type: 'boolean' },
        O: { type: 'string', multiple: true },
        x: { type: 'boolean' },
        P: { type: 'boolean' },
        S: { type: 'string' },
        '2': { type: 'boolean' },
        h: { type: 'boolean' },
        help: { type: 'boolean' },
        v: { type: 'boolean' },
        version: { type: 'boolean' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.split('\n')[0]!);
  }
  const v = parsed.values;
  const opts: CliOptions = {
    read: v.r ?? '',
    filter: v.Y,
    format: 'text',
    fields: v.e ?? [],
    header: false,
    separator: '\t',
    occurrence: 'a',
    aggregator: ',',
    quote: 'n',
    count: 0,
    prefs: new Map(),
    prefList: [],
    help: Boolean(v.h || v.help),
    version: Boolean(v.v || v.version),
    quiet: Boolean(v.q),
    stats: v.z ?? [],
    details: Boolean(v.V),
    detailProtocols: (v.O ?? []).flatMap((o) => o.split(/[,\s]+/)).filter((o) => o.length > 0),
    hex: Boolean(v.x),
    summary: Boolean(v.P),
    packetSeparator: v.S ?? '',
  };
  if (opts.help || opts.version) return opts;
  if (parsed.positionals.length) {
    if (!opts.filter) opts.filter = parsed.positionals.join(' ');
    else throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  }
  if (v.T !== undefined) {
    if (v.T !== 'text' && v.T !== 'fields' && v.T !== 'json')
      throw new UsageError(`invalid -T parameter "${v.T}"; it must be one of text, fields, json`);
    opts.format = v.T;
  }
  for (const e of v.E ?? []) {
    const eq = e.indexOf('=');
    if (eq < 0) throw new UsageError(`invalid -E parameter "${e}"`);
    const key = e.slice(0, eq);
    const val = e.slice(eq + 1);
    switch (key) {
      case 'header':
        if (val !== 'y' && val !== 'n') throw new UsageError(`invalid -E header value "${val}"; use y or n`);
        opts.header = val === 'y';
        break;
      case 'separator':
        opts.separator = separatorValue(val);
        break;
      case 'occurrence':
        if (val !== 'f' && val !== 'l' && val !== 'a')
          throw new UsageError(`invalid -E occurrence value "${val}"; use f, l or a`);
        opts.occurrence = val;
        break;
      case 'aggregator':
        opts.aggregator = separatorValue(val);
        break;
      case 'quote':
        if (val !== 'd' && val !== 's' && val !== 'n')
          throw new UsageError(`invalid -E quote value "${val}"; use d, s or n`);
        opts.quote = val;
        break;
      case 'bom':
        break;
      default:
        throw new UsageError(`invalid -E parameter "${e}"`);
    }
  }
  if (v.c !== undefined) {
    const n = Number(v.c);
    if (!Number.isInteger(n) || n <= 0)
      throw new UsageError(`invalid packet count "${v.c}"; it must be a positive integer`);
    opts.count = n;
  }
  for (const o of v.o ?? []) {
    const colon = o.indexOf(':');
    if (colon < 0) throw new UsageError(`invalid -o preference "${o}"; use name:value`);
    opts.prefs.set(o.slice(0, colon), o.slice(colon + 1));
    opts.prefList.push([o.slice(0, colon), o.slice(colon + 1)]);
  }
  if (v.O !== undefined && opts.detailProtocols.length === 0) throw new UsageError('-O requires a protocol list');
  if (opts.format === 'fields' && opts.fields.length === 0)
    throw new UsageError('-T fields was specified, but no fields were specified with -e');
  if (!opts.read) throw new UsageError('no capture file given: use -r FILE');
  return opts;
}

export const USAGE = `Usage: wirelens -r FILE [-Y FILTER] [-T text|fields|json] [-e FIELD]... [-E header=y|n]
       [-E separator=/t|/s|C] [-E occurrence=f|l|a] [-E aggregator=C] [-E quote=d|s|n] [-c N] [-o pref:value]
       [-q] [-z follow,tls,ascii|hex|raw,STREAM] [-V] [-O PROTO[,PROTO...]] [-x] [-P] [-S SEPARATOR]`;
