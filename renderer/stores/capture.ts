/**
 * The app's state: the open capture, the packet list (a small page cache over the backend's view), the display
 * filter, the selected packet with its detail tree and the selected field.
 */
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  BackendEvent,
  ExportFormat,
  ExportResult,
  FileInfo,
  FilterCheck,
  PacketDetail,
  Problem,
  Row,
  PacketRange,
  SessionState,
  SortColumn,
} from '../../shared/protocol/messages.ts';
import { Backend, BackendError } from '../backend.ts';
import { startDownload } from '../lib/export.ts';
import { nextSort, type SortState } from '../lib/sort.ts';
import { allKeys, ancestorIds, expansionKey, nodeById } from '../lib/tree.ts';

export const PAGE_SIZE = 100;
/** Pages kept in memory around the visible rows (the renderer never holds the whole list). */
export const MAX_PAGES = 40;
const HISTORY_KEY = 'wirelens.filterHistory';
const HISTORY_MAX = 30;

interface Page {
  rows: Row[];
  /** How many packets the view had when this page was fetched (a short page is refetched once it grows). */
  displayedWhenFetched: number;
  lastUsed: number;
}

function problemOf(e: unknown): Problem {
  if (e instanceof BackendError) return e.problem;
  return { message: e instanceof Error ? e.message : String(e) };
}

function loadHistory(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

export const useCaptureStore = defineStore('capture', () => {
  let backend: Backend | null = null;

  const connected = ref(false);
  const canOpenPath = ref(false);
  const file = ref<FileInfo | null>(null);
  const total = ref(0);
  const displayed = ref(0);
  const indexing = ref(false);
  const progress = ref<{ phase: 'index' | 'filter'; done: number; total: number } | null>(null);
  const loadMs = ref<number | null>(null);
  const filterMs = ref<number | null>(null);
  const warning = ref<Problem | null>(null);
  const error = ref<Problem | null>(null);
  const opening = ref(false);

  // ---- Display filter --------------------------------------------------------------------------------------
  const filterText = ref('');
  const appliedFilter = ref('');
  const filterCheck = ref<FilterCheck>({ status: 'empty' });
  const filtering = ref(false);
  const history = ref<string[]>(loadHistory());

  // ---- Packet list page cache ------------------------------------------------------------------------------
  const pages = new Map<number, Page>();
  const loading = new Set<number>();
  const rowsVersion = ref(0);
  let generation = 0;
  let useClock = 0;
  let lastRange: [number, number] = [0, -1];

  // ---- Sorting and exporting -------------------------------------------------------------------------------
  /** The packet list's order (null: frame order); the backend sorts, the list only shows pages of it. */
  const sort = ref<SortState | null>(null);
  const sorting = ref(false);
  /** The format the Export dialog opens with, or null while it is closed. */
  const exportRequest = ref<ExportFormat | null>(null);
  const exporting = ref(false);
  const lastExport = ref<ExportResult | null>(null);

  // ---- Selection -------------------------------------------------------------------------------------------
  const selectedRow = ref(-1);
  const selectedNumber = ref(0);
  const detail = shallowRef<PacketDetail | null>(null);
  const detailLoading = ref(false);
  const selectedNode = ref<string | null>(null);
  const expanded = ref<Set<string>>(new Set());
  /** Bumped to ask the packet list to scroll a row into view. */
  const scrollRequest = ref<{ row: number; seq: number }>({ row: -1, seq: 0 });
  let packetToken = 0;

  const selectedTreeNode = computed(() =>
    detail.value && selectedNode.value ? nodeById(detail.value.tree, selectedNode.value) : undefined,
  );

  function request(): Backend {
    if (!backend) throw new Error('not connected');
    return backend;
  }

  function resetRows(): void {
    generation++;
    pages.clear();
    loading.clear();
    rowsVersion.value++;
  }

  function clearSelection(): void {
    selectedRow.value = -1;
    selectedNumber.value = 0;
    detail.value = null;
    selectedNode.value = null;
    packetToken++;
  }

  function applyState(s: SessionState): void {
    canOpenPath.value = s.canOpenPath;
    file.value = s.file;
    total.value = s.total;
    displayed.value = s.displayed;
    indexing.value = s.indexing;
    appliedFilter.value = s.filter;
    loadMs.value = s.loadMs;
    warning.value = s.warning;
  }

  function onEvent(e: BackendEvent): void {
    switch (e.type) {
      case 'opened':
        file.value = e.file;
        total.value = 0;
        displayed.value = 0;
        indexing.value = true;
        loadMs.value = null;
        filterMs.value = null;
        warning.value = null;
        error.value = null;
        appliedFilter.value = '';
        sort.value = null;
        resetRows();
        clearSelection();
        break;
      case 'rows':
        takePushedRows(e.from, e.rows);
        break;
      case 'progress':
        progress.value = { phase: e.phase, done: e.done, total: e.total };
        break;
      case 'count':
        total.value = e.total;
        displayed.value = e.displayed;
        if (e.filter !== appliedFilter.value) {
          appliedFilter.value = e.filter;
          resetRows();
        }
        ensureRows(...lastRange);
        break;
      case 'indexed':
        indexing.value = false;
        total.value = e.total;
        loadMs.value = e.elapsedMs;
        warning.value = e.warning;
        if (progress.value?.phase === 'index') progress.value = null;
        ensureRows(...lastRange);
        break;
      case 'closed':
        file.value = null;
        total.value = 0;
        displayed.value = 0;
        indexing.value = false;
        progress.value = null;
        loadMs.value = null;
        filterMs.value = null;
        warning.value = null;
        appliedFilter.value = '';
        sort.value = null;
        exportRequest.value = null;
        resetRows();
        clearSelection();
        break;
      case 'exportRequested':
        if (file.value) exportRequest.value = e.format;
        break;
      case 'error':
        error.value = e.error;
        break;
    }
  }

  function attach(b: Backend): void {
    backend = b;
    b.onEvent(onEvent);
    b.onStatus((c) => {
      connected.value = c;
      if (c) {
        if (error.value?.message.startsWith('Lost the connection')) error.value = null;
        void b.request('state', {}).then(applyState, (e: unknown) => (error.value = problemOf(e)));
      } else error.value = { message: 'Lost the connection to the backend. Reload the page to reconnect.' };
    });
  }

  // ---- Rows ------------------------------------------------------------------------------------------------

  /** The row at a position of the current view, if its page is loaded (reactive through rowsVersion). */
  function rowAt(i: number): Row | undefined {
    void rowsVersion.value;
    const p = pages.get(Math.floor(i / PAGE_SIZE));
    if (!p) return undefined;
    p.lastUsed = ++useClock;
    return p.rows[i % PAGE_SIZE];
  }

  function evict(): void {
    if (pages.size <= MAX_PAGES) return;
    const [lo, hi] = lastRange;
    const keep = (pg: number): boolean => pg * PAGE_SIZE <= hi && (pg + 1) * PAGE_SIZE > lo;
    const byAge = [...pages.entries()].filter(([pg]) => !keep(pg)).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [pg] of byAge.slice(0, pages.size - MAX_PAGES)) pages.delete(pg);
  }

  async function fetchPage(pg: number): Promise<void> {
    const gen = generation;
    loading.add(pg);
    try {
      const r = await request().request('rows', { from: pg * PAGE_SIZE, count: PAGE_SIZE });
      if (gen !== generation) {
        ensureRows(...lastRange);
        return;
      }
      pages.set(pg, { rows: r.rows, displayedWhenFetched: displayed.value, lastUsed: ++useClock });
      evict();
      rowsVersion.value++;
    } catch (e) {
      if (gen === generation) error.value = problemOf(e);
    } finally {
      if (gen === generation) loading.delete(pg);
    }
  }

  /**
   * Rows the backend pushed right after opening (always of the unfiltered view, from a page start): kept unless a
   * page already holds as many, so the list paints without a round trip.
   */
  function takePushedRows(from: number, rows: Row[]): void {
    const pg = Math.floor(from / PAGE_SIZE);
    if (from % PAGE_SIZE !== 0 || appliedFilter.value !== '' || sort.value || !rows.length) return;
    if ((pages.get(pg)?.rows.length ?? 0) >= rows.length) return;
    pages.set(pg, {
      rows: rows.slice(0, PAGE_SIZE),
      displayedWhenFetched: Math.max(displayed.value, rows.length),
      lastUsed: ++useClock,
    });
    evict();
    rowsVersion.value++;
  }

  /** Makes sure rows `first`..`last` of the view are loaded or on their way. */
  function ensureRows(first: number, last: number): void {
    lastRange = [first, last];
    if (!backend || !file.value || last < first) return;
    const end = Math.min(last, displayed.value - 1);
    for (let pg = Math.floor(Math.max(first, 0) / PAGE_SIZE); pg * PAGE_SIZE <= end; pg++) {
      if (loading.has(pg)) continue;
      const p = pages.get(pg);
      if (p && (p.rows.length === PAGE_SIZE || p.displayedWhenFetched >= displayed.value)) continue;
      void fetchPage(pg);
    }
  }

  // ---- Opening ---------------------------------------------------------------------------------------------

  async function openPath(path: string): Promise<void> {
    opening.value = true;
    error.value = null;
    try {
      applyState(await request().request('open', { path }));
    } catch (e) {
      error.value = problemOf(e);
    } finally {
      opening.value = false;
    }
  }

  async function closeFile(): Promise<void> {
    try {
      applyState(await request().request('close', {}));
    } catch (e) {
      error.value = problemOf(e);
    }
  }

  // ---- Filter ----------------------------------------------------------------------------------------------

  let checkSeq = 0;
  async function checkFilter(text: string): Promise<void> {
    const seq = ++checkSeq;
    if (!backend) return;
    try {
      const r = await backend.request('checkFilter', { text });
      if (seq === checkSeq) filterCheck.value = r;
    } catch {
      // A check that fails (lost connection) leaves the previous state; the banner says why.
    }
  }

  function remember(text: string): void {
    const h = [text, ...history.value.filter((x) => x !== text)].slice(0, HISTORY_MAX);
    history.value = h;
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(h));
    } catch {
      // Storage may be unavailable (private windows); history then lasts for the session.
    }
  }

  async function applyFilter(text = filterText.value): Promise<void> {
    if (!backend || !file.value) return;
    filterText.value = text;
    const check = await backend.request('checkFilter', { text });
    filterCheck.value = check;
    if (check.status === 'invalid') return;
    filtering.value = true;
    const keep = selectedNumber.value;
    try {
      const r = await backend.request('filter', { text });
      if (r.cancelled) return;
      filterMs.value = text.trim() ? r.elapsedMs : null;
      displayed.value = r.displayed;
      total.value = r.total;
      if (appliedFilter.value !== r.text) {
        appliedFilter.value = r.text;
        resetRows();
      }
      if (r.text) remember(r.text);
      // Keep the selected packet selected when it is still displayed.
      if (keep) {
        const { row } = await backend.request('locate', { number: keep });
        if (row >= 0) {
          selectedRow.value = row;
          scrollRequest.value = { row, seq: scrollRequest.value.seq + 1 };
        } else clearSelection();
      }
      ensureRows(...lastRange);
    } catch (e) {
      const p = problemOf(e);
      if (p.column !== undefined) filterCheck.value = { status: 'invalid', ...p };
      else error.value = p;
    } finally {
      filtering.value = false;
      if (progress.value?.phase === 'filter') progress.value = null;
    }
  }

  async function cancelFilter(): Promise<void> {
    if (backend && filtering.value) await backend.request('cancelFilter', {}).catch(() => undefined);
  }

  function complete(text: string, cursor: number) {
    return request().request('complete', { text, cursor });
  }

  // ---- Selection -------------------------------------------------------------------------------------------

  async function selectRow(i: number): Promise<void> {
    if (!backend || i < 0 || i >= displayed.value) return;
    selectedRow.value = i;
    const token = ++packetToken;
    let row = rowAt(i);
    if (!row) {
      const r = await backend.request('rows', { from: i, count: 1 });
      row = r.rows[0];
      if (!row || token !== packetToken) return;
    }
    selectedNumber.value = row.number;
    detailLoading.value = true;
    try {
      const d = await backend.request('packet', { number: row.number });
      if (token !== packetToken) return;
      detail.value = d;
      selectedNode.value = null;
    } catch (e) {
      if (token === packetToken) error.value = problemOf(e);
    } finally {
      if (token === packetToken) detailLoading.value = false;
    }
  }

  function scrollTo(row: number): void {
    scrollRequest.value = { row, seq: scrollRequest.value.seq + 1 };
  }

  /** Ctrl+G: selects packet `number` if the current view shows it. */
  async function goToPacket(number: number): Promise<boolean> {
    if (!backend || !file.value) return false;
    const { row } = await backend.request('locate', { number });
    if (row < 0) {
      error.value = {
        message: `Packet ${number} isn't in the packet list${appliedFilter.value ? ' (filtered)' : ''}.`,
      };
      return false;
    }
    scrollTo(row);
    await selectRow(row);
    return true;
  }

  function selectNode(id: string | null): void {
    selectedNode.value = id;
    if (!id || !detail.value) return;
    // Make sure the node is visible.
    const next = new Set(expanded.value);
    let changed = false;
    for (const a of ancestorIds(id)) {
      const n = nodeById(detail.value.tree, a);
      if (n && !next.has(expansionKey(n))) {
        next.add(expansionKey(n));
        changed = true;
      }
    }
    if (changed) expanded.value = next;
  }

  function toggleNode(id: string, open?: boolean): void {
    const n = detail.value && nodeById(detail.value.tree, id);
    if (!n?.children?.length) return;
    const key = expansionKey(n);
    const next = new Set(expanded.value);
    const want = open ?? !next.has(key);
    if (want) next.add(key);
    else next.delete(key);
    expanded.value = next;
  }

  function expandAll(): void {
    if (detail.value) expanded.value = new Set([...expanded.value, ...allKeys(detail.value.tree)]);
  }

  function collapseAll(): void {
    expanded.value = new Set();
  }

  /** Re-finds the selected packet's row after the list's order changed, and scrolls to it. */
  async function keepSelection(): Promise<void> {
    const keep = selectedNumber.value;
    if (!backend || !keep) return;
    const { row } = await backend.request('locate', { number: keep });
    if (row >= 0) {
      selectedRow.value = row;
      scrollRequest.value = { row, seq: scrollRequest.value.seq + 1 };
    } else clearSelection();
  }

  /** A click on a column header: ascending, then descending, then frame order again. */
  async function sortBy(column: SortColumn): Promise<void> {
    if (!backend || !file.value || sorting.value) return;
    const want = nextSort(sort.value, column);
    sorting.value = true;
    try {
      const r = await backend.request('sort', {
        column: want?.column ?? null,
        descending: want?.descending ?? false,
      });
      sort.value = r.column ? { column: r.column, descending: r.descending } : null;
      displayed.value = r.displayed;
      resetRows();
      await keepSelection();
      ensureRows(...lastRange);
    } catch (e) {
      error.value = problemOf(e);
    } finally {
      sorting.value = false;
    }
  }

  function requestExport(format: ExportFormat): void {
    if (file.value) exportRequest.value = format;
  }

  /**
   * Exports packets or dissections. The backend decides where they go (Electron: the main process's save dialog;
   * serve mode: a one-time download, started here).
   */
  async function exportCapture(format: ExportFormat, range: PacketRange): Promise<ExportResult | null> {
    if (!backend || !file.value) return null;
    exporting.value = true;
    try {
      const r = await backend.request('export', { format, range });
      lastExport.value = r;
      if (r.saved && r.download) startDownload(r.download, r.name);
      exportRequest.value = null;
      return r;
    } catch (e) {
      error.value = problemOf(e);
      return null;
    } finally {
      exporting.value = false;
    }
  }

  function dismissError(): void {
    error.value = null;
  }

  function dismissWarning(): void {
    warning.value = null;
  }

  return {
    connected,
    canOpenPath,
    file,
    total,
    displayed,
    indexing,
    progress,
    loadMs,
    filterMs,
    warning,
    error,
    opening,
    filterText,
    appliedFilter,
    filterCheck,
    filtering,
    history,
    rowsVersion,
    selectedRow,
    selectedNumber,
    detail,
    detailLoading,
    selectedNode,
    selectedTreeNode,
    expanded,
    scrollRequest,
    attach,
    onEvent,
    rowAt,
    ensureRows,
    openPath,
    closeFile,
    checkFilter,
    applyFilter,
    cancelFilter,
    complete,
    selectRow,
    scrollTo,
    goToPacket,
    selectNode,
    toggleNode,
    expandAll,
    collapseAll,
    dismissError,
    dismissWarning,
    sort,
    sorting,
    sortBy,
    exportRequest,
    exporting,
    lastExport,
    requestExport,
    exportCapture,
  };
});
