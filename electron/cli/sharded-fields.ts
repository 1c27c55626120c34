/**
 * `-T fields` over a large capture on several cores: shards (shard.ts) run in worker threads, each reading the whole
 * file and dissecting its share of the packets, and their lines are merged here in frame order, so the output is
 * byte for byte what one thread prints.
 */
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { lookupField } from '../../shared/dissect/fields.ts';
import { workerUrl } from '../backend/worker-start.ts';
import { openCaptureFile } from '../backend/capture-file.ts';
import type { CliOptions } from './args.ts';
import { compileDisplayFilter } from './filter.ts';
import { fieldsHeader, isColumnField } from './output.ts';
import type { CliIO } from './run.ts';
import type { FieldsJob, ShardBatch, ShardEnd } from './shard.ts';
import { problemExitCode } from './problem.ts';

export type FromShard = ({ t: 'batch' } & ShardBatch) | ({ t: 'done' } & ShardEnd) | { t: 'error'; message: string };

/** Below this size one thread is quicker: starting the workers would cost more than they save. */
export const MIN_SHARDED_BYTES = 16 * 1024 * 1024;
const MAX_SHARDS = 4;

/**
 * How many shards to run `opts` in: 1 (the plain single-threaded run) unless it prints `-T fields` of a file of at
 * least MIN_SHARDED_BYTES with nothing that needs every packet in one place (statistics, follow, TLS keys or other
 * preferences). WIRELENS_SHARDS=N forces N for any file size (tests use it on small fixtures).
 */
export function shardCount(opts: CliOptions, env: NodeJS.ProcessEnv = process.env): number {
  const shardable =
    opts.format === 'fields' &&
    !opts.quiet &&
    opts.stats.length === 0 &&
    opts.prefList.length === 0 &&
    opts.iface === undefined &&
    opts.write === undefined &&
    opts.read !== '' &&
    opts.fields.length > 0;
  if (!shardable) return 1;
  const forced = env.WIRELENS_SHARDS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(16, Number(forced)));
  let size: number;
  try {
    const st = statSync(opts.read);
    if (!st.isFile()) return 1;
    size = st.size;
  } catch {
    return 1;
  }
  return size >= MIN_SHARDED_BYTES ? Math.min(availableParallelism(), MAX_SHARDS) : 1;
}

/**
 * Runs `job` in `count` worker threads and hands every line to `line` in frame order. Resolves with the packets read
 * and the problem that stopped reading (as one thread would report them); rejects if a worker fails.
 */
export function runShardedFields(job: FieldsJob, count: number, line: (s: string) => void): Promise<ShardEnd> {
  return new Promise((resolve, reject) => {
    const queues: { numbers: Uint32Array; lines: string[]; pos: number }[][] = [];
    const upto: number[] = [];
    const ends: (ShardEnd | undefined)[] = [];
    const workers: Worker[] = [];
    let failed = false;
    const fail = (message: string): void => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(new Error(message));
    };
    /** Emits every queued line no shard can still precede. */
    const drain = (): void => {
      let safe = Infinity;
      for (let k = 0; k < count; k++) if (!ends[k]) safe = Math.min(safe, upto[k]!);
      for (;;) {
        let best = -1;
        let bestNumber = Infinity;
        for (let k = 0; k < count; k++) {
          const q = queues[k]!;
          while (q.length && q[0]!.pos === q[0]!.numbers.length) q.shift();
          const head = q[0];
          if (head && head.numbers[head.pos]! < bestNumber) {
            bestNumber = head.numbers[head.pos]!;
            best = k;
          }
        }
        if (best < 0 || bestNumber > safe) return;
        const head = queues[best]![0]!;
        line(head.lines[head.pos++]!);
      }
    };
    for (let k = 0; k < count; k++) {
      queues.push([]);
      upto.push(0);
      ends.push(undefined);
      const w = new Worker(workerUrl('shard-worker'), { workerData: { job, shard: { index: k, count } } });
      workers.push(w);
      w.on('message', (m: FromShard) => {
        if (failed) return;
        if (m.t === 'error') return fail(`shard ${k}: ${m.message}`);
        if (m.t === 'batch') {
          if (m.numbers.length) queues[k]!.push({ numbers: m.numbers, lines: m.text.split('\n'), pos: 0 });
          upto[k] = m.upto;
        } else ends[k] = { packets: m.packets, problem: m.problem };
        drain();
        if (ends.every((e) => e !== undefined)) {
          for (const x of workers) void x.terminate();
          resolve(ends[0]!);
        }
      });
      w.on('error', (e: Error) => fail(`shard ${k}: ${e.message}`));
      w.on('exit', (code) => {
        if (!ends[k]) fail(`shard ${k} stopped (exit code ${code})`);
      });
    }
  });
}

/**
 * The CLI's `-T fields` run on several cores, when `shardCount` says so; undefined when it does not apply or the
 * options have a problem (the single-threaded run then reports it in tshark's words).
 */
export async function runFieldsSharded(opts: CliOptions, io: CliIO): Promise<number | undefined> {
  const count = shardCount(opts);
  if (count < 2) return undefined;
  if (opts.fields.some((f) => !isColumnField(f) && !lookupField(f))) return undefined;
  if (opts.filter !== undefined && !compileDisplayFilter(opts.filter).ok) return undefined;
  try {
    openCaptureFile(opts.read).source.close();
  } catch {
    return undefined;
  }
  const fmt = {
    separator: opts.separator,
    occurrence: opts.occurrence,
    aggregator: opts.aggregator,
    quote: opts.quote,
  };
  const job: FieldsJob = { file: opts.read, filter: opts.filter, fields: opts.fields, fmt, limit: opts.count };
  let chunks: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (!chunks.length) return;
    io.stdout(chunks.join(''));
    chunks = [];
    size = 0;
  };
  const line = (s: string): void => {
    chunks.push(s, '\n');
    size += s.length + 1;
    if (size > 1 << 16) flush();
  };
  if (opts.header) line(fieldsHeader(opts.fields, fmt));
  const end = await runShardedFields(job, count, line);
  flush();
  return problemExitCode(opts.read, end.problem, io);
}
