import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connect } from './backend.ts';
import { useCaptureStore } from './stores/capture.ts';
import { useTlsStore } from './stores/tls.ts';
import { useInsightStore } from './stores/insight.ts';
import { useLiveCaptureStore } from './stores/live-capture.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const backend = connect();
useCaptureStore(pinia).attach(backend);
useTlsStore(pinia).attach(backend);
useInsightStore(pinia).attach(backend);
useLiveCaptureStore(pinia).attach(backend);
app.mount('#app');
