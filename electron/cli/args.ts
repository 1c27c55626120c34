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
  /** -D: list the capture interfaces. */
  listInterfaces: boolean;
  /** -i: capture live on this interface instead of reading a file. */
  iface: string | undefined;
  /** -f: BPF capture filter. */
  captureFilter: string | undefined;
  /** -a duration:S (0: none). */
  durationSec: number;
  /** -w: write the captured packets to this pcapng file instead of printing them. */
  write: string | undefined;
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
        D: { type: 'boolean' },
        i: { type: 'string' },
        f: { type: 'string' },
        a: { type: 'string', multiple: true },
        w: { type: 'string' },
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
    listInterfaces: Boolean(v.D),
    iface: v.i,
    captureFilter: v.f,
    durationSec: 0,
    write: v.w,
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
  for (const a of v.a ?? []) {
    const m = /^duration:(\d+(?:\.\d+)?)$/.exec(a);
    if (!m || Number(m[1]) <= 0) throw new UsageError(`invalid autostop condition "${a}"; use duration:SECONDS`);
    opts.durationSec = Number(m[1]);
  }
  if (opts.listInterfaces) return opts;
  if (opts.iface !== undefined) {
    if (opts.read) throw new UsageError('-r and -i cannot be used together: read a file or capture live');
    if (opts.write && opts.filter !== undefined)
      throw new UsageError("display filters aren't supported when capturing and saving the captured packets");
    return opts;
  }
  if (opts.captureFilter !== undefined || opts.write || opts.durationSec)
    throw new UsageError('-f, -a and -w need a live capture: use -i INTERFACE');
  if (!opts.read) throw new UsageError('no capture file given: use -r FILE');
  return opts;
}

export const USAGE = `Usage: wirelens -r FILE [-Y FILTER] [-T text|fields|json] [-e FIELD]... [-E header=y|n]
       [-E separator=/t|/s|C] [-E occurrence=f|l|a] [-E aggregator=C] [-E quote=d|s|n] [-c N] [-o pref:value]
       [-q] [-z conv,eth|ip|ipv6|tcp|udp[,FILTER]] [-z endpoints,eth|ip|ipv6|tcp|udp[,FILTER]] [-z io,phs[,FILTER]] [-z tls,sessions]
       [-z follow,tls,ascii|hex|raw,STREAM] [-V] [-O PROTO[,PROTO...]] [-x] [-P] [-S SEPARATOR]
       wirelens -i INTERFACE [-f BPF] [-c N] [-a duration:S] [-w FILE.pcapng] [-Y FILTER] [output options]
       wirelens -D`;
