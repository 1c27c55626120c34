/**
 * The same flow in the desktop app, through Playwright's Electron driver. Skips (with a message) where the Electron
 * binary isn't installed — e.g. installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1. Needs `npm run build`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixture } from '../test/app-fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MAIN = `${ROOT}dist/electron/main.js`;

function electronBinary(): string | undefined {
  try {
    const path: unknown = createRequire(import.meta.url)('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
if (!binary)
  console.warn(
    'e2e/electron.spec.ts: skipped — the Electron binary is not installed (run `node node_modules/electron/install.js`).',
  );

describe.skipIf(!binary)('Wirelens desktop app (Electron)', () => {
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(MAIN)) throw new Error('dist/electron/main.js is missing: run `npm run build` first.');
    mkdirSync(`${ROOT}test-results/e2e`, { recursive: true });
    app = await electron.launch({ executablePath: binary!, args: [MAIN, writeFixture('electron-fixture.pcap')] });
    page = await app.firstWindow();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the capture given on the command line, filters and shows the cipher suite', async () => {
    await expect.poll(() => page.getByTestId('status-total').innerText()).toBe('27');
    const input = page.getByTestId('filter-input');
    await input.fill('ssl');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('status-displayed').innerText()).toBe('11');
    await page.locator('[data-testid=packet-row][data-number="8"]').click();
    await page.getByTestId('expand-all').click();
    const suite = page.locator('[data-testid=tree-node][data-abbrev="tls.handshake.ciphersuite"]').first();
    expect((await suite.innerText()).trim()).toBe('Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f)');
    await suite.click();
    await expect.poll(() => page.locator('.hex-byte.hl').allInnerTexts()).toEqual(['c0', '2f']);
    await page.screenshot({ path: `${ROOT}test-results/e2e/electron-01.png` });
  });

  it("exports to the path the main process's save dialog returns (the page never names one)", async () => {
    const target = join(mkdtempSync(join(tmpdir(), 'wirelens-electron-export-')), 'chosen.csv');
    // Stand in for the user: the save dialog answers with `target`.
    await app.evaluate(({ dialog }, filePath) => {
      dialog.showSaveDialog = (() => Promise.resolve({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
    }, target);
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-format').selectOption('csv');
    await page.getByTestId('export-range-all').check();
    await page.getByTestId('export-submit').click();
    await expect.poll(() => existsSync(target) && readFileSync(target, 'utf8').trimEnd().split('\n').length).toBe(28);
  });

  it('runs the page sandboxed, without Node', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof window.wirelens?.send)).toBe('function');
  });
});
