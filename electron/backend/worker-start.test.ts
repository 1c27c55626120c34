/** Where the index worker starts from: a built bundle only while it is newer than every source it was built from. */
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleIsFresh, dropSpareIndexWorker, prewarmIndexWorker, takeIndexWorker } from './worker-start.ts';

/** A fake build: dist/worker.js with a source map naming ../src/a.ts and ../src/b.ts. */
function fakeBuild(): { js: string; source: string } {
  const root = mkdtempSync(join(tmpdir(), 'wirelens-build-'));
  mkdirSync(join(root, 'src'));
  mkdirSync(join(root, 'dist'));
  const source = join(root, 'src', 'a.ts');
  writeFileSync(source, 'export {}');
  writeFileSync(join(root, 'src', 'b.ts'), 'export {}');
  const js = join(root, 'dist', 'worker.js');
  writeFileSync(js, '');
  writeFileSync(`${js}.map`, JSON.stringify({ version: 3, sources: ['../src/a.ts', '../src/b.ts'], mappings: '' }));
  const old = new Date(Date.now() - 60_000);
  utimesSync(source, old, old);
  utimesSync(join(root, 'src', 'b.ts'), old, old);
  return { js, source };
}

describe('bundleIsFresh', () => {
  it('accepts a bundle newer than all its sources', () => {
    expect(bundleIsFresh(fakeBuild().js)).toBe(true);
  });

  it('refuses a bundle once one of its sources is edited', () => {
    const { js, source } = fakeBuild();
    const later = new Date(Date.now() + 60_000);
    utimesSync(source, later, later);
    expect(bundleIsFresh(js)).toBe(false);
  });

  it('refuses a bundle whose sources are gone, or that has no usable map', () => {
    const gone = fakeBuild();
    writeFileSync(`${gone.js}.map`, JSON.stringify({ version: 3, sources: ['../src/missing.ts'], mappings: '' }));
    expect(bundleIsFresh(gone.js)).toBe(false);
    const broken = fakeBuild();
    writeFileSync(`${broken.js}.map`, '{ not json');
    expect(bundleIsFresh(broken.js)).toBe(false);
    expect(bundleIsFresh(join(tmpdir(), 'no-such-bundle.js'))).toBe(false);
  });
});

describe('takeIndexWorker', () => {
  it('hands out the prewarmed worker, starts new ones meanwhile, and keeps one warm until dropped', async () => {
    prewarmIndexWorker();
    const first = takeIndexWorker();
    const second = takeIndexWorker();
    expect(second.threadId).toBeGreaterThan(first.threadId);
    // The replacement is loaded a moment after a take.
    await new Promise((r) => setTimeout(r, 1700));
    const third = takeIndexWorker();
    expect(third.threadId).toBeGreaterThan(second.threadId);
    const online = await Promise.race([
      new Promise<boolean>((r) => third.once('online', () => r(false))),
      new Promise<boolean>((r) => setTimeout(() => r(true), 50)),
    ]);
    expect(online).toBe(true); // already running: its 'online' event came before it was taken
    await dropSpareIndexWorker();
    await Promise.all([first.terminate(), second.terminate(), third.terminate()]);
  });
});
