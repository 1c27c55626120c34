/** The store's sorting (header clicks → backend `sort`) and exporting (`export`, downloads) against a fake backend. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExportResult, Request, Row, SortColumn } from '../../shared/protocol/messages.ts';
import { Backend } from '../backend.ts';
import { FakeTransport } from './fake-transport.ts';
import { useCaptureStore } from './capture.ts';

const TOTAL = 30;

function row(i: number): Row {
  return {
    number: i + 1,
    time: `${i}.000000`,
    src: 'a',
    dst: 'b',
    protocol: 'TCP',
    length: 100 + ((i * 7) % 13),
    info: `p${i + 1}`,
    color: 'tcp',
  };
}

/** A backend that sorts its rows by length like the worker does, and answers exports. */
class StoreTransport extends FakeTransport {
  order: number[] = [...Array(TOTAL).keys()];
  exportResult: ExportResult = { saved: true, packets: 3, bytes: 300, name: 'x-export.pcapng' };
  failExport = false;

  protected answer(req: Request): void {
    switch (req.method) {
      case 'state':
        return this.reply(req, 'state', {
          file: { name: 'x.pcap', path: '/x.pcap', size: 1, format: 'pcap' },
          total: TOTAL,
          displayed: TOTAL,
          indexing: false,
          filter: '',
          loadMs: 1,
          warning: null,
          canOpenPath: true,
        });
      case 'rows':
        return this.reply(req, 'rows', {
          from: req.params.from,
          rows: this.order.slice(req.params.from, req.params.from + req.params.count).map(row),
        });
      case 'sort': {
        const all = [...Array(TOTAL).keys()];
        const { column, descending } = req.params;
        const key = (i: number): number => (column === 'length' ? row(i).length : i);
        this.order = column ? all.sort((a, b) => (descending ? -1 : 1) * (key(a) - key(b)) || a - b) : all;
        return this.reply(req, 'sort', { column, descending, displayed: TOTAL, elapsedMs: 1 });
      }
      case 'locate':
        return this.reply(req, 'locate', { row: this.order.indexOf(req.params.number - 1) });
      case 'packet':
        return this.reply(req, 'packet', {
          number: req.params.number,
          tree: [],
          frameHex: '',
          sources: [],
          alerts: [],
          malformed: false,
          elapsedMs: 1,
        });
      case 'export':
        if (this.failExport) return this.fail(req, 'disk full');
        return this.reply(req, 'export', this.exportResult);
      default:
        this.fail(req, `unexpected ${req.method}`);
    }
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('sorting from the store', () => {
  let fake: StoreTransport;
  let store: ReturnType<typeof useCaptureStore>;

  beforeEach(async () => {
    setActivePinia(createPinia());
    fake = new StoreTransport();
    store = useCaptureStore();
    store.attach(new Backend(fake));
    await settle();
  });

  const sortRequests = (): { column: SortColumn | null; descending: boolean }[] =>
    fake.requests.flatMap((r) => (r.method === 'sort' ? [r.params] : []));

  it('cycles a column through ascending, descending and frame order, reloading the rows each time', async () => {
    store.ensureRows(0, 29);
    await settle();
    expect(store.rowAt(0)?.number).toBe(1);

    await store.sortBy('length');
    await settle();
    expect(store.sort).toEqual({ column: 'length', descending: false });
    const lengths = Array.from({ length: TOTAL }, (_, i) => store.rowAt(i)!.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));

    await store.sortBy('length');
    await settle();
    expect(store.sort).toEqual({ column: 'length', descending: true });
    expect(store.rowAt(0)!.length).toBe(Math.max(...lengths));

    await store.sortBy('length');
    await settle();
    expect(store.sort).toBeNull();
    expect(store.rowAt(0)?.number).toBe(1);
    expect(sortRequests()).toEqual([
      { column: 'length', descending: false },
      { column: 'length', descending: true },
      { column: null, descending: false },
    ]);
  });

  it('keeps the selected packet selected, at its new row', async () => {
    store.ensureRows(0, 29);
    await settle();
    await store.selectRow(4);
    expect(store.selectedNumber).toBe(5);
    await store.sortBy('length');
    await settle();
    expect(store.selectedNumber).toBe(5);
    expect(store.selectedRow).toBe(fake.order.indexOf(4));
    expect(store.rowAt(store.selectedRow)?.number).toBe(5);
    expect(store.scrollRequest.row).toBe(store.selectedRow);
  });

  it('forgets the sort when another capture opens', async () => {
    await store.sortBy('time');
    store.onEvent({ type: 'opened', file: { name: 'y.pcap', path: '/y.pcap', size: 1, format: 'pcap' } });
    expect(store.sort).toBeNull();
  });
});

describe('exporting from the store', () => {
  let fake: StoreTransport;
  let store: ReturnType<typeof useCaptureStore>;

  beforeEach(async () => {
    setActivePinia(createPinia());
    fake = new StoreTransport();
    store = useCaptureStore();
    store.attach(new Backend(fake));
    await settle();
  });

  it('opens the dialog when the Electron menu asks, and closes it after exporting', async () => {
    fake.emit({ type: 'exportRequested', format: 'json' });
    expect(store.exportRequest).toBe('json');
    const r = await store.exportCapture('json', { kind: 'range', text: '1-3' });
    expect(r).toEqual(fake.exportResult);
    expect(store.exportRequest).toBeNull();
    expect(store.lastExport).toEqual(fake.exportResult);
    const sent = fake.requests.find((x) => x.method === 'export');
    expect(sent?.params).toEqual({ format: 'json', range: { kind: 'range', text: '1-3' } });
    expect(sent?.params).not.toHaveProperty('path');
  });

  it('keeps the dialog open and shows the error when the export fails', async () => {
    store.requestExport('pcap');
    fake.failExport = true;
    expect(await store.exportCapture('pcap', { kind: 'all' })).toBeNull();
    expect(store.exportRequest).toBe('pcap');
    expect(store.error?.message).toBe('disk full');
    expect(store.exporting).toBe(false);
  });

  it('ignores export requests with no capture open', async () => {
    store.onEvent({ type: 'closed' });
    store.onEvent({ type: 'exportRequested', format: 'csv' });
    expect(store.exportRequest).toBeNull();
    expect(await store.exportCapture('csv', { kind: 'all' })).toBeNull();
  });
});
