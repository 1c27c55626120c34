/**
 * Live capture in the renderer: the capture dialog (interfaces, capture filter), Start/Stop/Restart, and the
 * running capture's counts. Kept apart from the capture-file store; the file a capture writes is opened there
 * through the backend's usual events.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CaptureInterface, CaptureStatus, SessionState } from '../../shared/protocol/messages.ts';
import { Backend, BackendError } from '../backend.ts';

function messageOf(e: unknown): string {
  if (e instanceof BackendError) return e.problem.message;
  return e instanceof Error ? e.message : String(e);
}

export const useLiveCaptureStore = defineStore('liveCapture', () => {
  let backend: Backend | null = null;
  const dialogOpen = ref(false);
  /** null until the interfaces were asked for. */
  const available = ref<boolean | null>(null);
  const unavailable = ref('');
  const interfaces = ref<CaptureInterface[]>([]);
  const selected = ref('');
  const captureFilter = ref('');
  const status = ref<CaptureStatus | null>(null);
  const error = ref('');
  const busy = ref(false);
  const running = computed(() => status.value?.state === 'running');

  function applyState(s: SessionState): void {
    status.value = s.capture ?? null;
  }

  function attach(b: Backend): void {
    backend = b;
    b.onEvent((e) => {
      if (e.type === 'capture') status.value = e.status;
      else if (e.type === 'captureDialog') void openDialog();
      else if (e.type === 'opened' && status.value?.state !== 'running') status.value = null;
      else if (e.type === 'closed') status.value = null;
    });
    b.onStatus((c) => {
      if (c) void b.request('state', {}).then(applyState, () => undefined);
    });
  }

  async function refresh(): Promise<void> {
    if (!backend) return;
    try {
      const r = await backend.request('interfaces', {});
      available.value = r.available;
      unavailable.value = r.message ?? '';
      interfaces.value = r.interfaces;
      if (!interfaces.value.some((d) => d.name === selected.value)) {
        const first = interfaces.value.find((d) => d.up && !d.loopback) ?? interfaces.value[0];
        selected.value = first?.name ?? '';
      }
    } catch (e) {
      available.value = false;
      unavailable.value = messageOf(e);
    }
  }

  async function openDialog(): Promise<void> {
    dialogOpen.value = true;
    error.value = '';
    await refresh();
  }

  async function start(iface = selected.value, filter = captureFilter.value): Promise<boolean> {
    if (!backend || !iface) return false;
    busy.value = true;
    error.value = '';
    try {
      applyState(await backend.request('startCapture', { iface, filter: filter.trim() }));
      dialogOpen.value = false;
      return true;
    } catch (e) {
      error.value = messageOf(e);
      dialogOpen.value = true;
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function stop(): Promise<void> {
    if (!backend || !running.value) return;
    try {
      status.value = await backend.request('stopCapture', {});
    } catch (e) {
      error.value = messageOf(e);
    }
  }

  /** Stops and starts again on the same interface with the same capture filter (a new file). */
  async function restart(): Promise<boolean> {
    const last = status.value;
    if (!last) return false;
    await stop();
    return start(last.iface, last.filter);
  }

  return {
    dialogOpen,
    available,
    unavailable,
    interfaces,
    selected,
    captureFilter,
    status,
    error,
    busy,
    running,
    attach,
    refresh,
    openDialog,
    start,
    stop,
    restart,
  };
});
