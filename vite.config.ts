// Builds the renderer (renderer/) into dist/renderer, with relative URLs so Electron can load it from disk.
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inlineEarlySocket } from './electron/serve/inline-scripts.ts';

const EARLY_SOCKET = fileURLToPath(new URL('./renderer/public/early-socket.js', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [
    vue(),
    // The WebSocket opens as the page is parsed: early-socket.js goes inline (allowed by its CSP hash).
    {
      name: 'wirelens-inline-early-socket',
      transformIndexHtml: {
        order: 'pre',
        handler: (html) => inlineEarlySocket(html, readFileSync(EARLY_SOCKET, 'utf8')),
      },
    },
  ],
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
