/** The renderer store against a fake backend: paging, filter view changes, selection, errors. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FilterCheck, Request, Row } from '../../shared/protocol/messages.ts';
import { Backend } from '../backend.ts';
import { FakeTransport } from './fake-transport.ts';
import { PAGE_SIZE, useCaptureStore } from './capture.ts';

const TOTAL = 250;

function row(i: number): Row {
  return {
    number: i + 1,
    time: '0.000000',
    src: 'a',
    dst: 'b',
    protocol: i % 2 ? 'TLSv1.2' : 'TCP',
    length: 60,
    info: `p${i + 1}`,
    color: 'tcp',
  };
}

/** A scripted backend: answers requests from a tiny in-memory capture and records what was asked. */
class StoreTransport extends FakeTransport {
  view: number[] | null = null;
  check: FilterCheck = { status: 'valid' };

  protected answer(req: Request): void {
    const view = this.view ?? [...Array(TOTAL).keys()];
    switch (req.method) {
      case 'state':
        return this.reply(req, 'state', {
          file: { name: 'x.pcap', path: '/x.pcap', size: 1, format: 'pcap' },
          total: TOTAL,
          displayed: view.length,
          indexing: false,
          filter: '',
          loadMs: 5,
          warning: null,
          canOpenPath: true,
        });
      case 'rows':
        return this.reply(req, 'rows', {
          from: req.params.from,
          rows: view.slice(req.params.from, req.params.from + req.params.count).map(row),
        });
      case 'checkFilter':
        return this.reply(req, 'checkFilter', this.check);
      case 'filter':
        this.view = req.params.text ? view.filter((i) => i % 2 === 1) : null;
        this.emit({ type: 'count', total: TOTAL, displayed: this.view?.length ?? TOTAL, filter: req.params.text });
        return this.reply(req, 'filter', {
          text: req.params.text,
          displayed: this.view?.length ?? TOTAL,
          total: TOTAL,
          elapsedMs: 3,
          cancelled: false,
        });
      case 'locate': {
        const i = req.params.number - 1;
        return this.reply(req, 'locate', { row: this.view ? this.view.indexOf(i) : i });
      }
      case 'packet':
        return this.reply(req, 'packet', {
          number: req.params.number,
          tree: [{ label: 'Frame', abbrev: 'frame', offset: 0, length: 2, source: 0 }],
          frameHex: 'abcd',
          sources: [],
          alerts: [],
          malformed: false,
          elapsedMs: 1,
        });
      default:
        this.fail(req, `unexpected ${req.method}`);
    }
  }
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('capture store', () => {
  let fake: StoreTransport;
  let store: ReturnType<typeof useCaptureStore>;

  beforeEach(async () => {
    setActivePinia(createPinia());
    fake = new StoreTransport();
    store = useCaptureStore();
    store.attach(new Backend(fake));
    await tick();
    await tick();
  });

  it('loads the session state on connect', () => {
    expect(store.connected).toBe(true);
    expect(store.file?.name).toBe('x.pcap');
    expect(store.total).toBe(TOTAL);
  });

  it('fetches only the pages it needs, once', async () => {
    store.ensureRows(0, 30);
    store.ensureRows(10, 40);
    await tick();
    const rowsAsked = fake.requests.filter((r) => r.method === 'rows');
    expect(rowsAsked).toHaveLength(1);
    expect(store.rowAt(5)?.number).toBe(6);
    expect(store.rowAt(PAGE_SIZE + 5)).toBeUndefined();
    store.ensureRows(PAGE_SIZE + 1, PAGE_SIZE + 2);
    await tick();
    expect(store.rowAt(PAGE_SIZE + 5)?.number).toBe(PAGE_SIZE + 6);
  });

  it('applies a filter, switches the view and keeps the selected packet', async () => {
    store.ensureRows(0, 30);
    await tick();
    await store.selectRow(3);
    expect(store.selectedNumber).toBe(4);
    expect(store.detail?.number).toBe(4);
    await store.applyFilter('tls');
    await tick();
    expect(store.appliedFilter).toBe('tls');
    expect(store.displayed).toBe(TOTAL / 2);
    expect(store.filterMs).toBe(3);
    // Packet 4 (index 3) is odd, so still displayed, at row 1.
    expect(store.selectedRow).toBe(1);
    expect(store.rowAt(0)?.number).toBe(2);
    expect(store.history[0]).toBe('tls');
  });

  it('does not apply an invalid filter', async () => {
    fake.check = { status: 'invalid', message: 'bad', column: 2, length: 1 };
    await store.applyFilter('tl$');
    expect(fake.requests.some((r) => r.method === 'filter')).toBe(false);
    expect(store.filterCheck.status).toBe('invalid');
  });

  it('shows backend events: progress, indexed with a warning, errors', () => {
    fake.emit({ type: 'opened', file: { name: 'y.pcap', path: '/y.pcap', size: 10, format: 'pcapng' } });
    expect(store.indexing).toBe(true);
    expect(store.total).toBe(0);
    fake.emit({ type: 'progress', phase: 'index', done: 5, total: 10, packets: 3 });
    expect(store.progress).toEqual({ phase: 'index', done: 5, total: 10 });
    fake.emit({ type: 'indexed', total: 3, elapsedMs: 12, warning: { message: 'cut short', offset: 99 } });
    expect(store.indexing).toBe(false);
    expect(store.warning?.offset).toBe(99);
    expect(store.progress).toBeNull();
    fake.emit({ type: 'error', error: { message: 'boom' } });
    expect(store.error?.message).toBe('boom');
  });

  it('paints the rows pushed with a capture just opened, without asking for them', async () => {
    fake.emit({ type: 'opened', file: { name: 'y.pcap', path: '/y.pcap', size: 10, format: 'pcap' } });
    fake.emit({ type: 'count', total: 40, displayed: 40, filter: '' });
    fake.emit({ type: 'rows', from: 0, rows: [...Array(40).keys()].map(row) });
    const asked = fake.requests.length;
    store.ensureRows(0, 30);
    await tick();
    expect(store.rowAt(39)?.number).toBe(40);
    expect(fake.requests.slice(asked).filter((r) => r.method === 'rows')).toHaveLength(0);
    // A push never shrinks a page already loaded, and is ignored under a filter.
    fake.emit({ type: 'rows', from: 0, rows: [row(0)] });
    expect(store.rowAt(39)?.number).toBe(40);
  });

  it('expands and selects tree nodes', async () => {
    await store.selectRow(0);
    store.selectNode('0');
    expect(store.selectedTreeNode?.abbrev).toBe('frame');
    store.expandAll();
    store.collapseAll();
    expect(store.expanded.size).toBe(0);
  });

  it('goes to a packet, or says it is not displayed', async () => {
    expect(await store.goToPacket(10)).toBe(true);
    expect(store.selectedRow).toBe(9);
    await store.applyFilter('tls');
    expect(await store.goToPacket(1)).toBe(false);
    expect(store.error?.message).toMatch(/isn't in the packet list/);
  });
});
