/**
 * The bench's multi-core figures: the same columns and filter passes run on a pool of shard threads, as the app's
 * filters run on a large indexed file (electron/backend/sharded-run.ts; the pool is warmed on the file's first
 * 50,000 packets first, as the app does once indexing ends), timed from posting the run to the last result merged.
 * The CLI starts its threads cold for each command: its figures are the bench's end-to-end CLI section.
 */
import { ShardPool } from '../electron/backend/sharded-run.ts';
import type { FieldsJob } from '../electron/backend/shard.ts';

const FMT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;

export interface ShardedFigure {
  ms: number;
  results: number;
  shards: number;
}

async function timed(job: FieldsJob, pool: ShardPool): Promise<ShardedFigure> {
  const t0 = performance.now();
  let results = 0;
  await pool.run(job, () => results++);
  return { ms: performance.now() - t0, results, shards: pool.size };
}

/** A pool of `shards` threads, warmed as the app warms its pool. */
export async function warmPool(file: string, shards: number): Promise<ShardPool> {
  const pool = new ShardPool(shards);
  await pool.warm(file, 50_000);
  return pool;
}

/** Protocol and Info of every packet, as the CLI's `-T fields -e frame.number -e _ws.col.Protocol -e _ws.col.Info`. */
export function shardedColumns(file: string, pool: ShardPool): Promise<ShardedFigure> {
  const fields = ['frame.number', '_ws.col.Protocol', '_ws.col.Info'];
  return timed({ file, filter: undefined, fields, fmt: FMT, limit: 0, vendorNames: true }, pool);
}

/** The packets a display filter matches, as the app's filter run gets them. */
export function shardedFilter(file: string, filter: string, pool: ShardPool): Promise<ShardedFigure> {
  return timed({ file, filter, fields: [], fmt: FMT, limit: 0, vendorNames: false }, pool);
}
