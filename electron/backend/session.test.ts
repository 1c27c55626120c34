/** The capture session end to end through its worker: indexing, rows, packet detail, filters, errors, close. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferSource } from '../../shared/capture/source.ts';
import { openCapture } from '../../shared/capture/reader.ts';
import { emptyRecord } from '../../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../../shared/dissect/packet.ts';
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { appFixturePackets, manyConnections, writeFixture, writeTemp } from '../../test/app-fixtures.ts';
import { pcapOf } from '../../test/synthetic.ts';
import { PacketIndex } from './packet-index.ts';
import { serializeTree } from './packet-view.ts';
import { CaptureSession, SessionError, type IndexProgress } from './session.ts';

/** What a straight sequential dissection says about every packet, to compare the session against. */
function dissectAll(path: string): DissectedPacket[] {
  const bytes = new Uint8Array(readFileSync(path));
  const opened = openCapture(new BufferSource(bytes));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const out: DissectedPacket[] = [];
  const rec = emptyRecord();
  while (opened.reader.next(rec)) {
    out.push(d.dissect(out.length + 1, rec, bytes.slice(rec.dataOffset, rec.dataOffset + rec.caplen)));
  }
  return out;
}

function labels(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.label, ...labels(n.children ?? [])]);
}

describe('CaptureSession', () => {
  const path = writeFixture();
  const expected = dissectAll(path);
  let session: CaptureSession;
  const progress: IndexProgress[] = [];

  beforeAll(async () => {
    session = await CaptureSession.open(path, { onProgress: (p) => progress.push(p) });
  });
  afterAll(() => session.close());

  it('indexes the whole file with progress', async () => {
    const summary = await session.indexed;
    expect(summary.total).toBe(expected.length);
    expect(summary.warning).toBeNull();
    expect(session.packetCount).toBe(expected.length);
    expect(session.file.format).toBe('pcap');
    expect(progress.at(-1)).toMatchObject({ packets: expected.length, done: session.file.size });
  });

  it('gives rows with the dissection columns', async () => {
    await session.indexed;
    const rows = await session.rows(0, 1000);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((r, i) => {
      const p = expected[i]!;
      expect(r).toMatchObject({
        number: i + 1,
        src: p.cols.src,
        dst: p.cols.dst,
        protocol: p.cols.protocol,
        info: p.cols.info,
        length: p.origlen,
      });
    });
    expect(rows[0]!.time).toBe('0.000000');
    expect(rows[0]!.color).toBe('tcp-syn-fin');
    expect(rows[3]!.color).toBe('tcp');
    expect(await session.rows(5, 2)).toEqual(rows.slice(5, 7));
    expect(await session.rowsAt([3, 0])).toEqual([rows[3], rows[0]]);
    expect(await session.rows(expected.length + 5, 10)).toEqual([]);
  });

  it('re-dissects one packet from its conversation with the same tree as the full pass', async () => {
    await session.indexed;
    const n = expected.findIndex((p) => p.cols.info.startsWith('Server Hello')) + 1;
    const detail = await session.packet(n);
    const full = expected[n - 1]!;
    expect(detail.number).toBe(n);
    expect(labels(detail.tree)).toEqual(labels(serializeTree(full.tree.roots)));
    expect(labels(detail.tree)).toContain('Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)');
    expect(detail.frameHex).toHaveLength(full.caplen * 2);
    expect(detail.sources.length).toBe(full.tree.sources.length);
    expect(detail.sources[0]!.hex.length / 2).toBe(full.tree.sources[0]!.bytes.length);
    // Walking forward (next packet) reuses the replay and still agrees.
    const next = await session.packet(n + 1);
    expect(labels(next.tree)).toEqual(labels(serializeTree(expected[n]!.tree.roots)));
    // Going back starts a fresh replay.
    const first = await session.packet(1);
    expect(labels(first.tree)).toEqual(labels(serializeTree(expected[0]!.tree.roots)));
  });

  it('leaves hidden fields out of the detail tree', async () => {
    await session.indexed;
    const n = expected.findIndex((p) => p.cols.info === 'Client Hello') + 1;
    const detail = await session.packet(n);
    const hidden = (nodes: TreeNode[]): number => nodes.reduce((a, x) => a + hidden(x.children ?? []) + 1, 0);
    const all = [
      ...(function* walk(ns: readonly import('../../shared/dissect/tree.ts').FieldNode[]): Generator<number> {
        for (const x of ns) {
          if (!x.hidden) {
            yield 1;
            if (x.children) yield* walk(x.children);
          }
        }
      })(expected[n - 1]!.tree.roots),
    ].length;
    expect(hidden(detail.tree)).toBe(all);
  });

  it('describes alerts: encrypted at the end of a session, and a plaintext fatal one', async () => {
    await session.indexed;
    const rows = await session.rows(0, 1000);
    const enc = rows.find((r) => r.info === 'Encrypted Alert')!;
    const [a] = (await session.packet(enc.number)).alerts;
    expect(a).toMatchObject({
      encrypted: true,
      senderRole: 'client',
      afterApplicationData: true,
      lastTlsRecord: true,
      followedByClose: true,
    });
    const plain = rows.find((r) => r.info.startsWith('Alert'))!;
    const [b] = (await session.packet(plain.number)).alerts;
    expect(b).toMatchObject({
      encrypted: false,
      level: 2,
      code: 40,
      senderRole: 'server',
      afterApplicationData: false,
    });
  });

  it('runs display filters in the worker', async () => {
    await session.indexed;
    const tls = expected.flatMap((p, i) => (p.protocols.includes('tls') ? [i] : []));
    const r = await session.filter('tls');
    expect(r.error).toBeUndefined();
    expect(r.cancelled).toBe(false);
    expect([...r.matches]).toEqual(tls);
    expect([...(await session.filter('ssl')).matches]).toEqual(tls);
    const hello = await session.filter('tls.handshake.type == 2');
    expect(hello.matches.length).toBe(1);
    const bad = await session.filter('tls.record.version ==');
    expect(bad.error).toMatchObject({ column: expect.any(Number) });
    expect(bad.error!.message).toMatch(/end of filter/i);
  });

  it('rejects a packet number that does not exist', async () => {
    await session.indexed;
    await expect(session.packet(expected.length + 1)).rejects.toThrow(/no packet/);
  });
});

describe('CaptureSession on a larger capture', () => {
  const packets = manyConnections(600);
  const path = writeTemp('many.pcap', pcapOf(packets));
  let s: CaptureSession;
  beforeAll(async () => {
    s = await CaptureSession.open(path);
  });
  afterAll(() => s.close());

  it('serves the first rows before indexing finishes', async () => {
    let rows: Awaited<ReturnType<CaptureSession['rows']>> = [];
    let stillIndexing = false;
    while (!rows.length) {
      rows = await s.rows(0, 20);
      stillIndexing = s.indexing;
    }
    expect(rows[0]!.number).toBe(1);
    expect(stillIndexing).toBe(true);
    const summary = await s.indexed;
    expect(summary.total).toBe(packets.length);
  });

  it('cancels a filter superseded by a newer one', async () => {
    await s.indexed;
    const first = s.filter('tcp');
    const second = s.filter('tls.handshake.type == 1');
    const [a, b] = await Promise.all([first, second]);
    expect(a.cancelled).toBe(true);
    expect(b.cancelled).toBe(false);
    expect(b.matches.length).toBe(600);
  });

  it('cancels on request', async () => {
    await s.indexed;
    const run = s.filter('tls');
    s.cancelFilter();
    const r = await run;
    expect(r.cancelled).toBe(true);
    expect(r.matches.length).toBe(0);
  });
});

describe('CaptureSession: the first rows', () => {
  const packets = manyConnections(600);
  const path = writeTemp('first-rows.pcap', pcapOf(packets));
  const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

  it('answers rows asked for before any packet is indexed, as soon as some are', async () => {
    const s = await CaptureSession.open(path);
    try {
      const rows = await s.rows(0, 50);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows[0]!.number).toBe(1);
      expect(s.indexing).toBe(true);
    } finally {
      await s.close();
    }
  });

  it('takes over a capture opened ahead, holding its indexing until then and replaying its progress', async () => {
    CaptureSession.openAhead(path);
    await sleep(800);
    const progress: IndexProgress[] = [];
    let opened = false;
    let progressBeforeOpened = false;
    const s = await CaptureSession.open(path, {
      onProgress: (p) => {
        progressBeforeOpened ||= !opened;
        progress.push(p);
      },
    });
    opened = true;
    try {
      // Held after the first pages: the whole file would be indexed by now otherwise.
      expect(s.indexing).toBe(true);
      expect(s.packetCount).toBeGreaterThan(0);
      expect(s.packetCount).toBeLessThan(packets.length);
      const summary = await s.indexed;
      expect(summary.total).toBe(packets.length);
      expect(progressBeforeOpened).toBe(false);
      expect(progress[0]!.packets).toBeGreaterThan(0);
      expect(progress.at(-1)!.packets).toBe(packets.length);
      expect((await s.rows(0, 3)).map((r) => r.number)).toEqual([1, 2, 3]);
    } finally {
      await s.close();
    }
  });

  it('replays the end of indexing to a late taker, once', async () => {
    const small = writeFixture('ahead-small.pcap');
    CaptureSession.openAhead(small);
    await sleep(300);
    const indexed: number[] = [];
    const s = await CaptureSession.open(small, { onIndexed: (x) => indexed.push(x.total) });
    try {
      await s.indexed;
      await sleep(20);
      expect(indexed).toEqual([s.packetCount]);
    } finally {
      await s.close();
    }
  });

  it('opens afresh once the capture opened ahead was dropped', async () => {
    CaptureSession.openAhead(path);
    await CaptureSession.dropOpenedAhead();
    const s = await CaptureSession.open(path);
    try {
      expect((await s.rows(0, 1))[0]!.number).toBe(1);
    } finally {
      await s.close();
    }
  });
});

describe('CaptureSession errors', () => {
  it('names a missing file', async () => {
    await expect(CaptureSession.open('/nonexistent/nothing.pcap')).rejects.toThrow(/doesn't exist/);
  });

  it('says where a file stops being a capture', async () => {
    const path = writeTemp('notes.pcap', 'this is a text file, not a capture at all\n');
    const e = await CaptureSession.open(path).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SessionError);
    expect((e as SessionError).message).toMatch(/isn't a capture file/);
    expect((e as SessionError).offset).toBe(0);
  });

  it('refuses an empty file', async () => {
    const path = writeTemp('empty.pcap', new Uint8Array(0));
    await expect(CaptureSession.open(path)).rejects.toThrow(/empty/);
  });

  it('opens the intact prefix of a truncated file and reports where it was cut', async () => {
    const full = pcapOf(appFixturePackets());
    const cut = full.slice(0, full.length - 5);
    const path = writeTemp('cut.pcap', cut);
    const s = await CaptureSession.open(path);
    try {
      const summary = await s.indexed;
      expect(summary.total).toBe(appFixturePackets().length - 1);
      expect(summary.warning).not.toBeNull();
      expect(summary.warning!.message).toMatch(/cut short/);
      expect(summary.warning!.offset).toBeGreaterThan(0);
      expect(summary.warning!.offset).toBeLessThan(cut.length);
      expect((await s.rows(0, 100)).length).toBe(summary.total);
    } finally {
      await s.close();
    }
  });

  it('rejects calls after close', async () => {
    const s = await CaptureSession.open(writeFixture());
    await s.close();
    await expect(s.rows(0, 1)).rejects.toThrow(/closed/);
  });
});

describe('PacketIndex', () => {
  it('keeps a small entry per packet', () => {
    const x = new PacketIndex();
    for (let i = 0; i < 100_000; i++)
      x.add({
        dataOffset: i * 100,
        caplen: 60,
        origlen: 60,
        tsSec: 1_700_000_000 + (i >> 10),
        tsNsec: (i % 1000) * 1000,
        linkType: 1,
        interfaceId: 0,
        protocol: i % 2 ? 'TCP' : 'TLSv1.2',
        src: '10.0.0.1',
        dst: '10.0.0.2',
        info: 'Application Data',
        conversation: `tcp ${i % 100}`,
        stream: i % 100,
        color: 'tcp',
      });
    expect(x.protocols.size).toBe(2);
    expect(x.addresses.size).toBe(2);
    expect(x.info.get(99_999)).toBe('Application Data');
    expect(x.timeText(1)).toBe('0.000001');
    // Typed arrays double as they grow: ~55 bytes of columns plus the Info text, with slack.
    expect(x.memoryBytes / x.count).toBeLessThan(200);
  });
});
