/**
 * The CLI launcher (bin/wirelens.mjs, behind `npm run cli`): a bundle built with esbuild is used while it is at least
 * as new as every file it was built from, rebuilt when one changes, and prints what the TypeScript source prints.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildCliBundle,
  cliBundleIsFresh,
  CLI_BUNDLE,
  CLI_ENTRY,
  CLI_HELPER_BUNDLE,
  CLI_INPUTS,
} from '../scripts/cli-bundle.mjs';
import { runCli } from '../electron/cli/run.ts';
import { REPO } from './golden-support.ts';
import { loopbackCaptureUnavailable } from './live-capture-support.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

describe('CLI bundle freshness', () => {
  it('is fresh after a build, stale once a source is newer, missing or unlisted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'wirelens-bundle-'));
    mkdirSync(join(root, 'electron/cli'), { recursive: true });
    writeFileSync(join(root, 'electron/cli/greeting.ts'), "export const greeting: string = 'hello';\n");
    writeFileSync(join(root, CLI_ENTRY), "import { greeting } from './greeting.ts';\nconsole.log(greeting);\n");
    mkdirSync(join(root, 'electron/capture'), { recursive: true });
    writeFileSync(join(root, 'electron/capture/helper.ts'), "console.log('helper');\n");
    mkdirSync(join(root, 'electron/backend'), { recursive: true });
    writeFileSync(join(root, 'electron/backend/shard-worker.ts'), "console.log('shard');\n");
    expect(cliBundleIsFresh(root)).toBe(false);
    await buildCliBundle(root);
    expect(cliBundleIsFresh(root)).toBe(true);
    const inputs: unknown = JSON.parse(readFileSync(join(root, CLI_INPUTS), 'utf8'));
    expect(inputs).toEqual(expect.arrayContaining([CLI_ENTRY, 'electron/cli/greeting.ts']));
    const out = spawnSync(process.execPath, [join(root, CLI_BUNDLE)], { encoding: 'utf8' });
    expect(out.stdout).toBe('hello\n');
    const helper = spawnSync(process.execPath, [join(root, CLI_HELPER_BUNDLE)], { encoding: 'utf8' });
    expect(helper.stdout).toBe('helper\n');

    const later = new Date(Date.now() + 5000);
    utimesSync(join(root, 'electron/cli/greeting.ts'), later, later);
    expect(cliBundleIsFresh(root)).toBe(false);
    await buildCliBundle(root);
    expect(cliBundleIsFresh(root)).toBe(false); // the source is dated in the future: still newer than the build
    utimesSync(join(root, 'electron/cli/greeting.ts'), new Date(0), new Date(0));
    expect(cliBundleIsFresh(root)).toBe(true);
    rmSync(join(root, CLI_HELPER_BUNDLE));
    expect(cliBundleIsFresh(root)).toBe(false);
    await buildCliBundle(root);
    utimesSync(join(root, 'electron/cli/greeting.ts'), new Date(0), new Date(0));
    expect(cliBundleIsFresh(root)).toBe(true);
    writeFileSync(join(root, CLI_INPUTS), JSON.stringify(['electron/cli/gone.ts']));
    expect(cliBundleIsFresh(root)).toBe(false);
    writeFileSync(join(root, CLI_INPUTS), '[]');
    expect(cliBundleIsFresh(root)).toBe(false);
  });
});

describe('bin/wirelens.mjs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-launch-'));
  const file = join(dir, 'tls.pcap');
  writeFileSync(file, pcapOf(oneConnection()));
  const args = ['-r', file, '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'];
  let expected = '';
  runCli(args, { stdout: (s) => (expected += s), stderr: () => undefined });

  it('prints what the source prints, with or without the legacy OpenSSL provider flag', () => {
    for (const flags of [['--openssl-legacy-provider'], []]) {
      const r = spawnSync(process.execPath, [...flags, join(REPO, 'bin/wirelens.mjs'), ...args], {
        encoding: 'utf8',
        cwd: dir,
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected);
    }
    expect(cliBundleIsFresh(REPO)).toBe(true);
  });

  it('runs the TypeScript source through tsx when asked to skip the bundle', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/wirelens.mjs'), ...args], {
      encoding: 'utf8',
      env: { ...process.env, WIRELENS_CLI_FROM_SOURCE: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(expected);
  });

  const noCapture = loopbackCaptureUnavailable();
  it.skipIf(noCapture)(`starts the bundled capture helper for -i${noCapture ? ` (skipped: ${noCapture})` : ''}`, () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/wirelens.mjs'), '-i', 'lo', '-a', 'duration:1', '-q'], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(r.stderr).toMatch(/^Capturing on 'Loopback: lo'\n\d+ packets? captured\n$/);
    expect(r.status).toBe(0);
  });

  it('exits with status 2 and one line on stderr for a missing file', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'bin/wirelens.mjs'), '-r', join(dir, 'nope')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
