/**
 * TLS decryption in the renderer: which key sources the backend holds (names and counts only), the decryption
 * summary of the open capture, the Preferences → TLS dialog and the Follow TLS Stream view. In serve mode key
 * files are read in the browser and uploaded once; in the desktop app the main process picks and reads them.
 */
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type {
  BackendEvent,
  FollowTlsStream,
  Problem,
  TlsDecryptionSummary,
  TlsKeysState,
} from '../../shared/protocol/messages.ts';
import { MAX_KEYLOG_BYTES, MAX_PEM_BYTES } from '../../shared/protocol/tls.ts';
import { Backend, BackendError } from '../backend.ts';
import { looksLikeKeyLog } from '../lib/keylog-sniff.ts';

function problemOf(e: unknown): Problem {
  if (e instanceof BackendError) return e.problem;
  return { message: e instanceof Error ? e.message : String(e) };
}

/** The desktop app's bridge, absent in serve mode (and in tests). */
function bridge(): WirelensBridge | undefined {
  return typeof window === 'undefined' ? undefined : window.wirelens;
}

export const useTlsStore = defineStore('tls', () => {
  let backend: Backend | null = null;

  const keys = ref<TlsKeysState>({ sources: [], canUpload: false });
  const summary = shallowRef<TlsDecryptionSummary | null>(null);
  const prefsOpen = ref(false);
  const busy = ref(false);
  const error = ref<Problem | null>(null);
  /** A short note after keys were added ("Loaded 3 keys from x.keylog"). */
  const notice = ref('');

  const follow = shallowRef<FollowTlsStream | null>(null);
  const followOpen = ref(false);
  const followLoading = ref(false);
  const followError = ref<Problem | null>(null);

  function request(): Backend {
    if (!backend) throw new Error('not connected');
    return backend;
  }

  async function refreshSummary(): Promise<void> {
    try {
      summary.value = await request().request('tlsSummary', {});
    } catch {
      summary.value = null;
    }
  }

  function onEvent(e: BackendEvent): void {
    if (e.type === 'tlsKeys') keys.value = e.state;
    else if (e.type === 'showTlsPreferences') prefsOpen.value = true;
    else if (e.type === 'indexed') void refreshSummary();
    else if (e.type === 'closed' || e.type === 'opened') {
      summary.value = null;
      follow.value = null;
      followOpen.value = false;
    }
  }

  function attach(b: Backend): void {
    backend = b;
    b.onEvent(onEvent);
    b.onStatus((c) => {
      if (c)
        void b.request('tlsKeys', {}).then(
          (s) => (keys.value = s),
          () => undefined,
        );
    });
  }

  async function run(what: () => Promise<TlsKeysState>, done: string): Promise<boolean> {
    busy.value = true;
    error.value = null;
    notice.value = '';
    try {
      keys.value = await what();
      notice.value = done;
      return true;
    } catch (e) {
      error.value = problemOf(e);
      return false;
    } finally {
      busy.value = false;
    }
  }

  /** Serve mode: uploads a key log file's contents (the backend keeps them; the page forgets them). */
  async function uploadKeyLog(file: File): Promise<boolean> {
    if (file.size > MAX_KEYLOG_BYTES) {
      error.value = { message: `"${file.name}" is too large for a key log.` };
      return false;
    }
    const text = await file.text();
    return run(() => request().request('addKeyLog', { name: file.name, text }), `Added key log "${file.name}".`);
  }

  async function uploadRsaKey(file: File, password: string): Promise<boolean> {
    if (file.size > MAX_PEM_BYTES) {
      error.value = { message: `"${file.name}" is too large for a PEM key.` };
      return false;
    }
    const pem = await file.text();
    return run(
      () => request().request('addRsaKey', { name: file.name, pem, password }),
      `Added RSA key "${file.name}".`,
    );
  }

  /** Desktop app: the main process shows its Open dialog and reads the chosen file itself. */
  function chooseInDesktop(kind: 'keylog' | 'rsa', password = ''): void {
    bridge()?.chooseTlsKey?.(kind, password);
  }

  async function clearKeys(): Promise<boolean> {
    return run(() => request().request('clearTlsKeys', {}), 'Removed all TLS keys.');
  }

  /**
   * A file dropped on the window: a key log is added (uploaded in serve mode, by path in the desktop app) and
   * true is returned; anything else is left to the caller.
   */
  async function dropped(file: File): Promise<boolean> {
    const head = await file.slice(0, 4096).text();
    if (!looksLikeKeyLog(head)) return false;
    const desktop = bridge();
    if (desktop?.addDroppedKeyLog) {
      desktop.addDroppedKeyLog(file);
      return true;
    }
    await uploadKeyLog(file);
    return true;
  }

  async function openFollow(number: number): Promise<void> {
    followOpen.value = true;
    followLoading.value = true;
    followError.value = null;
    follow.value = null;
    try {
      follow.value = await request().request('followTls', { number });
    } catch (e) {
      followError.value = problemOf(e);
    } finally {
      followLoading.value = false;
    }
  }

  function closeFollow(): void {
    followOpen.value = false;
  }

  return {
    keys,
    summary,
    prefsOpen,
    busy,
    error,
    notice,
    follow,
    followOpen,
    followLoading,
    followError,
    attach,
    onEvent,
    refreshSummary,
    uploadKeyLog,
    uploadRsaKey,
    chooseInDesktop,
    clearKeys,
    dropped,
    openFollow,
    closeFollow,
  };
});
