/** The app's display filters on several cores match exactly the packets one thread matches. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTlsCapture } from '../../scripts/bench/generate.ts';
import { CaptureIndex, FilterRun } from './capture-index.ts';
import { ShardedFilterRun } from './sharded-filter-run.ts';
import { ShardPool } from './sharded-run.ts';

const NO_FORMAT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;

describe('display filters in shard threads', () => {
  let dir = '';
  let file = '';
  let core: CaptureIndex;
  const pool = new ShardPool(3);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wirelens-sharded-filter-'));
    file = join(dir, 'tls.pcap');
    generateTlsCapture(file, 6000);
    core = new CaptureIndex(file);
    while (!core.step(1000));
  });
  afterAll(async () => {
    await pool.close();
    core.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function finish(run: FilterRun | ShardedFilterRun): Promise<Uint32Array> {
    while (!run.step(50)) await new Promise((r) => setTimeout(r, 5));
    return run.result();
  }

  it.each(['tls.handshake.type == 1', 'frame.len > 1000', 'tcp.flags.fin == 1 || tls.alert_message'])(
    '%s: a pool of 3 shard threads matches what one thread does',
    async (text) => {
      const one = core.startFilter(text);
      const three = core.startFilter(text, pool);
      if (!('step' in one) || !('step' in three)) throw new Error('filter did not compile');
      expect(one).toBeInstanceOf(FilterRun);
      expect(three).toBeInstanceOf(ShardedFilterRun);
      const want = await finish(one);
      expect(want.length).toBeGreaterThan(0);
      expect([...(await finish(three))]).toEqual([...want]);
      expect(three.next).toBe(three.total);
    },
    30_000,
  );

  it('a capture still growing is filtered in one thread (it carries on over new packets)', () => {
    const growing = new CaptureIndex(file, { follow: true });
    try {
      expect(growing.startFilter('tls', pool)).toBeInstanceOf(FilterRun);
    } finally {
      growing.close();
    }
  });

  it('a cancelled run stops its threads and never reports done', async () => {
    const run = core.startFilter('tls', pool);
    if (!(run instanceof ShardedFilterRun)) throw new Error('expected a sharded run');
    run.cancel();
    await new Promise((r) => setTimeout(r, 200));
    expect(run.step(0)).toBe(false);
    // The pool starts new threads for the next run.
    const after = core.startFilter('tls.handshake.type == 1', pool);
    if (!(after instanceof ShardedFilterRun)) throw new Error('expected a sharded run');
    expect((await finish(after)).length).toBeGreaterThan(0);
  });

  it('a warmed pool matches the same packets', async () => {
    await pool.warm(file, 2000);
    const run = core.startFilter('tls.handshake.type == 1', pool);
    const one = core.startFilter('tls.handshake.type == 1');
    if (!('step' in run) || !('step' in one)) throw new Error('filter did not compile');
    expect([...(await finish(run))]).toEqual([...(await finish(one))]);
  });

  it('a thread that fails rejects the run with its message, and the pool works on', async () => {
    const bad = { file, filter: 'tls.nope', fields: [], fmt: NO_FORMAT, limit: 0, vendorNames: false };
    const failed = await pool
      .run(bad, () => {})
      .then(
        () => 'resolved',
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
    expect(failed).toMatch(/^shard \d: .*filter does not compile/);
    const run = core.startFilter('tls.handshake.type == 1', pool);
    if (!(run instanceof ShardedFilterRun)) throw new Error('expected a sharded run');
    expect((await finish(run)).length).toBeGreaterThan(0);
  });
});
