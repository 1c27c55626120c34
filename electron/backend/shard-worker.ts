/** A worker thread running shards of passes over captures (see shard.ts), posting results as they come. */
import { parentPort } from 'node:worker_threads';
import { runShard } from './shard.ts';
import type { FromShard, ToShard } from './sharded-run.ts';

const port = parentPort;
if (!port) throw new Error('shard-worker.ts must run in a worker thread');
const post = (m: FromShard, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
const FMT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;

/** Dissecting real packets once gets the code optimised before the first run that counts (best effort). */
function warm(file: string, packets: number): void {
  const job = { file, filter: undefined, fields: ['_ws.col.Info'], fmt: FMT, limit: packets, vendorNames: false };
  try {
    runShard(job, { index: 0, count: 1 }, () => {});
  } catch {
    // A file that cannot be read is reported by the run that reads it.
  }
  post({ t: 'warmed' });
}

port.on('message', (m: ToShard) => {
  try {
    if (m.t === 'warm') {
      warm(m.file, m.packets);
      return;
    }
    const end = runShard(m.job, m.shard, (b) => post({ t: 'batch', ...b }, [b.numbers.buffer as ArrayBuffer]));
    post({ t: 'done', ...end });
  } catch (e) {
    post({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
