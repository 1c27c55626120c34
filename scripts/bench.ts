/**
 * `npm run bench -- [--packets N] [--json] [--file PATH] [--no-tshark] [--no-cli] [--no-renderer]`: generates a
 * realistic TLS capture with the project's pcap writer (1,000,000 packets by default), then measures indexing, column
 * computation, display filters and memory, the CLI end to end (process start included), the renderer in Chromium,
 * and the same work done by tshark on the same file in the same run.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateTlsCapture } from './bench/generate.ts';
import { indexBytesPerPacket, indexRecords } from './bench/index-pass.ts';
import { measureCli, type CliRunFigures } from './bench/cli-end-to-end.ts';
import { openCaptureFile, forEachPacket } from '../electron/backend/capture-file.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter } from '../shared/filter/index.ts';
import { measureRenderer, rendererLines, shouldMeasureRenderer } from './bench-renderer.ts';
import { shardedColumns, shardedFilter, warmPool, type ShardedFigure } from './bench-sharded.ts';
import { shardsForMachine } from '../electron/backend/sharded-run.ts';
import { availableParallelism } from 'node:os';
import { bundleIsFresh } from '../electron/backend/worker-start.ts';

const USAGE = 'usage: npm run bench -- [--packets N] [--json] [--file PATH] [--no-tshark] [--no-cli] [--no-renderer]';
let values;
try {
  ({ values } = parseArgs({
    allowNegative: true,
    options: {
      packets: { type: 'string', default: '1000000' },
      json: { type: 'boolean', default: false },
      file: { type: 'string' },
      tshark: { type: 'boolean', default: true },
      cli: { type: 'boolean', default: true },
      renderer: { type: 'boolean' },
    },
  }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}
const packets = Number(values.packets);
if (!Number.isInteger(packets) || packets <= 0) {
  console.error(USAGE);
  process.exit(2);
}
const log = (s: string): void => {
  if (!values.json) console.log(s);
};

export const BENCH_FILTERS = [
  'tls',
  'tls.handshake.type == 1',
  'tls.handshake.extensions_server_name contains "host1"',
  'ip.addr == 10.0.0.0/8 && tcp.port == 443',
  'frame.len > 1000',
];

const file = values.file ?? join(tmpdir(), `wirelens-bench-${packets}.pcap`);
if (!existsSync(file)) {
  const t0 = performance.now();
  const g = generateTlsCapture(file, packets);
  log(
    `generated ${file}: ${g.packets} packets, ${(g.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
const fileBytes = statSync(file).size;

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

// 1. Index: offsets, lengths and timestamps in typed arrays, read as the app reads them.
global.gc?.();
const rssBefore = process.memoryUsage().rss;
const index = time(() => indexRecords(file));
const rssAfter = process.memoryUsage().rss;
const n = index.result.count;
const indexBytes = indexBytesPerPacket(index.result);

// 2. Columns: every packet dissected in order (TCP reassembly, TLS), Protocol and Info computed.
const columns = time(() => {
  const cap = openCaptureFile(file, { freshWindows: true });
  const d = new Dissection(undefined, false);
  let chars = 0;
  forEachPacket(cap, (i, rec, bytes) => {
    const p = d.dissect(i, rec, bytes);
    chars += p.cols.info.length + p.cols.protocol.length;
    return true;
  });
  cap.source.close();
  return chars;
});

// 3. Filters: every packet dissected with its field tree and matched.
const filterRuns = BENCH_FILTERS.map((text) => {
  const compiled = compileFilter(text);
  if (!compiled.ok) return { text, ms: NaN, matched: 0, error: compiled.error.message };
  const r = time(() => {
    const cap = openCaptureFile(file, { freshWindows: true });
    const d = new Dissection(undefined, new Set(compiled.filter.fields), false);
    let matched = 0;
    forEachPacket(cap, (i, rec, bytes) => {
      const p = d.dissect(i, rec, bytes);
      if (compiled.filter.matches({ tree: p.tree, frame: bytes })) matched++;
      return true;
    });
    cap.source.close();
    return matched;
  });
  return { text, ms: r.ms, matched: r.result, error: undefined as string | undefined };
});
const peakHeap = process.memoryUsage().heapUsed;

// 3b. The same passes in shard threads, as the CLI and the app run them on large files on machines of four cores or
// more (built first, so the threads start from the bundle rather than compiling TypeScript). With fewer cores the
// product stays on one thread; the bench still shows what two shards would give there.
if (!bundleIsFresh(join(import.meta.dirname, '..', 'dist', 'electron', 'shard-worker.js')))
  execFileSync(process.execPath, ['scripts/build-electron.mjs'], {
    cwd: join(import.meta.dirname, '..'),
    stdio: 'ignore',
  });
const shardsUsed = shardsForMachine();
const shards = Math.max(2, shardsUsed);
const pool = availableParallelism() > 1 ? await warmPool(file, shards) : undefined;
const shardedCols = pool && (await shardedColumns(file, pool));
const shardedRuns: (ShardedFigure | undefined)[] = [];
for (const f of BENCH_FILTERS) shardedRuns.push(pool && (await shardedFilter(file, f, pool)));
await pool?.close();

// 5. tshark on the same file, same run.
const haveTshark = values.tshark && spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;
function tsharkMs(args: string[]): number {
  const t0 = performance.now();
  execFileSync('tshark', ['-r', file, ...args], { stdio: ['ignore', 'ignore', 'ignore'], maxBuffer: 1 << 30 });
  return performance.now() - t0;
}
const tsharkColumns = haveTshark
  ? tsharkMs(['-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'])
  : NaN;
const tsharkFilters = BENCH_FILTERS.map((f) =>
  haveTshark ? tsharkMs(['-Y', f, '-T', 'fields', '-e', 'frame.number']) : NaN,
);

// The CLI end to end (process start included), against the same tshark commands.
const cli = values.cli ? measureCli(file, haveTshark) : undefined;

const result = {
  file,
  fileBytes,
  packets: n,
  index: { ms: index.ms, packetsPerSecond: (n / index.ms) * 1000, target: 2_000_000 },
  /** Shard threads the CLI and the app use here on large files (1: one thread), and how many the bench measured. */
  shards: { byDefault: shardsUsed, measured: pool ? shards : 0 },
  columns: {
    ms: columns.ms,
    packetsPerSecond: (n / columns.ms) * 1000,
    tsharkMs: tsharkColumns,
    speedup: tsharkColumns / columns.ms,
    target: 5,
    sharded: shardedCols && { ...shardedCols, speedup: tsharkColumns / shardedCols.ms },
  },
  filters: filterRuns.map((f, i) => ({
    filter: f.text,
    ms: f.ms,
    matched: f.matched,
    error: f.error,
    tsharkMs: tsharkFilters[i]!,
    speedup: tsharkFilters[i]! / f.ms,
    target: 10,
    sharded: shardedRuns[i] && { ...shardedRuns[i], speedup: tsharkFilters[i]! / shardedRuns[i].ms },
  })),
  memory: {
    indexBytesPerPacket: indexBytes,
    residentBytesPerPacket: Math.max(0, rssAfter - rssBefore) / n,
    peakHeapBytes: peakHeap,
    target: 64,
  },
  cli: cli ?? { note: 'not measured (--no-cli)' },
  // Serve mode in Chromium: first rows painted, scrolling fps (scripts/bench-renderer.ts).
  renderer: shouldMeasureRenderer(values.renderer)
    ? await measureRenderer(file)
    : { note: 'no Chromium: not measured' },
};

if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const f1 = (x: number, d = 0): string =>
    Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d }) : 'n/a';
  log(`\nWirelens benchmark: ${n.toLocaleString('en-US')} packets, ${(fileBytes / 1e6).toFixed(1)} MB (${file})`);
  log('measure (one thread)                                wirelens        tshark    ratio   target');
  log(
    `index (packets/s)                               ${f1(result.index.packetsPerSecond).padStart(12)}             -        -   ≥ 2,000,000/s`,
  );
  log(
    `columns, all packets (ms)                       ${f1(columns.ms).padStart(12)}  ${f1(tsharkColumns).padStart(12)}  ${f1(result.columns.speedup, 2).padStart(6)}×   ≥ 5×`,
  );
  for (const f of result.filters)
    log(
      `filter ${f.filter.padEnd(41).slice(0, 41)} ${f1(f.ms).padStart(12)}  ${f1(f.tsharkMs).padStart(12)}  ${f1(f.speedup, 2).padStart(6)}×   ≥ 10×${f.error ? `  (${f.error})` : ''}`,
    );
  if (result.columns.sharded) {
    const c = result.columns.sharded;
    log(
      `${c.shards} shard threads, warmed (the app's filters on a large indexed file${shardsUsed > 1 ? '' : '; not used by default on this machine, which has fewer than four cores'}):`,
    );
    log(
      `columns, all packets (ms)                       ${f1(c.ms).padStart(12)}  ${f1(tsharkColumns).padStart(12)}  ${f1(c.speedup, 2).padStart(6)}×   ≥ 5×`,
    );
    for (const f of result.filters)
      if (f.sharded)
        log(
          `filter ${f.filter.padEnd(41).slice(0, 41)} ${f1(f.sharded.ms).padStart(12)}  ${f1(f.tsharkMs).padStart(12)}  ${f1(f.sharded.speedup, 2).padStart(6)}×   ≥ 10×${f.sharded.results !== f.matched ? `  (MISMATCH: ${f.sharded.results} matched)` : ''}`,
        );
  }
  log(
    `memory: index ${f1(indexBytes, 1)} B/packet, resident growth ${f1(result.memory.residentBytesPerPacket, 1)} B/packet (target ≤ 64), peak heap ${f1(peakHeap / 1e6, 1)} MB`,
  );
  if (cli) {
    const same = (r: CliRunFigures): string =>
      r.error
        ? `  (${r.error})`
        : r.identical === undefined
          ? ''
          : r.identical
            ? '  output identical'
            : '  OUTPUT DIFFERS';
    log(
      `CLI columns, npm run cli (ms)                   ${f1(cli.columns.ms).padStart(12)}  ${f1(cli.columns.tsharkMs).padStart(12)}  ${f1(cli.columns.speedup, 2).padStart(6)}×   ≥ 5×${same(cli.columns)}`,
    );
    log(
      `CLI filter tls.handshake.type == 1 (ms)         ${f1(cli.filter.ms).padStart(12)}  ${f1(cli.filter.tsharkMs).padStart(12)}  ${f1(cli.filter.speedup, 2).padStart(6)}×   ≥ 10×${same(cli.filter)}`,
    );
    log(`CLI start (npm run --silent cli -- -r FILE -c 1): ${f1(cli.startupMs)} ms`);
  }
  if (!haveTshark) log('tshark not found or --no-tshark: ratios are not available');
  if ('firstRowsMs' in result.renderer) for (const line of rendererLines(result.renderer)) log(line);
}
