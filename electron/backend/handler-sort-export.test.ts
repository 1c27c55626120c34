/** The protocol handler's sorted views and exports: sort in the worker, keep sorting across filters, export targets. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportFormat, Method, MethodResults, Response, ServerMessage } from '../../shared/protocol/messages.ts';
import { writeFixture } from '../../test/app-fixtures.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';
import { ProtocolHandler, type HandlerOptions } from './handler.ts';

class Harness {
  readonly messages: ServerMessage[] = [];
  readonly handler: ProtocolHandler;
  private id = 1;
  constructor(extra: Partial<HandlerOptions> = {}) {
    this.handler = new ProtocolHandler({ send: (m) => this.messages.push(m), allowOpenPath: true, ...extra });
  }
  async raw(msg: unknown): Promise<Response> {
    await this.handler.handle(msg);
    return this.messages.filter((m): m is Response => m.kind === 'response').at(-1)!;
  }
  async call<M extends Method>(method: M, params: unknown): Promise<MethodResults[M]> {
    const r = await this.raw({ id: this.id++, method, params });
    if (!r.ok) throw new Error(r.error.message);
    return r.result as MethodResults[M];
  }
  async openIndexed(): Promise<number> {
    await this.call('open', { path: writeFixture() });
    for (;;) {
      const e = this.messages.find((m) => m.kind === 'event' && m.event.type === 'indexed');
      if (e?.kind === 'event' && e.event.type === 'indexed') return e.event.total;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('sorting the packet list', () => {
  let h: Harness;
  afterEach(() => h?.handler.dispose());

  it('serves rows in the sorted order, locates packets in it, and returns to frame order', async () => {
    h = new Harness();
    const total = await h.openIndexed();
    const frameOrder = (await h.call('rows', { from: 0, count: 100 })).rows;

    const r = await h.call('sort', { column: 'length', descending: true });
    expect(r).toMatchObject({ column: 'length', descending: true, displayed: total });
    const sorted = (await h.call('rows', { from: 0, count: 100 })).rows;
    const want = [...frameOrder].sort((a, b) => b.length - a.length || a.number - b.number);
    expect(sorted.map((x) => x.number)).toEqual(want.map((x) => x.number));
    const page = await h.call('rows', { from: 5, count: 3 });
    expect(page.rows).toEqual(sorted.slice(5, 8));
    const longest = sorted[0]!.number;
    expect(await h.call('locate', { number: longest })).toEqual({ row: 0 });

    await h.call('sort', { column: null, descending: false });
    expect((await h.call('rows', { from: 0, count: 100 })).rows).toEqual(frameOrder);
  });

  it('keeps the sort when a filter is applied or cleared', async () => {
    h = new Harness();
    const total = await h.openIndexed();
    await h.call('sort', { column: 'info', descending: false });
    const f = await h.call('filter', { text: 'tcp.flags.syn == 1' });
    const rows = (await h.call('rows', { from: 0, count: 100 })).rows;
    expect(rows).toHaveLength(f.displayed);
    const infos = rows.map((x) => x.info);
    expect(infos).toEqual([...infos].sort());
    await h.call('filter', { text: '' });
    const all = (await h.call('rows', { from: 0, count: 100 })).rows;
    expect(all).toHaveLength(total);
    expect(all.map((x) => x.info)).toEqual(all.map((x) => x.info).sort());
  });

  it('rejects unknown columns', async () => {
    h = new Harness();
    await h.openIndexed();
    expect(await h.raw({ id: 50, method: 'sort', params: { column: 'color', descending: false } })).toMatchObject({
      ok: false,
    });
  });
});

describe('exporting from the handler', () => {
  let h: Harness;
  afterEach(() => h?.handler.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-handler-export-'));

  it('asks the export target hook for a destination; the renderer never names a path', async () => {
    const asked: [string, ExportFormat][] = [];
    h = new Harness({
      exportTarget: (name, format) => {
        asked.push([name, format]);
        return Promise.resolve({ path: join(dir, name), download: `/download/x/${name}` });
      },
    });
    await h.openIndexed();
    await h.call('filter', { text: 'tls' });
    const r = await h.call('export', { format: 'pcapng', range: { kind: 'displayed' } });
    expect(asked).toEqual([['fixture-export.pcapng', 'pcapng']]);
    const shown = (await h.call('rows', { from: 0, count: 100 })).rows.map((x) => x.number);
    expect(r).toMatchObject({ saved: true, packets: shown.length, name: 'fixture-export.pcapng' });
    expect(r.download).toBe('/download/x/fixture-export.pcapng');
    const cap = openCaptureFile(join(dir, 'fixture-export.pcapng'));
    let n = 0;
    forEachPacket(cap, () => void n++);
    cap.source.close();
    expect(n).toBe(shown.length);

    const csv = await h.call('export', { format: 'csv', range: { kind: 'range', text: '1-3' } });
    expect(csv.packets).toBe(3);
    expect(readFileSync(join(dir, 'fixture-export.csv'), 'utf8').split('\n')[1]).toMatch(/^"1",/);

    // A path smuggled into the request is refused by the schema.
    expect(
      await h.raw({ id: 77, method: 'export', params: { format: 'csv', range: { kind: 'all' }, path: '/tmp/x' } }),
    ).toMatchObject({ ok: false });
    expect(await h.raw({ id: 78, method: 'export', params: { format: 'exe', range: { kind: 'all' } } })).toMatchObject({
      ok: false,
    });
    expect(
      await h.raw({ id: 79, method: 'export', params: { format: 'csv', range: { kind: 'range', text: '9-1' } } }),
    ).toMatchObject({ ok: false, error: { message: expect.stringMatching(/valid range/) } });
  });

  it('writes nothing when the save dialog is cancelled, and refuses without a hook', async () => {
    h = new Harness({ exportTarget: () => Promise.resolve(null) });
    await h.openIndexed();
    expect(await h.call('export', { format: 'pcap', range: { kind: 'all' } })).toMatchObject({
      saved: false,
      packets: 0,
    });
    await h.handler.dispose();
    h = new Harness();
    await h.openIndexed();
    expect(await h.raw({ id: 5, method: 'export', params: { format: 'pcap', range: { kind: 'all' } } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/isn't available/) },
    });
  });
});
