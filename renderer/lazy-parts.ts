/**
 * The parts of the window that are not needed to paint the first packet rows, each in its own chunk: the TLS
 * insight panel (with uPlot), the export, TLS preferences and Follow TLS Stream dialogs, the alert decoder and the
 * tree's context menu. The entry chunk keeps the packet list, filter bar, detail/hex panes and status bar; these
 * load when first shown, and are fetched ahead (`prefetchLazyParts` in idle time once the first rows are painted,
 * `prefetchInsightPanel` when the pointer or focus reaches its toggle) so opening them rarely waits.
 */
import { defineAsyncComponent, type Component } from 'vue';

type Loader = () => Promise<{ default: Component }>;

/** Each lazy part's module, by name (exported for the tests). */
export const lazyPartLoaders = {
  insightPanel: () => import('./components/InsightPanel.vue'),
  exportDialog: () => import('./components/ExportDialog.vue'),
  tlsPreferences: () => import('./components/TlsPreferences.vue'),
  followTlsStream: () => import('./components/FollowTlsStream.vue'),
  alertDecoder: () => import('./components/AlertDecoder.vue'),
  treeContextMenu: () => import('./components/TreeContextMenu.vue'),
} satisfies Record<string, Loader>;

export const LazyInsightPanel = defineAsyncComponent(lazyPartLoaders.insightPanel);
export const LazyExportDialog = defineAsyncComponent(lazyPartLoaders.exportDialog);
export const LazyTlsPreferences = defineAsyncComponent(lazyPartLoaders.tlsPreferences);
export const LazyFollowTlsStream = defineAsyncComponent(lazyPartLoaders.followTlsStream);
export const LazyAlertDecoder = defineAsyncComponent(lazyPartLoaders.alertDecoder);
export const LazyTreeContextMenu = defineAsyncComponent(lazyPartLoaders.treeContextMenu);

/** The parts fetched in idle time after the first rows: small ones, cheap to evaluate. */
const IDLE_PREFETCHED = [
  'exportDialog',
  'tlsPreferences',
  'followTlsStream',
  'alertDecoder',
  'treeContextMenu',
] as const;

/** Loads the small lazy parts (each module once; later loads reuse it). Failures are left to the part's first use. */
export function prefetchLazyParts(): void {
  for (const name of IDLE_PREFETCHED) lazyPartLoaders[name]().catch(() => undefined);
}

/**
 * Loads the insight panel, the biggest part (uPlot): only when the user heads for its toggle, so evaluating it
 * never takes frames from the first scroll through the list.
 */
export function prefetchInsightPanel(): void {
  lazyPartLoaders.insightPanel().catch(() => undefined);
}
