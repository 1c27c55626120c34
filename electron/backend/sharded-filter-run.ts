/**
 * A display filter over a whole, finished capture file run on a pool of shard threads (sharded-run.ts), with the same face as
 * the single-threaded `FilterRun` so the index worker drives either: `step` only reports whether the shards are done.
 */
import { Column } from './packet-index.ts';
import type { ShardPool } from './sharded-run.ts';

const NO_FORMAT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;

export class ShardedFilterRun {
  readonly matches = new Column(Uint32Array, 1024);
  matched = 0;
  /** Packets known tested so far (the last match reported, until all are). */
  next = 0;
  readonly started = performance.now();
  private finished = false;
  private error: Error | undefined;
  private readonly control: { stop?: () => void } = {};

  constructor(
    file: string,
    text: string,
    readonly total: number,
    pool: ShardPool,
  ) {
    const job = { file, filter: text, fields: [], fmt: NO_FORMAT, limit: total, vendorNames: false };
    pool
      .run(
        job,
        (n) => {
          this.matches.ensure(this.matched + 1);
          this.matches.data[this.matched++] = n - 1;
          this.next = n;
        },
        this.control,
      )
      .then(
        () => {
          this.finished = true;
          this.next = total;
        },
        (e: unknown) => {
          this.error = e instanceof Error ? e : new Error(String(e));
        },
      );
  }

  /** True once every packet has been tested; throws what stopped a shard. Runs nothing itself. */
  step(_budgetMs: number): boolean {
    if (this.error) throw this.error;
    return this.finished;
  }

  result(): Uint32Array {
    return this.matches.data.slice(0, this.matched);
  }

  cancel(): void {
    this.control.stop?.();
  }
}
