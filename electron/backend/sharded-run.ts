/**
 * A pass over a capture on several cores: shards (shard.ts) run in worker threads, each reading the whole file and
 * dissecting its share of the packets, and their results are merged here in frame order, so what comes out is what
 * one thread gives. Used by the CLI's `-T fields` and the app's display filters on large files.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FieldsJob, ShardBatch, ShardEnd } from './shard.ts';
import { workerUrl } from './worker-start.ts';

export type FromShard = ({ t: 'batch' } & ShardBatch) | ({ t: 'done' } & ShardEnd) | { t: 'error'; message: string };

/** Below this size one thread is quicker: starting the workers would cost more than they save. */
export const MIN_SHARDED_BYTES = 16 * 1024 * 1024;
const MAX_SHARDS = 4;

/** Shards worth running on this machine: one per core, at most four. */
export function shardsForMachine(): number {
  return Math.min(availableParallelism(), MAX_SHARDS);
}

/** Shards for a file of this size: one below MIN_SHARDED_BYTES; WIRELENS_SHARDS=N forces N at any size (tests). */
export function shardsFor(fileBytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.WIRELENS_SHARDS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(16, Number(forced)));
  return fileBytes >= MIN_SHARDED_BYTES ? shardsForMachine() : 1;
}

/**
 * Runs `job` in `count` worker threads and hands every matching packet's number and line to `line` in frame order.
 * Resolves with the packets read and the problem that stopped reading (as one thread would report them); rejects if
 * a worker fails. `control.stop()` ends the run early (its promise then never settles).
 */
export function runShardedFields(
  job: FieldsJob,
  count: number,
  line: (n: number, s: string) => void,
  control: { stop?: () => void } = {},
): Promise<ShardEnd> {
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
        line(bestNumber, head.lines[head.pos++] ?? '');
      }
    };
    control.stop = (): void => {
      failed = true;
      for (const w of workers) void w.terminate();
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
          if (m.numbers.length)
            queues[k]!.push({ numbers: m.numbers, lines: job.fields.length ? m.text.split('\n') : [], pos: 0 });
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
