import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connect } from './backend.ts';
import { useCaptureStore } from './stores/capture.ts';
import { useLiveCaptureStore } from './stores/live-capture.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
const backend = connect();
useCaptureStore(pinia).attach(backend);
useLiveCaptureStore(pinia).attach(backend);
app.mount('#app');
