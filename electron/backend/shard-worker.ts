/** A worker thread running one shard of a pass over a capture (see shard.ts), posting its results as they come. */
import { parentPort, workerData } from 'node:worker_threads';
import type { ShardSpec } from '../../shared/dissect/context.ts';
import { runShard, type FieldsJob } from './shard.ts';
import type { FromShard } from './sharded-run.ts';

const port = parentPort;
if (!port) throw new Error('shard-worker.ts must run in a worker thread');
const { job, shard } = workerData as { job: FieldsJob; shard: ShardSpec };
const post = (m: FromShard, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);
try {
  const end = runShard(job, shard, (b) => post({ t: 'batch', ...b }, [b.numbers.buffer as ArrayBuffer]));
  post({ t: 'done', ...end });
} catch (e) {
  post({ t: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
