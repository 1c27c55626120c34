/** The tshark-compatible command line: options in, tshark's output formats out. */
import { canonicalFieldName, lookupField } from '../../shared/dissect/fields.ts';
import { Dissection, type DissectedPacket } from '../../shared/dissect/packet.ts';
import { registerDissectors } from '../../shared/dissect/registry.ts';
import { CaptureOpenError, forEachPacket, openCaptureFile } from '../backend/capture-file.ts';
import { installVendorNames } from '../backend/oui.ts';
import { installTlsDecryption } from '../backend/tls-crypto.ts';
import { tlsKeyOptions } from './tls-options.ts';
import { parseFollowSpec, TlsFollowCollector } from './follow.ts';
import { setTlsRecordObserver } from '../../shared/dissect/tls/observer.ts';
import { parseCliArgs, USAGE, UsageError, type CliOptions } from './args.ts';
import { fieldsHeader, fieldsLine, isColumnField, jsonPacket, textLine } from './output.ts';
import { compileDisplayFilter } from './filter.ts';
import { Statistics, StatsError } from './stats.ts';
import { detailLines, packetHexLines, type DetailScope } from './details.ts';
import { problemExitCode } from './problem.ts';
import { columnsNeeded, vendorNamesNeeded } from './work-needed.ts';

/** Where the command writes; the entry point passes the process streams, tests pass collectors. */
export interface CliIO {
  stdout(s: string): void;
  stderr(s: string): void;
}

/** Output written to the CLI's stdout in chunks of about 64 KiB. */
export class Output {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly io: CliIO) {}
  line(s: string): void {
    this.chunks.push(s, '\n');
    this.size += s.length + 1;
    if (this.size > 1 << 16) this.flush();
  }
  raw(s: string): void {
    this.chunks.push(s);
    this.size += s.length;
  }
  flush(): void {
    if (!this.chunks.length) return;
    this.io.stdout(this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}

/**
 * The smallest field tree that serves the output and the filter: the whole tree for JSON, only the named fields for
 * -T fields and -Y, none for the one-line summaries.
 */
function treeNeeded(opts: CliOptions, filterFields: readonly string[]): boolean | ReadonlySet<string> {
  if (opts.format === 'json' || opts.stats.length) return true;
  if (opts.format === 'text' && (opts.details || opts.detailProtocols.length > 0 || opts.hex)) return true;
  const names = new Set(filterFields);
  if (opts.format === 'fields') for (const f of opts.fields) if (!isColumnField(f)) names.add(canonicalFieldName(f));
  return names.size ? names : false;
}

/** The text output of one packet: its summary line, details (-V/-O) and hex dump (-x) as tshark arranges them. */
function textPacket(out: Output, opts: CliOptions, p: DissectedPacket, bytes: Uint8Array): void {
  const scope: DetailScope | undefined = opts.detailProtocols.length
    ? { all: false, expanded: new Set(opts.detailProtocols) }
    : opts.details
      ? { all: true }
      : undefined;
  if (!scope && !opts.hex) {
    out.line(textLine(p));
    return;
  }
  if (opts.summary) {
    out.line(textLine(p));
    // tshark leaves an empty line between the summary and a hex dump printed without details.
    if (!scope) out.line('');
  }
  if (scope) {
    for (const l of detailLines(p, scope)) out.line(l);
    if (opts.hex) out.line('');
  }
  if (opts.hex) for (const l of packetHexLines(p, bytes)) out.line(l);
  out.line(opts.packetSeparator);
}

export function runCli(argv: string[], io: CliIO): number {
  const fail = (message: string): number => {
    io.stderr(`wirelens: ${message}\n`);
    return 2;
  };
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message}\n${USAGE}`.split('\n')[0]!);
    throw e;
  }
  if (opts.help) {
    io.stdout(USAGE + '\n');
    return 0;
  }
  if (opts.version) {
    io.stdout('Wirelens 0.1.0\n');
    return 0;
  }
  if (opts.listInterfaces || opts.iface !== undefined) return fail('live capture (-D, -i) runs through runCommand');
  return runWithOptions(opts, io);
}

/** Reads `opts.read` and prints it as the options ask (also used on the file a live capture wrote). */
export function runWithOptions(opts: CliOptions, io: CliIO): number {
  const fail = (message: string): number => {
    io.stderr(`wirelens: ${message}\n`);
    return 2;
  };
  registerDissectors();
  // TLS keys: key log file, RSA private keys (see tls-options.ts) and pcapng Decryption Secrets Blocks.
  const tlsKeys = tlsKeyOptions(opts.prefList);
  for (const p of tlsKeys.problems) io.stderr(`wirelens: ${p}\n`);
  let keys;
  try {
    keys = installTlsDecryption({ keylogFile: tlsKeys.keylogFile });
  } catch {
    io.stderr(`wirelens: cannot read the TLS key log file "${tlsKeys.keylogFile}"\n`);
    keys = installTlsDecryption();
  }
  for (const k of tlsKeys.rsaKeyFiles) {
    try {
      keys.rsa.addFile(k.path, k.password);
    } catch (e) {
      io.stderr(`wirelens: cannot use the RSA key "${k.path}": ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  const follows = [];
  for (const z of opts.stats.filter((s) => s.startsWith('follow,'))) {
    const spec = parseFollowSpec(z);
    if (!spec) return fail(`Invalid -z argument "${z}"; only follow,tls,ascii|hex|raw,STREAM is supported`);
    if ('error' in spec) return fail(spec.error);
    follows.push(new TlsFollowCollector(spec));
  }
  if (follows.length > 1) return fail('Only one -z follow at a time is supported');
  const follow = follows[0];
  const bad = opts.fields.filter((f) => !isColumnField(f) && !lookupField(f));
  if (bad.length) return fail(`Some fields aren't valid: ${bad.join(', ')}`);
  const filter = opts.filter !== undefined ? compileDisplayFilter(opts.filter) : undefined;
  if (filter && !filter.ok) return fail(filter.message);
  const filterFields = filter?.ok ? filter.fields : [];
  if (vendorNamesNeeded(opts, filterFields)) installVendorNames();
  let stats: Statistics;
  try {
    stats = new Statistics(opts.stats.filter((s) => !s.startsWith('follow,')));
  } catch (e) {
    if (e instanceof StatsError) return fail(e.message);
    throw e;
  }
  const packetsShown = !opts.quiet;

  let cap;
  try {
    cap = openCaptureFile(opts.read, { freshWindows: true });
  } catch (e) {
    if (e instanceof CaptureOpenError) return fail(e.message);
    throw e;
  }
  const out = new Output(io);
  const fmt = {
    separator: opts.separator,
    occurrence: opts.occurrence,
    aggregator: opts.aggregator,
    quote: opts.quote,
  };
  if (packetsShown && opts.format === 'fields' && opts.header) out.line(fieldsHeader(opts.fields, fmt));
  if (packetsShown && opts.format === 'json') out.raw('[\n');
  const columns = columnsNeeded(opts);
  const tree = treeNeeded(opts, filterFields);
  // No tree and no columns: the frame alone (`false` would mean the columns of every layer).
  const dissection = new Dissection(undefined, tree === false && !columns ? new Set<string>() : tree, columns);
  let shown = 0;
  const previousObserver = follow ? setTlsRecordObserver(follow) : undefined;
  const problem = forEachPacket(cap, (n, rec, bytes) => {
    const p = dissection.dissect(n, rec, bytes);
    follow?.packetDone(p);
    // -c counts packets read, as tshark does, whether or not they pass the filter.
    const more = !opts.count || n < opts.count;
    stats.add(p, bytes);
    if (!packetsShown) return more;
    if (filter?.ok && !filter.matches(p, bytes)) return more;
    shown++;
    if (opts.format === 'fields') out.line(fieldsLine(p, opts.fields, fmt));
    else if (opts.format === 'json') {
      const text = JSON.stringify(jsonPacket(p), null, 2)
        .split('\n')
        .map((l) => '  ' + l)
        .join('\n');
      out.raw(`${shown > 1 ? ',\n' : ''}${text}`);
    } else textPacket(out, opts, p, bytes);
    return more;
  });
  if (follow) setTlsRecordObserver(previousObserver);
  if (packetsShown && opts.format === 'json') out.raw(shown ? '\n]\n' : ']\n');
  if (follow) out.raw(follow.format());
  if (stats.any) out.raw(stats.text(opts.format === 'json'));
  out.flush();
  cap.source.close();
  return problemExitCode(opts.read, problem, io);
}
