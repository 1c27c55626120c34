import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { connect } from './backend.ts';
import { useCaptureStore } from './stores/capture.ts';
import './styles.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
useCaptureStore(pinia).attach(connect());
app.mount('#app');
