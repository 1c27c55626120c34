/**
 * Component tests without a DOM (@vue/test-utils and jsdom aren't installed): each component is rendered with
 * Vue's server renderer against a Pinia store in a given state, and the HTML is checked. Interaction (clicks,
 * keys) is covered by the stores' and libs' tests and by the Playwright e2e spec.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSSRApp, h, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { useCaptureStore } from '../stores/capture.ts';
import ExportDialog from './ExportDialog.vue';
import FilterBar from './FilterBar.vue';
import PacketList from './PacketList.vue';
import TreeContextMenu from './TreeContextMenu.vue';

let pinia: Pinia;

async function render(component: Component, props: Record<string, unknown> = {}): Promise<string> {
  const app = createSSRApp({ render: () => h(component, props) });
  app.use(pinia);
  return renderToString(app);
}

/** The element with `data-testid`, as rendered (first tag only). */
function tagOf(html: string, testid: string): string {
  return new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`).exec(html)?.[0] ?? '';
}

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

describe('FilterBar', () => {
  it.each([
    ['empty', { status: 'empty' }, ''],
    ['valid', { status: 'valid' }, 'tls.handshake.type == 1'],
    ['deprecated', { status: 'deprecated', message: '"ssl" is deprecated; use "tls"', column: 0, length: 3 }, 'ssl'],
    ['invalid', { status: 'invalid', message: 'Unexpected end of filter', column: 11, length: 1 }, 'tcp.port =='],
  ] as const)('colours the box for a %s filter', async (status, check, text) => {
    const store = useCaptureStore();
    store.filterText = text;
    store.filterCheck = { ...check };
    const html = await render(FilterBar);
    const input = tagOf(html, 'filter-input');
    expect(input).toContain(`filter-${status}`);
    expect(input).toContain(`data-status="${status}"`);
    expect(html.includes('data-testid="filter-error"')).toBe(status === 'invalid');
    expect(html.includes('data-testid="filter-warning"')).toBe(status === 'deprecated');
  });

  it('shows the error message, its column and the offending text marked', async () => {
    const store = useCaptureStore();
    store.filterText = 'tcp.port == x443 && tls';
    store.filterCheck = { status: 'invalid', message: '"x443" is not a valid port', column: 12, length: 4 };
    const html = await render(FilterBar);
    expect(html).toContain('&quot;x443&quot; is not a valid port');
    expect(html).toContain('(column 13)');
    expect(html).toMatch(
      /<code class="filter-echo">tcp\.port == <mark>x443<\/mark>(<!--[^>]*-->)? &amp;&amp; tls<\/code>/,
    );
  });

  it('marks one character when the error has no length (end of the text)', async () => {
    const store = useCaptureStore();
    store.filterText = 'tls &&';
    store.filterCheck = { status: 'invalid', message: 'Missing operand', column: 6 };
    const html = await render(FilterBar);
    expect(html).toContain('(column 7)');
    expect(html).toMatch(/<mark> <\/mark>/);
  });
});

describe('FilterBar colours (styles.css)', () => {
  const css = readFileSync(fileURLToPath(new URL('../styles.css', import.meta.url)), 'utf8');
  /** Every value the stylesheet gives a custom property (light first, then the dark theme's). */
  const values = (name: string): [number, number, number][] =>
    [...css.matchAll(new RegExp(`--${name}:\\s*#([0-9a-f]{6})`, 'gi'))].map((m) => {
      const hex = m[1]!;
      return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    });
  const background = (cls: string): string | undefined =>
    new RegExp(`\\.${cls}\\s*\\{[^}]*background:\\s*var\\(--(\\w+)\\)`).exec(css)?.[1];

  it('paints valid green, invalid red and deprecated yellow, in both themes', () => {
    const ok = values(background('filter-valid')!);
    const bad = values(background('filter-invalid')!);
    const warn = values(background('filter-deprecated')!);
    for (const list of [ok, bad, warn]) expect(list).toHaveLength(2);
    for (const [r, g, b] of ok) expect(g > r && g > b).toBe(true);
    for (const [r, g, b] of bad) expect(r > g && r > b).toBe(true);
    for (const [r, g, b] of warn) expect(r > b && g > b).toBe(true);
  });
});

describe('PacketList headers', () => {
  it('shows no sort arrows in frame order', async () => {
    const html = await render(PacketList);
    for (const key of ['number', 'time', 'src', 'dst', 'protocol', 'length', 'info'])
      expect(tagOf(html, `sort-${key}`)).toContain('aria-sort="none"');
    expect(html).not.toContain('pl-sort');
  });

  it.each([
    [false, 'ascending', '▲'],
    [true, 'descending', '▼'],
  ])('marks the sorted column (descending: %s)', async (descending, aria, arrow) => {
    const store = useCaptureStore();
    store.sort = { column: 'length', descending };
    const html = await render(PacketList);
    const th = tagOf(html, 'sort-length');
    expect(th).toContain(`aria-sort="${aria}"`);
    expect(th).toContain('sorted');
    expect(html).toContain(`<span class="pl-sort">${arrow}</span>`);
    expect(tagOf(html, 'sort-info')).toContain('aria-sort="none"');
  });
});

describe('TreeContextMenu', () => {
  const field: TreeNode = {
    label: 'Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)',
    abbrev: 'tls.handshake.ciphersuite',
    value: '0xc02f',
    offset: 0,
    length: 2,
    source: 0,
  };
  const text: TreeNode = { label: '[Stream index: 0]', offset: 0, length: 0, source: 0 };

  it('offers every action for a field', async () => {
    const html = await render(TreeContextMenu, { node: field, x: 10, y: 20 });
    expect(html).toContain('left:10px;top:20px;');
    for (const id of ['apply', 'prepare', 'copy-value', 'copy-name', 'copy-line'])
      expect(tagOf(html, `tree-menu-${id}`)).toContain('aria-disabled="false"');
    expect(html).toMatch(/Apply as Filter[\s\S]*Prepare as Filter[\s\S]*Copy Value[\s\S]*Copy Field Name/);
  });

  it('greys out filtering and the field name on a text-only line', async () => {
    const html = await render(TreeContextMenu, { node: text, x: 0, y: 0 });
    for (const id of ['apply', 'prepare', 'copy-name']) {
      expect(tagOf(html, `tree-menu-${id}`)).toContain('disabled');
      expect(tagOf(html, `tree-menu-${id}`)).toContain('aria-disabled="true"');
    }
    expect(tagOf(html, 'tree-menu-copy-line')).toContain('aria-disabled="false"');
  });
});

describe('ExportDialog', () => {
  it('is closed until an export is requested', async () => {
    expect(await render(ExportDialog)).not.toContain('export-dialog');
  });

  it('opens with the requested format and the displayed packets when a filter is applied', async () => {
    const store = useCaptureStore();
    store.file = { name: 'x.pcap', path: '/x.pcap', size: 1, format: 'pcap' };
    store.total = 40;
    store.displayed = 7;
    store.appliedFilter = 'tls';
    store.exportRequest = 'csv';
    const html = await render(ExportDialog);
    expect(html).toContain('data-testid="export-dialog"');
    expect(html).toMatch(/<option value="csv" selected>/);
    expect(html).toContain('All packets (40)');
    expect(html).toContain('Displayed (7)');
    expect(tagOf(html, 'export-range-displayed')).toContain('checked');
    // No packet selected: that choice is disabled.
    expect(tagOf(html, 'export-range-selected')).toContain('disabled');
  });
});
