/** The TLS insight panel's state: the open capture's sessions, findings and statistics, fetched on demand. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Backend } from '../backend.ts';
import type { InsightResult } from '../../shared/protocol/insight.ts';
import type { IoSeries } from '../../shared/analysis/io-graph.ts';

export type InsightTab = 'sessions' | 'findings' | 'statistics';

export const useInsightStore = defineStore('insight', () => {
  let backend: Backend | undefined;
  const visible = ref(false);
  const tab = ref<InsightTab>('sessions');
  const result = shallowRef<InsightResult | null>(null);
  const loading = ref(false);
  const error = ref('');
  /** tcp.stream of the session whose ladder is shown, or -1. */
  const selectedStream = ref(-1);
  /** The I/O graph's display filter, the series of its matches (null when none is applied), and its error. */
  const ioFilter = ref('');
  const ioFiltered = shallowRef<IoSeries | null>(null);
  const ioError = ref('');
  let token = 0;
  let ioToken = 0;

  function reset(): void {
    token++;
    ioToken++;
    ioFiltered.value = null;
    ioError.value = '';
    result.value = null;
    selectedStream.value = -1;
    error.value = '';
    loading.value = false;
  }

  function attach(b: Backend): void {
    backend = b;
    b.onEvent((e) => {
      if (e.type === 'opened' || e.type === 'closed') {
        reset();
        if (e.type === 'opened' && visible.value) void load();
      }
    });
  }

  async function load(): Promise<void> {
    if (!backend || loading.value || result.value) return;
    const mine = ++token;
    loading.value = true;
    error.value = '';
    try {
      const r = await backend.request('insight', {});
      if (mine !== token) return;
      result.value = r;
      selectedStream.value = r.sessions[0]?.stream ?? -1;
    } catch (e) {
      if (mine === token) error.value = e instanceof Error ? e.message : String(e);
    } finally {
      if (mine === token) loading.value = false;
    }
  }

  /** Draws the packets `filter` matches beside the whole capture's; an empty filter removes that series. */
  async function applyIoFilter(filter: string): Promise<void> {
    const mine = ++ioToken;
    ioFilter.value = filter;
    ioError.value = '';
    if (!backend || filter.trim() === '') {
      ioFiltered.value = null;
      return;
    }
    try {
      const series = await backend.request('ioGraph', { filter });
      if (mine === ioToken) ioFiltered.value = series;
    } catch (e) {
      if (mine !== ioToken) return;
      ioFiltered.value = null;
      ioError.value = e instanceof Error ? e.message : String(e);
    }
  }

  function toggle(): void {
    visible.value = !visible.value;
    if (visible.value) void load();
  }

  return {
    visible,
    tab,
    result,
    loading,
    error,
    selectedStream,
    ioFilter,
    ioFiltered,
    ioError,
    attach,
    load,
    toggle,
    applyIoFilter,
  };
});
