/**
 * A pass over a capture on several cores: shards (shard.ts) run in worker threads, each reading the whole file and
 * dissecting its share of the packets, and their results are merged here in frame order, so what comes out is what
 * one thread gives. Used by the CLI's `-T fields` and the app's display filters on large files.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ShardSpec } from '../../shared/dissect/context.ts';
import type { FieldsJob, ShardBatch, ShardEnd } from './shard.ts';
import { workerUrl } from './worker-start.ts';

export type ToShard = { t: 'run'; job: FieldsJob; shard: ShardSpec } | { t: 'warm'; file: string; packets: number };
export type FromShard =
  ({ t: 'batch' } & ShardBatch) | ({ t: 'done' } & ShardEnd) | { t: 'error'; message: string } | { t: 'warmed' };

/** Below this size one thread is quicker: starting the workers would cost more than they save. */
export const MIN_SHARDED_BYTES = 16 * 1024 * 1024;
const MAX_SHARDS = 4;

/**
 * Shards worth running on a machine with `cores` cores: none below four. Each shard reads every record and looks up
 * the conversation of every segment, so two shards do about two thirds of one thread's work each, and every thread's
 * garbage collector wants a core of its own now and then: on two cores two shards were measured slower than one
 * thread (1M packets, `tls.handshake.type == 1`: 3.1 s against 2.6 s). From four cores on, one core is left for the
 * collectors (not measurable here: this machine has two). At most four, as every shard repeats the reading of every
 * record.
 */
export function shardsForMachine(cores = availableParallelism()): number {
  return cores >= 4 ? Math.min(cores - 1, MAX_SHARDS) : 1;
}

/**
 * Shards for a file of this size on this machine: one below MIN_SHARDED_BYTES or below four cores; WIRELENS_SHARDS=N
 * forces N at any size (tests, and trying it on a given machine).
 */
export function shardsFor(fileBytes: number, env: NodeJS.ProcessEnv = process.env): number {
  const forced = env.WIRELENS_SHARDS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(1, Math.min(16, Number(forced)));
  return fileBytes >= MIN_SHARDED_BYTES ? shardsForMachine() : 1;
}

/**
 * Shard threads kept between runs: a pass started on threads that have already dissected packets runs at full speed
 * from its first packet (a fresh thread spends its first ~100,000 packets getting its code optimised).
 */
export class ShardPool {
  private readonly workers: (Worker | undefined)[];

  constructor(readonly size: number) {
    this.workers = new Array<Worker | undefined>(size).fill(undefined);
  }

  private worker(k: number): Worker {
    const running = this.workers[k];
    if (running) return running;
    const w = new Worker(workerUrl('shard-worker'));
    w.on('exit', () => {
      if (this.workers[k] === w) this.workers[k] = undefined;
    });
    // An idle pool doesn't keep its process alive; a run holds it (see `run`).
    w.unref();
    this.workers[k] = w;
    return w;
  }

  /**
   * Starts every thread now and has each dissect the first `packets` packets of `file` once (results dropped);
   * resolves when all have (a run posted meanwhile starts after the warming on each thread).
   */
  warm(file: string, packets: number): Promise<void> {
    const all = [];
    for (let k = 0; k < this.size; k++) {
      const w = this.worker(k);
      all.push(
        new Promise<void>((resolve) => {
          const done = (m: FromShard): void => {
            if (m.t !== 'warmed') return;
            w.off('message', done);
            w.off('exit', gone);
            resolve();
          };
          const gone = (): void => {
            w.off('message', done);
            resolve();
          };
          w.on('message', done);
          w.once('exit', gone);
        }),
      );
      w.postMessage({ t: 'warm', file, packets } satisfies ToShard);
    }
    return Promise.all(all).then(() => undefined);
  }

  /**
   * Runs `job` on the pool's threads and hands every matching packet's number and line to `line` in frame order.
   * Resolves with the packets read and the problem that stopped reading (as one thread would report them); rejects
   * if a thread fails. `control.stop()` ends the run early (its promise then never settles; the threads are ended
   * and later runs start new ones).
   */
  run(job: FieldsJob, line: (n: number, s: string) => void, control: { stop?: () => void } = {}): Promise<ShardEnd> {
    const count = this.size;
    return new Promise((resolve, reject) => {
      const queues: { numbers: Uint32Array; lines: string[]; pos: number }[][] = [];
      const upto: number[] = [];
      const ends: (ShardEnd | undefined)[] = [];
      const workers: Worker[] = [];
      const detach: (() => void)[] = [];
      let over = false;
      const finish = (): void => {
        over = true;
        for (const d of detach) d();
      };
      const stopAll = (): void => {
        // Out of the pool at once: the next run starts new threads rather than finding these on their way out.
        workers.forEach((w, k) => {
          if (this.workers[k] === w) this.workers[k] = undefined;
          void w.terminate();
        });
      };
      const fail = (message: string): void => {
        if (over) return;
        finish();
        stopAll();
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
        if (over) return;
        finish();
        stopAll();
      };
      for (let k = 0; k < count; k++) {
        queues.push([]);
        upto.push(0);
        ends.push(undefined);
        const w = this.worker(k);
        workers.push(w);
        const onMessage = (m: FromShard): void => {
          if (over) return;
          if (m.t === 'error') return fail(`shard ${k}: ${m.message}`);
          if (m.t === 'batch') {
            if (m.numbers.length)
              queues[k]!.push({ numbers: m.numbers, lines: job.fields.length ? m.text.split('\n') : [], pos: 0 });
            upto[k] = m.upto;
          } else if (m.t === 'done') ends[k] = { packets: m.packets, problem: m.problem };
          else return;
          drain();
          if (ends.every((e) => e !== undefined)) {
            finish();
            resolve(ends[0]!);
          }
        };
        const onError = (e: Error): void => fail(`shard ${k}: ${e.message}`);
        const onExit = (code: number): void => fail(`shard ${k} stopped (exit code ${code})`);
        w.on('message', onMessage);
        w.on('error', onError);
        w.on('exit', onExit);
        w.ref();
        detach.push(() => {
          w.off('message', onMessage);
          w.off('error', onError);
          w.off('exit', onExit);
          w.unref();
        });
        w.postMessage({ t: 'run', job, shard: { index: k, count } } satisfies ToShard);
      }
    });
  }

  /** Ends every thread. */
  async close(): Promise<void> {
    const running = this.workers.filter((w): w is Worker => w !== undefined);
    this.workers.fill(undefined);
    await Promise.all(running.map((w) => w.terminate()));
  }
}

/** Runs `job` once in `count` new threads (see `ShardPool.run`), ending them afterwards. */
export async function runShardedFields(
  job: FieldsJob,
  count: number,
  line: (n: number, s: string) => void,
  control: { stop?: () => void } = {},
): Promise<ShardEnd> {
  const pool = new ShardPool(count);
  try {
    return await pool.run(job, line, control);
  } finally {
    void pool.close();
  }
}
