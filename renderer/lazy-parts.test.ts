/**
 * The first rows need only the entry chunk: the parts in lazy-parts.ts (and uPlot) must not be reachable from
 * main.ts through static imports, or the bundler puts them back into it. Checked on the sources, so no build is
 * needed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import AlertDecoder from './components/AlertDecoder.vue';
import ExportDialog from './components/ExportDialog.vue';
import FollowTlsStream from './components/FollowTlsStream.vue';
import InsightPanel from './components/InsightPanel.vue';
import TlsPreferences from './components/TlsPreferences.vue';
import TreeContextMenu from './components/TreeContextMenu.vue';
import { lazyPartLoaders } from './lazy-parts.ts';

const HERE = dirname(fileURLToPath(import.meta.url));

/** Module specifiers a source file imports for their values (`import type` left out; dynamic import() too). */
function staticImports(source: string): string[] {
  const found: string[] = [];
  const statement = /^\s*import\s+(?!type\s)(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(statement)) found.push(m[1]!);
  return found;
}

/** Every file or package reachable from `entry` through static imports (packages by their specifier). */
function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!/\.(ts|vue)$/.test(file) || !existsSync(file)) continue;
    for (const spec of staticImports(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec));
      else seen.add(spec);
    }
  }
  return seen;
}

describe('lazy parts', () => {
  it('each loads its component', async () => {
    const expected = {
      insightPanel: InsightPanel,
      exportDialog: ExportDialog,
      tlsPreferences: TlsPreferences,
      followTlsStream: FollowTlsStream,
      alertDecoder: AlertDecoder,
      treeContextMenu: TreeContextMenu,
    };
    expect(Object.keys(lazyPartLoaders).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, load] of Object.entries(lazyPartLoaders))
      expect((await load()).default, name).toBe(expected[name as keyof typeof expected]);
  });

  it('stay out of the entry chunk: main.ts reaches none of them, nor uPlot, through static imports', () => {
    const graph = reachable(resolve(HERE, 'main.ts'));
    // The walk does follow the app's static imports (the packet list is in the entry chunk).
    expect(graph).toContain(resolve(HERE, 'components/PacketList.vue'));
    expect(graph).toContain(resolve(HERE, 'lazy-parts.ts'));
    expect(graph).toContain('vue');
    const lazy = ['InsightPanel', 'IoGraph', 'HandshakeLadder', 'ExportDialog', 'TlsPreferences', 'FollowTlsStream'];
    for (const part of [...lazy, 'AlertDecoder', 'TreeContextMenu'])
      expect(graph).not.toContain(resolve(HERE, `components/${part}.vue`));
    expect(graph).not.toContain('uplot');
    expect(graph).not.toContain(resolve(HERE, 'lib/alerts.ts'));
  });
});
