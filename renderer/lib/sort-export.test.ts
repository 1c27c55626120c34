/** Header-click sort cycling, the Export dialog's range choices and the detail tree's context menu items. */
import { describe, expect, it } from 'vitest';
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { treeMenuItems } from './context-menu.ts';
import { rangeOf, startDownload } from './export.ts';
import { ariaSort, nextSort, sortArrow } from './sort.ts';

describe('nextSort', () => {
  it('cycles ascending, descending, frame order', () => {
    const a = nextSort(null, 'info');
    expect(a).toEqual({ column: 'info', descending: false });
    const d = nextSort(a, 'info');
    expect(d).toEqual({ column: 'info', descending: true });
    expect(nextSort(d, 'info')).toBeNull();
  });

  it('starts ascending on another column', () => {
    expect(nextSort({ column: 'info', descending: true }, 'length')).toEqual({ column: 'length', descending: false });
  });

  it('names the state for the header', () => {
    const s = { column: 'time' as const, descending: true };
    expect([ariaSort(s, 'time'), sortArrow(s, 'time')]).toEqual(['descending', '▼']);
    expect([ariaSort(s, 'src'), sortArrow(s, 'src')]).toEqual(['none', '']);
    expect(sortArrow({ column: 'src', descending: false }, 'src')).toBe('▲');
  });
});

describe('rangeOf', () => {
  it('turns each choice into a packet range', () => {
    expect(rangeOf('all', 0, '')).toEqual({ ok: true, range: { kind: 'all' } });
    expect(rangeOf('displayed', 3, '')).toEqual({ ok: true, range: { kind: 'displayed' } });
    expect(rangeOf('selected', 3, '')).toEqual({ ok: true, range: { kind: 'selected', number: 3 } });
    expect(rangeOf('range', 0, ' 1-10, 15 ')).toEqual({ ok: true, range: { kind: 'range', text: '1-10, 15' } });
  });

  it('says what is missing', () => {
    expect(rangeOf('selected', 0, '')).toMatchObject({ ok: false, message: 'Select a packet first.' });
    expect(rangeOf('range', 0, '')).toMatchObject({ ok: false });
    expect(rangeOf('range', 0, 'all')).toMatchObject({ ok: false });
    expect(rangeOf('range', 0, '-')).toMatchObject({ ok: false });
  });
});

describe('startDownload', () => {
  it('clicks a hidden download link and removes it', () => {
    const clicked: { href: string; download: string }[] = [];
    const appended: unknown[] = [];
    const link = {
      href: '',
      download: '',
      rel: '',
      style: { display: '' },
      click(): void {
        clicked.push({ href: this.href, download: this.download });
      },
      remove(): void {
        appended.splice(appended.indexOf(this), 1);
      },
    };
    const doc = { createElement: () => link, body: { append: (x: unknown) => appended.push(x) } };
    startDownload('/download/abc', 'trace-export.csv', doc as never);
    expect(clicked).toEqual([{ href: '/download/abc', download: 'trace-export.csv' }]);
    expect(appended).toEqual([]);
  });
});

describe('treeMenuItems', () => {
  const node = (n: Partial<TreeNode>): TreeNode => ({ label: 'x', offset: 0, length: 1, source: 0, ...n });

  it('filters on the field and its value, and copies value, name and line', () => {
    const items = treeMenuItems(
      node({ label: 'Server Name: example.com', abbrev: 'tls.handshake.extensions_server_name', value: 'example.com' }),
    );
    expect(items.map((i) => [i.id, i.action])).toEqual([
      ['apply', { kind: 'apply', filter: 'tls.handshake.extensions_server_name == example.com' }],
      ['prepare', { kind: 'prepare', filter: 'tls.handshake.extensions_server_name == example.com' }],
      ['copy-value', { kind: 'copy', text: 'example.com' }],
      ['copy-name', { kind: 'copy', text: 'tls.handshake.extensions_server_name' }],
      ['copy-line', { kind: 'copy', text: 'Server Name: example.com' }],
    ]);
  });

  it('quotes values that are not bare words, and uses the name alone for protocols', () => {
    const quoted = treeMenuItems(node({ abbrev: 'tls.handshake.extensions_server_name', value: 'a b' }));
    expect(quoted[0]!.action).toEqual({ kind: 'apply', filter: 'tls.handshake.extensions_server_name == "a b"' });
    const proto = treeMenuItems(node({ label: 'Transport Layer Security', abbrev: 'tls' }));
    expect(proto[0]!.action).toEqual({ kind: 'apply', filter: 'tls' });
    expect(proto[2]!.action).toEqual({ kind: 'copy', text: 'Transport Layer Security' });
  });

  it('disables filtering and the field name on text-only lines', () => {
    const items = treeMenuItems(node({ label: '[Timestamps]' }));
    expect(items.filter((i) => !i.action).map((i) => i.id)).toEqual(['apply', 'prepare', 'copy-name']);
  });
});
