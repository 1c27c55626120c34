/**
 * The bench's multi-core figures: the same columns and filter passes run through the shard threads the CLI's
 * `-T fields` and the app's filters use on large files (electron/backend/sharded-run.ts), timed from starting the
 * threads to the last result merged.
 */
import { runShardedFields } from '../electron/backend/sharded-run.ts';
import type { FieldsJob } from '../electron/backend/shard.ts';

const FMT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;

export interface ShardedFigure {
  ms: number;
  results: number;
  shards: number;
}

async function timed(job: FieldsJob, shards: number): Promise<ShardedFigure> {
  const t0 = performance.now();
  let results = 0;
  await runShardedFields(job, shards, () => results++);
  return { ms: performance.now() - t0, results, shards };
}

/** Protocol and Info of every packet, as the CLI's `-T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info`. */
export function shardedColumns(file: string, shards: number): Promise<ShardedFigure> {
  const fields = ['frame.number', '_ws.col.Protocol', '_ws.col.Info'];
  return timed({ file, filter: undefined, fields, fmt: FMT, limit: 0, vendorNames: true }, shards);
}

/** The packets a display filter matches, as the app's filter run gets them. */
export function shardedFilter(file: string, filter: string, shards: number): Promise<ShardedFigure> {
  return timed({ file, filter, fields: [], fmt: FMT, limit: 0, vendorNames: false }, shards);
}
