#!/usr/bin/env node
// Installed `wirelens` command: runs the TypeScript CLI through tsx.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const r = spawnSync(
  process.execPath,
  // RC4 (TLS_RSA_WITH_RC4_128_SHA and friends) lives in OpenSSL 3's legacy provider.
  ['--openssl-legacy-provider', '--import', 'tsx', join(root, 'electron/cli/wirelens.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    cwd: process.cwd(),
  },
);
process.exit(r.status ?? 2);
