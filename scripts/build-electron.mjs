// Bundles the Node side of the desktop app into dist/electron/: the main process (ESM), the preload script
// (CommonJS, as sandboxed preloads must be) and the index worker. electron-builder packages dist/ as the app.
// Also the command-line tool into dist/cli/ (see cli-bundle.mjs).
import { copyFileSync, existsSync } from 'node:fs';
import { build } from 'esbuild';
import { buildCliBundle } from './cli-bundle.mjs';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  buildCliBundle(process.cwd()),
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/electron/main.js',
    format: 'esm',
    external: ['electron'],
    // Some bundled CommonJS code calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  build({
    ...common,
    entryPoints: ['electron/main/preload.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['electron/backend/index-worker.ts'],
    outfile: 'dist/electron/index-worker.js',
    format: 'esm',
  }),
  // Passes over a capture on several cores (the CLI's -T fields, the app's display filters) run one per shard.
  build({
    ...common,
    entryPoints: ['electron/backend/shard-worker.ts'],
    outfile: 'dist/electron/shard-worker.js',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  // The live capture helper runs as its own process (ELECTRON_RUN_AS_NODE); it loads the addon beside it.
  build({
    ...common,
    entryPoints: ['electron/capture/helper.ts'],
    outfile: 'dist/electron/capture-helper.js',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
]);
// The optional libpcap addon (N-API, so one build serves Node and Electron): shipped beside the bundle when built.
const addon = 'native/build/Release/wirelens_pcap.node';
if (existsSync(addon)) copyFileSync(addon, 'dist/electron/wirelens_pcap.node');
console.log(
  `built dist/electron/{main.js,preload.cjs,index-worker.js,shard-worker.js,capture-helper.js}, dist/cli/wirelens.js${existsSync(addon) ? ' + libpcap addon' : ' (no libpcap addon: live capture unavailable)'}`,
);
