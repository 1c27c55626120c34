/**
 * Live capture in Chromium against serve mode (on loopback): choose `lo` and a BPF filter in the capture dialog,
 * start, apply a display filter, make a real TLS connection on 127.0.0.1, and see its ClientHello appear in the
 * list while the capture runs; then stop. Skips with a message where the addon is missing or capture is not
 * permitted. Needs `npm run build` and Chromium, like app.spec.ts.
 */
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RENDERER_DIR, rendererBuilt, startServer, type RunningServer } from '../electron/serve/server.ts';
import { loopbackCaptureUnavailable, startTlsServer, tlsExchange } from '../test/live-capture-support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = `${ROOT}test-results/e2e`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const unavailable = loopbackCaptureUnavailable();
if (unavailable) console.warn(`e2e/live-capture.spec.ts: skipped — ${unavailable}`);

describe.skipIf(unavailable !== undefined)('live capture in Chromium (serve mode)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    if (!rendererBuilt())
      throw new Error(`The renderer is not built (${DEFAULT_RENDERER_DIR} is missing): run \`npm run build\` first.`);
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a ClientHello while capturing on lo, then stops', async () => {
    const tls = await startTlsServer();
    try {
      await page.getByTestId('capture-open').click();
      await page.getByTestId('capture-iface').selectOption('lo');
      await page.getByTestId('capture-filter').fill(`tcp port ${tls.port}`);
      await page.getByTestId('capture-start').click();
      await expect
        .poll(() => page.getByTestId('capture-status').innerText(), { timeout: 20_000 })
        .toMatch(/^Capturing on lo/);
      const input = page.getByTestId('filter-input');
      await input.fill('tls.handshake.type == 1');
      await input.press('Enter');
      await tlsExchange(tls.port);
      await expect
        .poll(() => page.locator('[data-testid=packet-row][data-number]').allInnerTexts(), { timeout: 20_000 })
        .toEqual([expect.stringContaining('Client Hello')]);
      expect(await page.getByTestId('capture-status').innerText()).toMatch(/^Capturing on lo/);
      await page.screenshot({ path: `${SHOTS}/live-01-capturing.png` });
      await page.getByTestId('capture-stop').click();
      await expect
        .poll(() => page.getByTestId('capture-status').innerText(), { timeout: 20_000 })
        .toMatch(/^Captured on lo/);
      expect(Number(await page.getByTestId('capture-count').innerText())).toBeGreaterThanOrEqual(8);
    } finally {
      tls.server.close();
    }
    expect(problems).toEqual([]);
  });

  it('follows the end of the list while packets arrive', async () => {
    const sink = createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
    const port = sink.address().port;
    const sender = createSocket('udp4');
    try {
      await page.getByTestId('filter-clear').click();
      await page.getByTestId('capture-open').click();
      await page.getByTestId('capture-iface').selectOption('lo');
      await page.getByTestId('capture-filter').fill(`udp port ${port}`);
      await page.getByTestId('capture-start').click();
      await expect
        .poll(() => page.getByTestId('capture-status').innerText(), { timeout: 20_000 })
        .toMatch(/^Capturing on lo/);
      for (let i = 0; i < 200; i++) {
        await new Promise<void>((r) => sender.send(`datagram ${i}`, port, '127.0.0.1', () => r()));
        if (i % 20 === 19) await new Promise((r) => setTimeout(r, 50));
      }
      await expect.poll(() => page.getByTestId('status-total').innerText(), { timeout: 20_000 }).toBe('200');
      const lastShown = (): Promise<number> =>
        page
          .locator('[data-testid=packet-row][data-number]')
          .evaluateAll((els) => Math.max(...els.map((e) => Number(e.getAttribute('data-number')))));
      await expect.poll(lastShown, { timeout: 20_000 }).toBe(200);
      await page.screenshot({ path: `${SHOTS}/live-02-following.png` });
      await page.getByTestId('capture-stop').click();
    } finally {
      sender.close();
      sink.close();
    }
  });
});
