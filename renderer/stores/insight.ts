/** The TLS insight panel's state: the open capture's sessions, findings and statistics, fetched on demand. */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Backend } from '../backend.ts';
import type { InsightResult } from '../../shared/protocol/insight.ts';

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
  let token = 0;

  function reset(): void {
    token++;
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

  function toggle(): void {
    visible.value = !visible.value;
    if (visible.value) void load();
  }

  return { visible, tab, result, loading, error, selectedStream, attach, load, toggle };
});
