/** pcap and pcapng reading: byte orders, resolutions, sections, interfaces, skipped blocks, and broken files. */
import { describe, expect, it } from 'vitest';
import { openCapture } from './reader.ts';
import { emptyRecord, type PacketRecord } from './record.ts';
import { BufferSource } from './source.ts';
import { PcapngWriter, PcapWriter } from './writer.ts';

function readAll(bytes: Uint8Array): { records: PacketRecord[]; problem?: string } {
  const opened = openCapture(new BufferSource(bytes));
  if (!opened.ok) return { records: [], problem: opened.problem.message };
  const out: PacketRecord[] = [];
  const rec = emptyRecord();
  while (opened.reader.next(rec)) out.push({ ...rec });
  return { records: out, problem: opened.reader.problem?.message };
}

const data = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

describe('pcap', () => {
  for (const littleEndian of [true, false])
    for (const nanosecond of [false, true])
      it(`reads ${littleEndian ? 'little' : 'big'}-endian ${nanosecond ? 'nanosecond' : 'microsecond'} files`, () => {
        const w = new PcapWriter({ linkType: 1, littleEndian, nanosecond });
        w.add({ tsSec: 1_600_000_000, tsNsec: 123_456_789, data: data(60, 1) });
        w.add({ tsSec: 1_600_000_001, tsNsec: 5_000, data: data(40, 2), origlen: 1500 });
        const { records, problem } = readAll(w.bytes());
        expect(problem).toBeUndefined();
        expect(records).toHaveLength(2);
        expect(records[0]!.tsNsec).toBe(nanosecond ? 123_456_789 : 123_456_000);
        expect(records[1]).toMatchObject({ caplen: 40, origlen: 1500, linkType: 1, tsSec: 1_600_000_001 });
        expect(records[1]!.dataOffset).toBe(24 + 16 + 60 + 16);
      });

  it('keeps the intact prefix of a file cut short and says where', () => {
    const w = new PcapWriter({ linkType: 1 });
    w.add({ tsSec: 1, tsNsec: 0, data: data(60, 1) });
    w.add({ tsSec: 2, tsNsec: 0, data: data(60, 2) });
    const bytes = w.bytes().subarray(0, 24 + 76 + 30);
    const { records, problem } = readAll(bytes);
    expect(records).toHaveLength(1);
    expect(problem).toMatch(/cut short in the middle of a packet at offset 100/);
  });

  it('rejects files that are empty or not captures', () => {
    expect(readAll(new Uint8Array(0)).problem).toBe('the file is empty');
    expect(readAll(new TextEncoder().encode('hello, this is not a capture file at all')).problem).toMatch(
      /isn't a capture file.*magic 0x68656c6c at offset 0/,
    );
  });
});

describe('pcapng', () => {
  it('reads sections, interfaces with their own link type and resolution, EPB and SPB, and skips other blocks', () => {
    const w = new PcapngWriter(true);
    w.section();
    const eth = w.iface({ linkType: 1, tsresol: 6 });
    const raw = w.iface({ linkType: 101, tsresol: 9 });
    w.packet(eth, { tsSec: 1_700_000_000, tsNsec: 250_000_000, data: data(60, 1) });
    w.rawBlock(4, new Uint8Array(4)); // name resolution block
    w.rawBlock(0x0badcafe, new Uint8Array(8)); // unknown block type
    w.packet(raw, { tsSec: 1_700_000_000, tsNsec: 123_456_789, data: data(40, 2) });
    w.rawBlock(5, new Uint8Array(12)); // interface statistics
    const first = w.bytes();
    const w2 = new PcapngWriter(false);
    w2.section();
    w2.iface({ linkType: 113, snaplen: 64 });
    w2.simplePacket({ tsSec: 0, tsNsec: 0, data: data(100, 3) });
    const both = new Uint8Array(first.length + w2.bytes().length);
    both.set(first, 0);
    both.set(w2.bytes(), first.length);
    const { records, problem } = readAll(both);
    expect(problem).toBeUndefined();
    expect(records.map((r) => r.linkType)).toEqual([1, 101, 113]);
    expect(records[0]).toMatchObject({ tsSec: 1_700_000_000, tsNsec: 250_000_000, interfaceId: 0 });
    expect(records[1]).toMatchObject({ tsNsec: 123_456_789, interfaceId: 1, caplen: 40 });
    expect(records[2]).toMatchObject({ caplen: 64, origlen: 100 });
  });

  it('stops with the offset of a block whose length is impossible', () => {
    const w = new PcapngWriter(true);
    w.section();
    w.iface({ linkType: 1 });
    w.packet(0, { tsSec: 1, tsNsec: 0, data: data(60, 1) });
    const bytes = w.bytes();
    const broken = new Uint8Array(bytes.length + 12);
    broken.set(bytes);
    new DataView(broken.buffer).setUint32(bytes.length, 6, true);
    new DataView(broken.buffer).setUint32(bytes.length + 4, 0x7ffffff0, true);
    const { records, problem } = readAll(broken);
    expect(records).toHaveLength(1);
    expect(problem).toBe(`pcapng block at offset ${bytes.length + 4 - 4} has an invalid length ${0x7ffffff0}`);
  });
});
