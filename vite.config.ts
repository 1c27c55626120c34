// Builds the renderer (renderer/) into dist/renderer, with relative URLs so Electron can load it from disk.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    // `npm run dev`: the renderer with hot reload, talking to `npm run serve` on its default port.
    proxy: { '/ws': { target: 'ws://127.0.0.1:5757', ws: true } },
  },
});
