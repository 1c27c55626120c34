/** The protocol handler: validation, the current view (filtered or not), locate, open permissions, events. */
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent, Method, MethodResults, Response, ServerMessage } from '../../shared/protocol/messages.ts';
import { writeFixture } from '../../test/app-fixtures.ts';
import { ProtocolHandler } from './handler.ts';

class Harness {
  readonly messages: ServerMessage[] = [];
  readonly handler: ProtocolHandler;
  private id = 1;
  constructor(allowOpenPath = true) {
    this.handler = new ProtocolHandler({ send: (m) => this.messages.push(m), allowOpenPath });
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
  events(): BackendEvent[] {
    return this.messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }
  async waitFor(type: BackendEvent['type']): Promise<BackendEvent> {
    for (;;) {
      const e = this.events().find((x) => x.type === type);
      if (e) return e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

describe('ProtocolHandler', () => {
  let h: Harness;
  afterEach(() => h?.handler.dispose());

  it('answers invalid messages with an error and the id when it can', async () => {
    h = new Harness();
    expect(await h.raw({ id: 5, method: 'rows', params: { from: -3, count: 1 } })).toMatchObject({
      id: 5,
      ok: false,
      error: { message: expect.stringMatching(/^Invalid request at params.from/) },
    });
    expect(await h.raw('hello')).toMatchObject({ id: null, ok: false });
    expect(await h.raw({ id: 6, method: 'rows', params: { from: 0, count: 1 } })).toMatchObject({
      id: 6,
      ok: false,
      error: { message: 'No capture file is open.' },
    });
  });

  it('opens, pages rows, filters, locates and clears the filter', async () => {
    h = new Harness();
    const state = await h.call('open', { path: writeFixture() });
    expect(state.file?.name).toBe('fixture.pcap');
    expect(h.events()[0]).toMatchObject({ type: 'opened' });
    const indexed = await h.waitFor('indexed');
    const total = indexed.type === 'indexed' ? indexed.total : 0;
    expect(total).toBe(27);

    const all = await h.call('rows', { from: 0, count: 100 });
    expect(all.rows).toHaveLength(total);

    const f = await h.call('filter', { text: 'ssl' });
    expect(f).toMatchObject({ text: 'ssl', total, cancelled: false });
    const shown = await h.call('rows', { from: 0, count: 100 });
    expect(shown.rows).toHaveLength(f.displayed);
    // As in Wireshark, `ssl` also matches the segment where a record began that later segments complete.
    expect(shown.rows.every((r) => /^TLS/.test(r.protocol) || r.info === '[TCP segment of a reassembled PDU]')).toBe(
      true,
    );
    expect(shown.rows.some((r) => /^TLS/.test(r.protocol))).toBe(true);
    expect(h.events().at(-1)).toEqual({ type: 'count', total, displayed: f.displayed, filter: 'ssl' });

    // Paging within the filtered view.
    const page = await h.call('rows', { from: 2, count: 2 });
    expect(page.rows).toEqual(shown.rows.slice(2, 4));

    const hello = shown.rows.find((r) => r.info.startsWith('Server Hello'))!;
    expect(await h.call('locate', { number: hello.number })).toEqual({
      row: shown.rows.indexOf(hello),
    });
    expect(await h.call('locate', { number: 1 })).toEqual({ row: -1 });
    expect(await h.call('locate', { number: 10_000 })).toEqual({ row: -1 });
    expect((await h.call('state', {})).filter).toBe('ssl');

    const cleared = await h.call('filter', { text: '' });
    expect(cleared.displayed).toBe(total);
    expect(await h.call('locate', { number: 1 })).toEqual({ row: 0 });
  });

  it('pushes the first page of rows right after opening, without being asked', async () => {
    h = new Harness();
    await h.call('open', { path: writeFixture() });
    const pushed = await h.waitFor('rows');
    expect(pushed.type === 'rows' && pushed.from).toBe(0);
    const rows = pushed.type === 'rows' ? pushed.rows : [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
    const types = h.events().map((e) => e.type);
    expect(types.indexOf('opened')).toBeLessThan(types.indexOf('rows'));
    expect(h.messages.filter((m) => m.kind === 'response')).toHaveLength(1);
  });

  it('reports filter errors with their column and keeps the view', async () => {
    h = new Harness();
    await h.call('open', { path: writeFixture() });
    await h.waitFor('indexed');
    const r = await h.raw({ id: 99, method: 'filter', params: { text: 'tcp.port == ' } });
    expect(r).toMatchObject({ ok: false, error: { column: expect.any(Number) } });
    expect((await h.call('state', {})).filter).toBe('');
  });

  it('checks filters as the user types, warning about deprecated names', async () => {
    h = new Harness();
    expect(await h.call('checkFilter', { text: '' })).toEqual({ status: 'empty' });
    expect(await h.call('checkFilter', { text: 'tls.handshake.type == 1' })).toEqual({ status: 'valid' });
    expect(await h.call('checkFilter', { text: 'ssl' })).toMatchObject({ status: 'deprecated', column: 0, length: 3 });
    expect(await h.call('checkFilter', { text: 'tcp && ssl.record.version == 0x0303' })).toMatchObject({
      status: 'deprecated',
      column: 7,
    });
    expect(await h.call('checkFilter', { text: 'frame contains "ssl"' })).toEqual({ status: 'valid' });
    expect(await h.call('checkFilter', { text: 'tls.nope' })).toMatchObject({ status: 'invalid', column: 0 });
  });

  it('completes field names', async () => {
    h = new Harness();
    const r = await h.call('complete', { text: 'tls.handshake.cip', cursor: 17 });
    expect(r.from).toBe(0);
    expect(r.items.map((i) => i.label)).toContain('tls.handshake.ciphersuite');
  });

  it('refuses paths from the renderer when the transport does not allow it', async () => {
    h = new Harness(false);
    expect(await h.raw({ id: 1, method: 'open', params: { path: '/etc/passwd' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/File menu/) },
    });
  });

  it('reports open errors with the byte offset', async () => {
    h = new Harness();
    expect(await h.raw({ id: 1, method: 'open', params: { path: '/nonexistent.pcap' } })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/doesn't exist/) },
    });
  });

  it('closes the capture', async () => {
    h = new Harness();
    await h.call('open', { path: writeFixture() });
    const s = await h.call('close', {});
    expect(s.file).toBeNull();
    expect(h.events().at(-1)).toEqual({ type: 'closed' });
  });
});
