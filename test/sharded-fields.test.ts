/**
 * The CLI's `-T fields` on several cores must print exactly what one thread prints. Checked three ways: every
 * capture in ../shared/captures dissected as 2 and 3 shards (each packet's columns and the recorded filters' matches
 * from the shard that owns it equal the single dissection's), the shard runner's block mode for header-only
 * filters, and the real worker threads through the command line on a generated TLS capture.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCapture } from '../shared/capture/reader.ts';
import { emptyRecord } from '../shared/capture/record.ts';
import { BufferSource } from '../shared/capture/source.ts';
import { Dissection } from '../shared/dissect/packet.ts';
import { compileFilter, type CompiledFilter } from '../shared/filter/index.ts';
import { installTlsDecryption } from '../electron/backend/tls-crypto.ts';
import { runCommand } from '../electron/cli/live.ts';
import { BLOCK, runShard, type FieldsJob } from '../electron/backend/shard.ts';
import { shardCount } from '../electron/cli/sharded-fields.ts';
import { shardsForMachine } from '../electron/backend/sharded-run.ts';
import { parseCliArgs } from '../electron/cli/args.ts';
import { generateTlsCapture } from '../scripts/bench/generate.ts';
import { CAPTURES, goldenCaptures, REPO } from './golden-support.ts';

const recordedFilters = (name: string): string[] =>
  (JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', name), 'utf8')) as { filters: string[] }).filters;
const FILTERS = [...recordedFilters('filter-goldens.json'), ...recordedFilters('datagram-filter-goldens.json')];

interface PacketView {
  protocol: string;
  info: string;
  matches: string;
}

/** Columns and matching filters of every packet, from one dissection or from the shard that owns each packet. */
function dissectAll(file: Uint8Array, filters: [string, CompiledFilter][], count: number): Map<number, PacketView> {
  const out = new Map<number, PacketView>();
  for (let index = 0; index < count; index++) {
    installTlsDecryption();
    const opened = openCapture(new BufferSource(file));
    if (!opened.ok) throw new Error(opened.problem.message);
    const d = new Dissection(undefined, true, true, count > 1 ? { index, count } : undefined);
    const rec = emptyRecord();
    let n = 0;
    while (opened.reader.next(rec)) {
      n++;
      const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
      const p = d.dissect(n, rec, bytes);
      if (!p.owned) continue;
      expect(out.has(n), `frame ${n} owned by two shards`).toBe(false);
      const matches = filters.filter(([, f]) => f.matches({ tree: p.tree, frame: bytes })).map(([t]) => t);
      out.set(n, { protocol: p.cols.protocol, info: p.cols.info, matches: matches.join(' | ') });
    }
  }
  return out;
}

const FMT = { separator: '\t', occurrence: 'a', aggregator: ',', quote: 'n' } as const;
const COLUMNS = ['frame.number', '_ws.col.Protocol', '_ws.col.Info', 'tcp.stream', 'tls.record.content_type'];

/** The lines of every shard of `job`, merged in frame order. */
function shardLines(job: FieldsJob, count: number): string[] {
  const all: [number, string][] = [];
  for (let index = 0; index < count; index++)
    runShard(job, { index, count }, (b) => {
      const lines = b.text.split('\n');
      b.numbers.forEach((n, i) => all.push([n, lines[i]!]));
    });
  return all.sort((a, b) => a[0] - b[0]).map(([, l]) => l);
}

const captures = goldenCaptures();
describe.skipIf(captures.length === 0)(`shards agree with one dissection on the captures in ${CAPTURES}`, () => {
  const compiled = FILTERS.map((f): [string, CompiledFilter] => {
    const r = compileFilter(f);
    if (!r.ok) throw new Error(`${f}: ${r.error.message}`);
    return [f, r.filter];
  });
  for (const capture of captures)
    it(capture, () => {
      const file = new Uint8Array(readFileSync(join(CAPTURES, capture)));
      const one = dissectAll(file, compiled, 1);
      for (const count of [2, 3]) {
        const sharded = dissectAll(file, compiled, count);
        expect(sharded.size, `${count} shards: every frame owned once`).toBe(one.size);
        const diffs: string[] = [];
        for (const [n, v] of one) {
          const s = sharded.get(n);
          if (JSON.stringify(s) !== JSON.stringify(v))
            diffs.push(
              `${count} shards, frame ${n}:\n  one:     ${JSON.stringify(v)}\n  sharded: ${JSON.stringify(s)}`,
            );
        }
        expect(diffs.slice(0, 5)).toEqual([]);
      }
      // The shard runner also passes over other shards' settled conversations without dissecting them.
      const job: FieldsJob = {
        file: join(CAPTURES, capture),
        filter: undefined,
        fields: COLUMNS,
        fmt: FMT,
        limit: 0,
        vendorNames: true,
      };
      const single = shardLines(job, 1);
      for (const count of [2, 3]) expect(shardLines(job, count).join('\n')).toBe(single.join('\n'));
    });
});

describe('the shard runner and the CLI on several cores', () => {
  let dir = '';
  let file = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'wirelens-shards-'));
    file = join(dir, 'tls.pcap');
    // More than two blocks of frames, so block mode deals packets to every shard.
    generateTlsCapture(file, 3 * BLOCK + 500);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compiledFields = (text: string): readonly string[] => {
    const r = compileFilter(text);
    if (!r.ok) throw new Error(r.error.message);
    return r.filter.fields;
  };
  const fmt = FMT;
  function linesOf(job: FieldsJob, count: number): string[] {
    const ends = [...Array(count).keys()].map((index) => runShard(job, { index, count }, () => {}));
    for (const end of ends) {
      expect(end.problem).toBeUndefined();
      expect(end.packets).toBe(job.limit || 3 * BLOCK + 500);
    }
    return shardLines(job, count);
  }

  const STATEFUL = ['frame.number', 'frame.time_delta', '_ws.col.Protocol', '_ws.col.Info', 'tcp.stream'];
  // Only fields each packet's own headers give: block mode (packets dealt out in blocks, the others not dissected).
  const HEADERS = ['frame.number', 'frame.time_delta', 'frame.time_relative', 'ip.src', 'tcp.srcport'];
  for (const [filter, fields, blocks] of [
    ['frame.len > 1000', HEADERS, true],
    ['ip.addr == 10.0.0.0/8 && tcp.port == 443', HEADERS, true],
    ['tcp.flags.syn == 1', HEADERS, true],
    ['frame.len > 1000', STATEFUL, false],
    ['tls.handshake.type == 1', STATEFUL, false],
    [undefined, STATEFUL, false],
  ] as const)
    it(`${filter ?? 'every packet'}, ${blocks ? 'header fields' : 'stateful fields'}: 2 and 3 shards print what one does`, () => {
      const job: FieldsJob = { file, filter, fields, fmt, limit: 0, vendorNames: true };
      const keep = new Set([
        ...fields.filter((f) => !f.startsWith('_ws.col.')),
        ...(filter ? compiledFields(filter) : []),
      ]);
      expect(
        new Dissection(
          undefined,
          keep,
          fields.some((f) => f.startsWith('_ws.col.')),
        ).stateless,
      ).toBe(blocks);
      const one = linesOf(job, 1);
      expect(one.length).toBeGreaterThan(0);
      expect(linesOf(job, 2)).toEqual(one);
      expect(linesOf(job, 3)).toEqual(one);
    });

  it('stops after -c packets in every shard', () => {
    const job: FieldsJob = {
      file,
      filter: undefined,
      fields: ['frame.number', '_ws.col.Info'],
      fmt,
      limit: 5000,
      vendorNames: true,
    };
    const one = linesOf(job, 1);
    expect(one).toHaveLength(5000);
    expect(linesOf(job, 2)).toEqual(one);
  });

  async function cli(args: string[], shards: string): Promise<{ out: string; err: string; code: number }> {
    const before = process.env.WIRELENS_SHARDS;
    process.env.WIRELENS_SHARDS = shards;
    let out = '';
    let err = '';
    try {
      const code = await runCommand(args, { stdout: (s) => (out += s), stderr: (s) => (err += s) });
      return { out, err, code };
    } finally {
      if (before === undefined) delete process.env.WIRELENS_SHARDS;
      else process.env.WIRELENS_SHARDS = before;
    }
  }

  it('worker threads: the command line prints byte for byte what one thread prints', async () => {
    for (const args of [
      ['-r', file, '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'],
      ['-r', file, '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'frame.number', '-E', 'header=y'],
      ['-r', file, '-Y', 'frame.len > 1000', '-T', 'fields', '-e', 'frame.number', '-e', 'ip.src', '-c', '9000'],
    ]) {
      const one = await cli(args, '1');
      const three = await cli(args, '3');
      expect(one.code).toBe(0);
      expect(one.out.split('\n').length).toBeGreaterThan(10);
      expect(three).toEqual(one);
    }
  }, 60_000);

  it('shards only on machines of four cores or more, at most four', () => {
    expect([1, 2, 3, 4, 6, 16].map((c) => shardsForMachine(c))).toEqual([1, 1, 1, 3, 4, 4]);
  });

  it('runs in one thread when the output needs every packet in one place', () => {
    const opts = (args: string[]) => parseCliArgs(['-r', file, ...args]);
    const env = { WIRELENS_SHARDS: '2' };
    expect(shardCount(opts(['-T', 'fields', '-e', 'frame.number']), env)).toBe(2);
    expect(shardCount(opts(['-T', 'fields', '-e', 'frame.number', '-z', 'io,phs']), env)).toBe(1);
    expect(shardCount(opts(['-T', 'fields', '-e', 'frame.number', '-o', 'tls.keylog_file:k']), env)).toBe(1);
    expect(shardCount(opts(['-V']), env)).toBe(1);
    expect(shardCount(opts([]), env)).toBe(1);
    // A small file stays in one thread unless told otherwise.
    expect(shardCount(opts(['-T', 'fields', '-e', 'frame.number']), {})).toBe(1);
  });

  it('a bad filter or field is still reported as tshark does', async () => {
    const bad = await cli(['-r', file, '-Y', 'tls.nope == 1', '-T', 'fields', '-e', 'frame.number'], '2');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/tls\.nope/);
  });
});
