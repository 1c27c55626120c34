/**
 * The app in Chromium against serve mode: open a capture, read the packet list, filter with `ssl`, inspect the
 * Server Hello's cipher suite and its bytes, read the alert decoder, and see a bad filter turn red. Screenshots go
 * to test-results/e2e/.
 *
 * Needs `npm run build` (the renderer bundle) and Chromium at /usr/bin/chromium (or $CHROMIUM_PATH). Uses
 * ../shared/captures/ecdhe.pcap and its tshark golden when present (WIRELENS_E2E_FIXTURE=synthetic forces the
 * project's own fixture).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { forEachPacket, openCaptureFile } from '../electron/backend/capture-file.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RENDERER_DIR, rendererBuilt, startServer, type RunningServer } from '../electron/serve/server.ts';
import { writeFixture } from '../test/app-fixtures.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHOTS = `${ROOT}test-results/e2e`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHARED_CAPTURE = fileURLToPath(new URL('../../shared/captures/ecdhe.pcap', import.meta.url));
const FILTER_GOLDENS = fileURLToPath(new URL('../test/fixtures/filter-goldens.json', import.meta.url));
const RSA_CAPTURE = fileURLToPath(new URL('../test/fixtures/decryption/rsa-aes128-sha.pcap', import.meta.url));
const RSA_KEY = fileURLToPath(new URL('../test/fixtures/decryption/rsa-server.key.pem', import.meta.url));
const ILLUSTRATED = fileURLToPath(new URL('../../shared/captures/illustrated-tls12.pcap', import.meta.url));

interface Expected {
  file: string;
  total: number;
  /** Wireshark's rows for `ssl`: number, protocol, info. */
  tls: { number: number; protocol: string; info: string }[];
  firstRow: string[];
  serverHello: number;
  cipherSuite: RegExp;
  /** The bytes of the cipher suite in the Server Hello, as hex. */
  suiteBytes: string[];
  alert: number;
}

/** ecdhe.pcap with tshark's golden when the shared captures are there, else the project's synthetic fixture. */
function expectations(): Expected {
  const useShared = process.env.WIRELENS_E2E_FIXTURE !== 'synthetic';
  if (useShared && existsSync(SHARED_CAPTURE) && existsSync(`${SHARED_CAPTURE}.tshark.tsv`)) {
    const lines = readFileSync(`${SHARED_CAPTURE}.tshark.tsv`, 'utf8').trimEnd().split('\n');
    const head = lines[0]!.split('\t');
    const col = (name: string): number => head.indexOf(name);
    const rows = lines.slice(1).map((l) => l.split('\t'));
    // The frames tshark's `ssl` filter shows (recorded in test/fixtures/filter-goldens.json).
    const goldens = JSON.parse(readFileSync(FILTER_GOLDENS, 'utf8')) as {
      matches: Record<string, Record<string, number[]>>;
    };
    const sslFrames = new Set(goldens.matches['ecdhe.pcap']!['ssl']);
    const tls = rows
      .filter((r) => sslFrames.has(Number(r[0])))
      .map((r) => ({ number: Number(r[0]), protocol: r[col('_ws.col.Protocol')]!, info: r[col('_ws.col.Info')]! }));
    const hello = rows.find((r) => r[col('_ws.col.Info')]!.startsWith('Server Hello'))!;
    const suite = hello[col('tls.handshake.ciphersuite')]!; // e.g. 0xc014
    const first = rows[0]!;
    return {
      file: SHARED_CAPTURE,
      total: rows.length,
      tls,
      firstRow: [
        first[0]!,
        first[col('frame.time_relative')]!.slice(0, -3),
        first[col('_ws.col.Source')]!,
        first[col('_ws.col.Destination')]!,
        first[col('_ws.col.Protocol')]!,
        first[col('frame.len')]!,
        first[col('_ws.col.Info')]!,
      ],
      serverHello: Number(hello[0]),
      cipherSuite: new RegExp(`^Cipher Suite: TLS_\\w+ \\(${suite}\\)$`),
      suiteBytes: [suite.slice(2, 4), suite.slice(4, 6)],
      alert: Number(rows.find((r) => /Alert/.test(r[col('_ws.col.Info')]!))![0]),
    };
  }
  // The synthetic fixture: Wireshark's strings for this connection are asserted in test/tls-connection.test.ts.
  return {
    file: writeFixture('e2e-fixture.pcap'),
    total: 27,
    tls: [
      { number: 4, protocol: 'TLSv1', info: 'Client Hello' },
      // The segment where the server's flight begins: TLS was handed it, so `ssl` matches it (as in tshark).
      { number: 6, protocol: 'TCP', info: '[TCP segment of a reassembled PDU]' },
      { number: 8, protocol: 'TLSv1.2', info: 'Server Hello, Certificate, Server Key Exchange, Server Hello Done' },
      { number: 10, protocol: 'TLSv1.2', info: 'Client Key Exchange, Change Cipher Spec, Encrypted Handshake Message' },
      { number: 11, protocol: 'TLSv1.2', info: 'Change Cipher Spec, Encrypted Handshake Message' },
      { number: 12, protocol: 'TLSv1.2', info: 'Application Data' },
      { number: 13, protocol: 'TLSv1.2', info: 'Application Data' },
      { number: 15, protocol: 'TLSv1.2', info: 'Application Data' },
      { number: 16, protocol: 'TLSv1.2', info: 'Application Data' },
      { number: 18, protocol: 'TLSv1.2', info: 'Encrypted Alert' },
      { number: 25, protocol: 'TLSv1', info: 'Client Hello' },
      { number: 26, protocol: 'TLSv1.2', info: 'Alert (Level: Fatal, Description: Handshake Failure)' },
    ],
    firstRow: [
      '1',
      '0.000000',
      '10.0.0.1',
      '10.0.0.2',
      'TCP',
      '58',
      '50000 → 443 [SYN] Seq=0 Win=65535 Len=0 MSS=1460',
    ],
    serverHello: 8,
    cipherSuite: /^Cipher Suite: TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 \(0xc02f\)$/,
    suiteBytes: ['c0', '2f'],
    alert: 18,
  };
}

/** Polls for results that need a file opened or indexed again (a new worker starts each time). */
function slowPoll<T>(f: () => T | Promise<T>): ReturnType<typeof expect.poll<T>> {
  return expect.poll(f, { timeout: 15_000 });
}

describe('Wirelens in Chromium (serve mode)', () => {
  const want = expectations();
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  const shot = (name: string): Promise<Buffer> => page.screenshot({ path: `${SHOTS}/${name}.png` });
  const text = (testId: string): Promise<string> => page.getByTestId(testId).innerText();
  const rowsShown = (): Promise<string[][]> =>
    page
      .locator('[data-testid=packet-row][data-number]')
      .evaluateAll((els) =>
        els.map((e) => [...e.querySelectorAll('[role=gridcell]')].map((c) => c.textContent!.trim())),
      );

  beforeAll(async () => {
    if (!rendererBuilt())
      throw new Error(`The renderer is not built (${DEFAULT_RENDERER_DIR} is missing): run \`npm run build\` first.`);
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ port: 0, host: '127.0.0.1', file: want.file });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the capture and shows every packet with Wireshark columns', async () => {
    await expect.poll(() => text('status-total')).toBe(String(want.total));
    await page.getByTestId('status-load').waitFor();
    expect(await text('status-displayed')).toBe(String(want.total));
    expect(await text('status-file')).toBe(want.file.split('/').pop());
    const headers = await page.locator('[role=columnheader]').allInnerTexts();
    expect(headers.map((h) => h.trim())).toEqual([
      'No.',
      'Time',
      'Source',
      'Destination',
      'Protocol',
      'Length',
      'Info',
    ]);
    const rows = await rowsShown();
    expect(rows[0]).toEqual(want.firstRow);
    expect(rows.map((r) => Number(r[0]))).toEqual(rows.map((_, i) => i + 1));
    await shot('01-opened');
  });

  it('filters with `ssl` (yellow: deprecated, still applied) to only the TLS rows with Wireshark Info', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('ssl');
    await expect.poll(() => input.getAttribute('data-status')).toBe('deprecated');
    await expect.poll(() => text('filter-warning')).toMatch(/"ssl".*"tls"/);
    await input.press('Enter');
    await expect.poll(() => text('status-displayed')).toBe(String(want.tls.length));
    await expect.poll(async () => (await rowsShown()).length).toBe(want.tls.length);
    const rows = await rowsShown();
    expect(rows.map((r) => ({ number: Number(r[0]), protocol: r[4], info: r[6] }))).toEqual(want.tls);
    await page.getByTestId('status-filter-time').waitFor();
    await shot('02-filter-ssl');
  });

  it('shows the Server Hello cipher suite in the detail tree and highlights its bytes', async () => {
    await page.locator(`[data-testid=packet-row][data-number="${want.serverHello}"]`).click();
    await expect
      .poll(() => page.locator('.detail .pane-title').first().innerText())
      .toContain(`Packet ${want.serverHello}`);
    const tree = page.getByTestId('detail-tree');
    // Open Transport Layer Security → the Server Hello record → its handshake message, as a user would.
    const expand = async (label: RegExp): Promise<void> => {
      const node = tree
        .locator('[data-testid=tree-node]')
        .filter({ has: page.locator('.tree-label', { hasText: label }) })
        .first();
      if ((await node.getAttribute('aria-expanded')) !== 'true') await node.getByTestId('tree-toggle').click();
    };
    await expand(/^\s*Transport Layer Security/);
    await expand(/Record Layer: Handshake Protocol: /);
    await expand(/^\s*Handshake Protocol: Server Hello/);
    const suite = tree.locator('[data-testid=tree-node][data-abbrev="tls.handshake.ciphersuite"]').first();
    expect((await suite.innerText()).trim()).toMatch(want.cipherSuite);

    await suite.click();
    await expect.poll(() => page.locator('.hex-byte.hl').allInnerTexts()).toEqual(want.suiteBytes);
    await shot('03-cipher-suite-hex');

    // Clicking a byte selects the deepest field covering it: byte 14 is the IPv4 version/header length.
    if (await page.getByTestId('hex-tab').count()) await page.getByTestId('hex-tab').first().click();
    await page.locator('[data-testid=hex-byte][data-offset="14"]').click();
    await expect
      .poll(() => tree.locator('[data-testid=tree-node].selected').getAttribute('data-abbrev'))
      .toMatch(/^ip\.(version|hdr_len)$/);
  });

  it('decodes the alert', async () => {
    await page.keyboard.press('Control+g');
    await page.getByTestId('goto').locator('input').fill(String(want.alert));
    await page.getByTestId('goto').locator('input').press('Enter');
    await page.getByTestId('alert-decoder').waitFor();
    const alert = await page.getByTestId('alert-item').first().innerText();
    expect(alert).toContain('Encrypted Alert');
    expect(alert).toMatch(/close_notify/);
    expect(alert).toMatch(/Sent by client/);
    await shot('04-alert-decoder');
  });

  it('moves through the list with the keyboard', async () => {
    await page.getByTestId('packet-list').focus();
    await page.keyboard.press('Home');
    const selected = page.locator('[data-testid=packet-row].selected');
    await expect.poll(() => selected.getAttribute('data-number')).toBe(String(want.tls[0]!.number));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => selected.getAttribute('data-number')).toBe(String(want.tls[1]!.number));
    await page.keyboard.press('End');
    await expect.poll(() => selected.getAttribute('data-number')).toBe(String(want.tls.at(-1)!.number));
  });

  it('completes field names in the filter bar', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('');
    await input.pressSequentially('tls.handshake.cipher');
    const list = page.getByTestId('filter-suggestions');
    await expect.poll(() => list.innerText()).toContain('tls.handshake.ciphersuite');
    await shot('05-autocomplete');
    const items = await list.locator('.s-label').allInnerTexts();
    for (let i = 0; i <= items.indexOf('tls.handshake.ciphersuite'); i++) await input.press('ArrowDown');
    await input.press('Enter');
    expect(await input.inputValue()).toBe('tls.handshake.ciphersuite');
  });

  it('turns a bad filter red with the message and where it is', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('tls.record.version ==');
    await input.press('Enter');
    await expect.poll(() => input.getAttribute('data-status')).toBe('invalid');
    // The previous test may have left another invalid filter's message: wait for this one's.
    await expect.poll(() => text('filter-error')).toMatch(/end of filter/i);
    const err = await text('filter-error');
    expect(err).toMatch(/column \d+/);
    const bg = await input.evaluate((e) => getComputedStyle(e).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(g! + 40);
    expect(r).toBeGreaterThan(b! + 40);
    // The list keeps the last good filter.
    expect(await text('status-displayed')).toBe(String(want.tls.length));
    await shot('06-bad-filter');
  });

  it('shows an error banner for a file that is not there', async () => {
    await page.getByTestId('open-path').fill('/nonexistent/capture.pcap');
    await page.getByTestId('open-path').press('Enter');
    await expect.poll(() => text('error-banner')).toMatch(/doesn't exist/);
    expect(await text('status-total')).toBe(String(want.total));
    await shot('07-open-error');
  });

  it('sorts by a column in the backend: ascending, descending, then frame order', async () => {
    const input = page.getByTestId('filter-input');
    await input.fill('');
    await input.press('Enter');
    await expect.poll(() => text('status-displayed')).toBe(String(want.total));
    const header = page.getByTestId('sort-length');
    const lengths = async (): Promise<number[]> => (await rowsShown()).map((r) => Number(r[5]));

    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect
      .poll(async () => {
        const l = await lengths();
        return l.length > 1 && l.every((v, i) => i === 0 || l[i - 1]! <= v);
      })
      .toBe(true);
    await shot('09-sorted-length');

    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect
      .poll(async () => {
        const l = await lengths();
        return l.length > 1 && l.every((v, i) => i === 0 || l[i - 1]! >= v);
      })
      .toBe(true);
    expect((await header.innerText()).trim()).toBe('Length▼');

    await header.click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('none');
    await expect.poll(async () => (await rowsShown())[0]?.[0]).toBe('1');
    expect(await text('status-displayed')).toBe(String(want.total));
  });

  it('resizes a column by dragging its edge, without sorting', async () => {
    const header = page.getByTestId('sort-src');
    const before = (await header.boundingBox())!.width;
    const handle = (await header.locator('.pl-resize').boundingBox())!;
    await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.mouse.down();
    await page.mouse.move(handle.x + handle.width / 2 + 60, handle.y + handle.height / 2, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.round((await header.boundingBox())!.width - before)).toBe(60);
    expect(await header.getAttribute('aria-sort')).toBe('none');
    // The rows follow the header's widths.
    const cell = page.locator('[data-testid=packet-row][data-number] .col-src').first();
    expect(Math.round((await cell.boundingBox())!.width)).toBe(Math.round((await header.boundingBox())!.width));
  });

  it('exports packets as pcapng and dissections as CSV, downloaded by the browser', async () => {
    await page.getByTestId('export-open').click();
    await page.getByTestId('export-dialog').waitFor();
    await page.getByTestId('export-range-all').check();
    await shot('10-export-dialog');
    const [pcapng] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-submit').click()]);
    const base = want.file
      .split('/')
      .pop()!
      .replace(/\.pcapng$|\.pcap$/, '');
    expect(pcapng.suggestedFilename()).toBe(`${base}-export.pcapng`);
    const cap = openCaptureFile(await pcapng.path());
    let packets = 0;
    forEachPacket(cap, () => void packets++);
    cap.source.close();
    expect(cap.reader.format).toBe('pcapng');
    expect(packets).toBe(want.total);
    await expect.poll(() => page.getByTestId('export-dialog').count()).toBe(0);

    await page.getByTestId('export-open').click();
    await page.getByTestId('export-format').selectOption('csv');
    await page.getByTestId('export-range-text').fill('1-3');
    await page.getByTestId('export-range-range').check();
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-submit').click()]);
    expect(csv.suggestedFilename()).toBe(`${base}-export.csv`);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe(
      '_ws.col.No.,_ws.col.Time,_ws.col.Source,_ws.col.Destination,_ws.col.Protocol,_ws.col.Length,_ws.col.Info',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toBe(want.firstRow.map((c) => `"${c}"`).join(','));
  });

  it('follows a dark OS theme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const [r, g, b] = bg.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(200);
    await shot('08-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('lists the TLS sessions, filters to a stream, and draws its handshake ladder', async () => {
    await page.getByTestId('insight-toggle').click();
    const rows = page.getByTestId('session-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const first = await rows.first().innerText();
    expect(first).toMatch(/^0\t/);
    expect(first).toMatch(/TLSv1\.2/);
    await shot('12-tls-sessions');
    await rows.first().click();
    await expect.poll(() => page.getByTestId('filter-input').inputValue()).toBe('tcp.stream == 0');
    await expect.poll(async () => Number(await text('status-displayed'))).toBeGreaterThan(0);
    const steps = page.getByTestId('ladder-step');
    await expect.poll(() => steps.count()).toBeGreaterThan(3);
    const hello = steps.filter({ hasText: 'Client Hello' }).first();
    const frame = await hello.getAttribute('data-frame');
    await hello.click();
    await expect.poll(() => page.locator('[data-testid=packet-row].selected').getAttribute('data-number')).toBe(frame);
    await page.getByTestId('ladder').screenshot({ path: `${SHOTS}/13-handshake-ladder.png` });
    await shot('14-sessions-with-ladder');
  });

  it("exports a certificate and its chain from the detail tree's context menu", async () => {
    await page.getByTestId('ladder-step').filter({ hasText: 'Certificate' }).first().click();
    await page.getByTestId('expand-all').click();
    const node = page.locator('[data-testid=tree-node][data-abbrev="tls.handshake.certificate"]');
    await node.first().waitFor();
    const certificates = await node.count();
    await node.first().click({ button: 'right' });
    await page.getByTestId('tree-menu').waitFor();
    await shot('14a-certificate-menu');
    const [pem] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('tree-menu-export-cert-pem').click(),
    ]);
    expect(pem.suggestedFilename()).toMatch(/-frame\d+-cert0\.pem$/);
    const one = readFileSync(await pem.path(), 'utf8');
    expect(one).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    await node.first().click({ button: 'right' });
    const [chain] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('tree-menu-export-chain').click(),
    ]);
    const all = readFileSync(await chain.path(), 'utf8');
    expect(all.startsWith(one)).toBe(true);
    expect(all.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(certificates);
  });

  it('shows findings and statistics', async () => {
    await page.getByTestId('insight-tab-findings').click();
    await page.getByTestId('findings').waitFor();
    await shot('15-findings');
    await page.getByTestId('insight-tab-statistics').click();
    await page.getByTestId('io-graph').waitFor();
    expect(await page.getByTestId('statistics').innerText()).toMatch(/^\s*Protocol hierarchy/);
    // The chart library draws on a canvas; a display filter adds a second series to its legend.
    await page.locator('[data-testid=io-chart] canvas').waitFor();
    await page.getByTestId('io-filter').fill('tls.handshake');
    await page.getByTestId('io-filter').press('Enter');
    await expect.poll(() => page.locator('[data-testid=io-chart] .u-legend').innerText()).toContain('tls.handshake');
    await page.getByTestId('io-graph').screenshot({ path: `${SHOTS}/16a-io-graph-filtered.png` });
    await shot('16-statistics');
    await page.getByTestId('insight-toggle').click();
  });

  it('decrypts with an uploaded RSA key (Preferences → TLS) and follows the TLS stream', async () => {
    await page.getByTestId('open-path').fill(RSA_CAPTURE);
    await page.getByTestId('open-path').press('Enter');
    await slowPoll(() => text('status-file')).toBe('rsa-aes128-sha.pcap');
    await page.getByTestId('status-load').waitFor();
    await page.getByTestId('filter-input').fill('');
    await page.getByTestId('filter-input').press('Enter');
    await page.getByTestId('tls-prefs-open').click();
    await page.getByTestId('tls-rsa-input').setInputFiles(RSA_KEY);
    await slowPoll(() => text('tls-sources')).toContain('rsa-server.key.pem');
    await slowPoll(() => text('tls-summary')).toMatch(/^1 of 1 TLS connection decrypted/);
    await shot('17-tls-preferences');
    await page.getByTestId('tls-prefs-close').click();
    await slowPoll(async () => (await rowsShown()).find((r) => r[0] === '10')?.slice(4)).toEqual([
      'HTTP',
      expect.any(String),
      'GET /index.txt HTTP/1.1',
    ]);

    // The request's bytes: a "Decrypted TLS" tab in the hex pane.
    await page.locator('[data-testid=packet-row][data-number="10"]').click();
    await slowPoll(() => page.getByTestId('hex-tab').allInnerTexts()).toContainEqual(
      expect.stringMatching(/^Decrypted TLS/),
    );

    await page.locator('[data-testid=packet-row][data-number="4"]').click({ button: 'right' });
    await page.getByTestId('menu-follow-tls').click();
    const follow = page.getByTestId('follow-text');
    await slowPoll(() => follow.innerText()).toContain('GET /index.txt HTTP/1.1');
    expect(await follow.innerText()).toContain('hello from wirelens over RSA key exchange');
    const client = page.locator('[data-testid=follow-block].from-client', { hasText: 'GET /index.txt' });
    const server = page.locator('[data-testid=follow-block].from-server', { hasText: 'HTTP/1.1 200 OK' });
    expect(await client.count()).toBe(1);
    expect(await server.count()).toBe(1);
    await shot('18-follow-tls-stream');
    await page.getByTestId('follow-hex').check();
    await slowPoll(() => follow.innerText()).toMatch(/^00000000 {2}47 45 54 20/m);
    await page.getByTestId('follow-close').click();
  });

  it.skipIf(!existsSync(ILLUSTRATED))('loads a key log and follows decrypted application data', async () => {
    await page.getByTestId('open-path').fill(ILLUSTRATED);
    await page.getByTestId('open-path').press('Enter');
    await slowPoll(() => text('status-file')).toBe('illustrated-tls12.pcap');
    await page.getByTestId('tls-prefs-open').click();
    await page.getByTestId('tls-keylog-input').setInputFiles(`${ILLUSTRATED.replace(/\.pcap$/, '')}.keylog`);
    await slowPoll(() => text('tls-sources')).toContain('illustrated-tls12.keylog');
    await page.getByTestId('tls-prefs-close').click();
    await slowPoll(() => text('tls-badge')).toMatch(/^Decrypted 1\/1$/);
    await page.locator('[data-testid=packet-row][data-number="1"]').click({ button: 'right' });
    await page.getByTestId('menu-follow-tls').click();
    await page.getByTestId('follow-ascii').check();
    const follow = page.getByTestId('follow-text');
    await slowPoll(() => follow.innerText()).toMatch(/ping\s+pong/);
    await shot('19-follow-tls-keylog');
    await page.getByTestId('follow-close').click();
  });

  it('logged no page errors', () => {
    expect(problems).toEqual([]);
  });
});
