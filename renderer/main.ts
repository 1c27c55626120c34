import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connect } from './backend.ts';
import { prefetchLazyParts } from './lazy-parts.ts';
import { useCaptureStore } from './stores/capture.ts';
import { useTlsStore } from './stores/tls.ts';
import { useInsightStore } from './stores/insight.ts';
import { useLiveCaptureStore } from './stores/live-capture.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const backend = connect();
const capture = useCaptureStore(pinia);
capture.attach(backend);
useTlsStore(pinia).attach(backend);
useInsightStore(pinia).attach(backend);
useLiveCaptureStore(pinia).attach(backend);
app.mount('#app');

// The window's other parts are fetched once the first rows are on screen (or soon, when no capture is open), in
// idle time, so they neither delay those rows nor make the first dialog wait.
const PREFETCH_FALLBACK_MS = 2000;
let prefetchScheduled = false;
const schedulePrefetch = (): void => {
  if (prefetchScheduled) return;
  prefetchScheduled = true;
  stopWatchingRows();
  requestIdleCallback(prefetchLazyParts, { timeout: PREFETCH_FALLBACK_MS });
};
const stopWatchingRows = watch(
  () => capture.displayed > 0 && capture.rowAt(0) !== undefined,
  (shown) => {
    if (shown) schedulePrefetch();
  },
);
setTimeout(schedulePrefetch, PREFETCH_FALLBACK_MS);
