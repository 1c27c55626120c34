#!/usr/bin/env node
// The `wirelens` command and `npm run cli`: runs the bundled CLI (dist/cli/wirelens.js) when it is at least as new
// as every file it was built from, else rebuilds it first with esbuild, else runs the TypeScript source through tsx.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCliBundle, cliBundleIsFresh, CLI_BUNDLE, CLI_ENTRY } from '../scripts/cli-bundle.mjs';

// RC4 (TLS_RSA_WITH_RC4_128_SHA and friends) lives in OpenSSL 3's legacy provider, which only a startup flag loads.
const LEGACY = '--openssl-legacy-provider';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function legacyProviderLoaded() {
  return process.execArgv.includes(LEGACY) || (process.env.NODE_OPTIONS ?? '').split(/\s+/).includes(LEGACY);
}

/** The TypeScript source through tsx: slower to start, but needs no build step. */
async function runSource() {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, CLI_ENTRY)).href);
}

/** Runs the CLI in this process: the fresh bundle, a bundle rebuilt now, or the source through tsx. */
async function runHere() {
  // WIRELENS_CLI_FROM_SOURCE=1 skips the bundle (debugging, and the tests of this fallback).
  if (process.env.WIRELENS_CLI_FROM_SOURCE === '1') return runSource();
  if (!cliBundleIsFresh(root)) {
    try {
      await buildCliBundle(root);
    } catch (e) {
      // No esbuild (an install without dev dependencies) or a build error: tsx reports errors in the source itself.
      if (process.env.WIRELENS_DEBUG_LAUNCH) process.stderr.write(`wirelens: not bundled: ${e}\n`);
      return runSource();
    }
  }
  await import(pathToFileURL(join(root, CLI_BUNDLE)).href);
}

if (legacyProviderLoaded()) await runHere();
else {
  const r = spawnSync(process.execPath, [LEGACY, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(r.status ?? 2);
}
