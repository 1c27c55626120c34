/**
 * File → Export: packets re-read with the project's reader carry the original bytes and timestamps; dissections
 * as CSV and JSON are line for line what the tshark-compatible CLI prints (and, for a shared capture, tshark's
 * golden columns).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PacketRecord } from '../../shared/capture/record.ts';
import { PcapngWriter, PcapWriter } from '../../shared/capture/writer.ts';
import { runCli } from '../cli/run.ts';
import { appFixturePackets, writeFixture, writeTemp } from '../../test/app-fixtures.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';
import { COLUMN_FIELDS, ExportError, exportCapture } from './export.ts';

interface ReadBack {
  format: string;
  packets: { rec: PacketRecord; bytes: Uint8Array }[];
}

function readBack(path: string): ReadBack {
  const cap = openCaptureFile(path);
  const packets: ReadBack['packets'] = [];
  const problem = forEachPacket(cap, (_n, rec, bytes) => void packets.push({ rec: { ...rec }, bytes }));
  cap.source.close();
  expect(problem).toBeUndefined();
  return { format: cap.reader.format, packets };
}

function cli(...args: string[]): string {
  let out = '';
  const code = runCli(args, { stdout: (s) => (out += s), stderr: () => undefined });
  expect(code).toBe(0);
  return out;
}

/** A path in a fresh folder, not yet created (as a save dialog returns it). */
const dest = (name: string): string => join(mkdtempSync(join(tmpdir(), 'wirelens-export-')), name);

/** Same bytes, times, lengths and link type. */
function expectSamePackets(got: ReadBack['packets'], want: ReadBack['packets']): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, k) => {
    const w = want[k]!;
    expect(g.bytes).toEqual(w.bytes);
    expect([g.rec.tsSec, g.rec.tsNsec, g.rec.origlen, g.rec.caplen, g.rec.linkType]).toEqual([
      w.rec.tsSec,
      w.rec.tsNsec,
      w.rec.origlen,
      w.rec.caplen,
      w.rec.linkType,
    ]);
  });
}

describe('exporting packets', () => {
  const source = writeFixture();
  const original = readBack(source).packets;

  it('writes every packet as pcap and as pcapng, with the original bytes and timestamps', async () => {
    for (const format of ['pcap', 'pcapng'] as const) {
      const out = dest(`all.${format}`);
      const r = await exportCapture(source, out, format, () => true);
      expect(r.packets).toBe(original.length);
      expect(r.bytes).toBe(readFileSync(out).length);
      const back = readBack(out);
      expect(back.format).toBe(format);
      expectSamePackets(back.packets, original);
    }
  });

  it('writes only the packets in the range', async () => {
    const out = dest('range.pcapng');
    const r = await exportCapture(source, out, 'pcapng', (n) => n === 2 || n >= 10);
    const want = original.filter((_p, i) => i === 1 || i >= 9);
    expect(r.packets).toBe(want.length);
    expectSamePackets(readBack(out).packets, want);
  });

  it('keeps nanoseconds, snapped lengths and several link types', async () => {
    const ng = new PcapngWriter().section();
    const eth = ng.iface({ linkType: 1, tsresol: 9 });
    const raw = ng.iface({ linkType: 101 });
    const frame = appFixturePackets()[3]!.data;
    ng.packet(eth, { tsSec: 1_700_000_000, tsNsec: 123_456_789, data: frame.subarray(0, 40), origlen: frame.length });
    ng.packet(raw, { tsSec: 1_700_000_001, tsNsec: 5_000, data: frame.subarray(14) });
    const mixed = writeTemp('mixed.pcapng', ng.bytes());
    const want = readBack(mixed).packets;

    const out = dest('mixed-out.pcapng');
    await exportCapture(mixed, out, 'pcapng', () => true);
    expectSamePackets(readBack(out).packets, want);

    // pcap holds one link type: exporting both is refused (and nothing is left behind), one of them works.
    const refused = dest('mixed-out.pcap');
    await expect(exportCapture(mixed, refused, 'pcap', () => true)).rejects.toBeInstanceOf(ExportError);
    expect(existsSync(refused)).toBe(false);
    const first = dest('first.pcap');
    await exportCapture(mixed, first, 'pcap', (n) => n === 1);
    expectSamePackets(readBack(first).packets, want.slice(0, 1));
    // The nanosecond timestamp survives: the pcap is written with the nanosecond magic.
    expect(readFileSync(first).readUInt32LE(0)).toBe(0xa1b23c4d);
  });

  it('writes microsecond pcap when every timestamp is whole microseconds', async () => {
    const w = new PcapWriter({ linkType: 1 });
    w.add({ tsSec: 10, tsNsec: 1000, data: appFixturePackets()[0]!.data });
    const src = writeTemp('us.pcap', w.bytes());
    const out = dest('us-out.pcap');
    await exportCapture(src, out, 'pcap', () => true);
    expect(readFileSync(out)).toEqual(readFileSync(src));
  });
});

describe('exporting packet dissections', () => {
  const source = writeFixture();
  const csvArgs = ['-r', source, '-T', 'fields', '-E', 'separator=,', '-E', 'quote=d'];
  const columns = COLUMN_FIELDS.flatMap((f) => ['-e', f]);

  it('writes CSV like `-T fields -E separator=, -E quote=d -E header=y` of the columns', async () => {
    const out = dest('all.csv');
    const r = await exportCapture(source, out, 'csv', () => true);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    // tshark leaves the header unquoted.
    expect(lines[0]).toBe(COLUMN_FIELDS.join(','));
    const want = cli(...csvArgs, ...columns)
      .trimEnd()
      .split('\n');
    expect(lines.slice(1)).toEqual(want);
    expect(r.packets).toBe(want.length);
    expect(lines[1]).toMatch(/^"1","0\.000000","10\.0\.0\.1","10\.0\.0\.2","TCP","\d+","50000 → 443 \[SYN\]/);
  });

  it('writes only the kept packets, dissected with the earlier ones (TLS over TCP stays intact)', async () => {
    const out = dest('some.csv');
    await exportCapture(source, out, 'csv', (n) => n >= 4 && n <= 6);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1);
    const all = cli(...csvArgs, ...columns)
      .trimEnd()
      .split('\n');
    expect(lines).toEqual(all.slice(3, 6));
  });

  it('writes JSON like -T json', async () => {
    const out = dest('all.json');
    await exportCapture(source, out, 'json', () => true);
    const text = readFileSync(out, 'utf8');
    expect(text).toBe(cli('-r', source, '-T', 'json'));
    const parsed = JSON.parse(text) as { _source: { layers: Record<string, unknown> } }[];
    expect(parsed[3]!._source.layers).toHaveProperty('tls');
    const none = dest('none.json');
    await exportCapture(source, none, 'json', () => false);
    expect(JSON.parse(readFileSync(none, 'utf8'))).toEqual([]);
  });
});

const SHARED = fileURLToPath(new URL('../../../shared/captures/', import.meta.url));
const ECDHE = join(SHARED, 'ecdhe.pcap');

describe.skipIf(!existsSync(`${ECDHE}.tshark.tsv`))('CSV export of a shared capture against tshark', () => {
  it('has tshark’s Source, Destination, Protocol, Length and Info in every row', async () => {
    const golden = readFileSync(`${ECDHE}.tshark.tsv`, 'utf8').trimEnd().split('\n');
    const head = golden[0]!.split('\t');
    const out = dest('ecdhe.csv');
    await exportCapture(ECDHE, out, 'csv', () => true);
    const rows = readFileSync(out, 'utf8').trimEnd().split('\n').slice(1);
    expect(rows.length).toBe(golden.length - 1);
    rows.forEach((line, k) => {
      const cells = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      const g = golden[k + 1]!.split('\t');
      const col = (name: string): string => g[head.indexOf(name)]!;
      expect(cells).toEqual([
        col('frame.number'),
        col('frame.time_relative').slice(0, -3),
        col('_ws.col.Source'),
        col('_ws.col.Destination'),
        col('_ws.col.Protocol'),
        col('frame.len'),
        col('_ws.col.Info'),
      ]);
    });
  });
});
if (!existsSync(`${ECDHE}.tshark.tsv`))
  console.warn(`export.test: ${SHARED} is absent; skipping the tshark comparison`);
