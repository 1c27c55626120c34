/**
 * The renderer's figures for `npm run bench` (issue 7): serve mode on the bench file, Debian's Chromium through
 * playwright-core, then
 *   - first rows: ms from opening the page to the first packet rows painted (the page's own clock, so it includes
 *     loading the bundle, the WebSocket, opening the capture and the first page of rows — indexing goes on after),
 *     with serve mode started afresh in its own process for each of five page loads, as users run it (median);
 *   - scrolling: the packet list scrolled for 5 s, one step each animation frame; frames per second, the 95th
 *     percentile frame time, and the share of frames that still showed rows waiting for their data.
 * Also runs alone: `npx tsx scripts/bench-renderer.ts FILE [SECONDS]`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { rendererBuilt } from '../electron/serve/server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface RendererFigures {
  /** ms from navigation start to the first packet rows painted: the median of the page loads timed. */
  firstRowsMs: number;
  /** Each page load's figure, in order. */
  firstRowsLoads: number[];
  /** Whether indexing was still going on when the first rows appeared (packets indexed by then). */
  indexingAtFirstRows: boolean;
  packetsAtFirstRows: number;
  scrollSeconds: number;
  frames: number;
  fps: number;
  p95FrameMs: number;
  /** Share of frames in which some visible row was still a loading placeholder. */
  placeholderFrames: number;
  /** Rows scrolled past during the run. */
  rowsScrolled: number;
  error?: string;
}

/** Whether `npm run bench` measures the renderer: when asked, or by default when Chromium is installed. */
export function shouldMeasureRenderer(asked: boolean | undefined): boolean {
  return asked ?? existsSync(CHROMIUM_PATH);
}

const failed = (error: string): RendererFigures => ({
  firstRowsMs: NaN,
  firstRowsLoads: [],
  indexingAtFirstRows: false,
  packetsAtFirstRows: 0,
  scrollSeconds: 0,
  frames: 0,
  fps: NaN,
  p95FrameMs: NaN,
  placeholderFrames: NaN,
  rowsScrolled: 0,
  error,
});

interface ScrollRun {
  frames: number;
  elapsed: number;
  frameTimes: number[];
  placeholders: number;
  rows: number;
}

/**
 * Runs in the page (kept as source text: the TypeScript loader would add helpers the page doesn't have): scrolls
 * the list three rows per animation frame for SECONDS, timing each frame.
 */
const SCROLL_IN_PAGE = `(seconds) => new Promise((resolve, reject) => {
  const list = document.querySelector('[data-testid=packet-list]');
  if (!list) return reject(new Error('no packet list'));
  const ROW = 20;
  const frameTimes = [];
  let placeholders = 0, start = 0, last = 0;
  const frame = (now) => {
    if (!start) start = last = now;
    else {
      frameTimes.push(now - last);
      last = now;
      if (list.querySelector('.pl-loading')) placeholders++;
    }
    if (now - start >= seconds * 1000) {
      resolve({ frames: frameTimes.length, elapsed: now - start, frameTimes, placeholders,
        rows: Math.round(list.scrollTop / ROW) });
      return;
    }
    list.scrollTop += ROW * 3;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
})`;

/**
 * Runs in the page before its own scripts: notes the page's clock at the frame after the first packet row enters
 * the DOM (that frame paints it). Measured in the page, so the figure doesn't include Playwright's round trips.
 */
const FIRST_ROWS_IN_PAGE = `(() => {
  const seen = new MutationObserver(() => {
    if (!document.querySelector('[data-testid=packet-row][data-number]')) return;
    seen.disconnect();
    requestAnimationFrame((t) => { window.__firstRowsPainted = t; });
  });
  seen.observe(document, { subtree: true, childList: true, attributes: true });
})()`;

/** The page's clock when the first rows were painted, once FIRST_ROWS_IN_PAGE has noted it. */
async function paintedAt(page: Page): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const t = await page.evaluate<number | undefined>('window.__firstRowsPainted');
    if (t !== undefined) return t;
    if (Date.now() > deadline) throw new Error('the first rows were never painted');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `npm run serve -- --port 0 FILE` as users run it, in its own process; resolves with its URL once it listens. */
async function startServeProcess(file: string): Promise<{ url: string; stop: () => void }> {
  const root = join(import.meta.dirname, '..');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '--import', 'tsx', 'electron/serve/serve.ts', '--port', '0', file],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  let said = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`serve mode did not start: ${said}`));
    }, 60_000);
    const listen = (chunk: Buffer): void => {
      said += chunk.toString();
      const m = /serving at (\S+)/.exec(said);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, stop });
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', (c: Buffer) => (said += c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve mode exited (${code}): ${said}`));
    });
  });
}

/** Page loads timed for first rows; the median is reported (the first load also pays Chromium's own start). */
const LOADS = 5;
/** ms between serve mode saying where it serves and the page being opened. */
const SETTLE_MS = 2000;

/**
 * LOADS times: serves `file` in a new process (as `npm run serve` does) and opens it in Chromium, measuring first
 * rows (median, and the spread); then scrolling in the last page. Never throws.
 */
export async function measureRenderer(file: string, seconds = 5): Promise<RendererFigures> {
  if (!rendererBuilt()) return failed('the renderer is not built (npm run build)');
  if (!existsSync(CHROMIUM_PATH)) return failed(`no Chromium at ${CHROMIUM_PATH}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  let server: { url: string; stop: () => void } | undefined;
  try {
    const loads: number[] = [];
    let page: Page | undefined;
    let indexingAtFirstRows = false;
    let packetsAtFirstRows = 0;
    for (let i = 0; i < LOADS; i++) {
      // Each load opens the file afresh, as a user starting serve mode on it and opening the page does.
      await page?.close();
      server?.stop();
      server = await startServeProcess(file);
      // A user opens the printed URL a moment later; by then serve mode has its index worker loaded.
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      await page.addInitScript(FIRST_ROWS_IN_PAGE);
      await page.goto(server.url);
      await page.waitForSelector('[data-testid=packet-row][data-number]', { timeout: 120_000 });
      // The page's clock starts at navigation. Polled from here: waitForFunction polls a string predicate with
      // eval in the page, which the page's CSP (script-src 'self') refuses whenever the frame hasn't come yet.
      loads.push(await paintedAt(page));
      indexingAtFirstRows = (await page.locator('[data-testid=status-load]').count()) === 0;
      packetsAtFirstRows = Number(await page.getByTestId('status-total').innerText());
    }
    const run = await page!.evaluate<ScrollRun>(`(${SCROLL_IN_PAGE})(${Number(seconds)})`);
    const sorted = [...run.frameTimes].sort((a, b) => a - b);
    const byTime = [...loads].sort((a, b) => a - b);
    return {
      firstRowsMs: byTime[Math.floor(byTime.length / 2)]!,
      firstRowsLoads: loads,
      indexingAtFirstRows,
      packetsAtFirstRows,
      scrollSeconds: run.elapsed / 1000,
      frames: run.frames,
      fps: run.frames / (run.elapsed / 1000),
      p95FrameMs: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN,
      placeholderFrames: run.frames ? run.placeholders / run.frames : NaN,
      rowsScrolled: run.rows,
    };
  } catch (e) {
    return failed((e as Error).message);
  } finally {
    await browser.close();
    server?.stop();
  }
}

/** The bench table's lines for these figures. */
export function rendererLines(r: RendererFigures): string[] {
  if (r.error) return [`renderer: not measured (${r.error})`];
  const f = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d });
  return [
    `renderer: first rows painted ${f(r.firstRowsMs)} ms after opening the page (median of ${r.firstRowsLoads.length} loads: ${r.firstRowsLoads.map((x) => f(x)).join(', ')})` +
      (r.indexingAtFirstRows ? ` (still indexing: ${f(r.packetsAtFirstRows)} packets so far)` : ' (indexing done)'),
    `renderer: scrolling ${f(r.fps, 1)} fps over ${f(r.scrollSeconds, 1)} s (p95 frame ${f(r.p95FrameMs, 1)} ms, ` +
      `${f(r.placeholderFrames * 100, 1)}% of frames with rows still loading, ${f(r.rowsScrolled)} rows scrolled)`,
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npx tsx scripts/bench-renderer.ts FILE [SECONDS]');
    process.exit(2);
  }
  const r = await measureRenderer(file, Number(process.argv[3] ?? 5));
  console.log(rendererLines(r).join('\n'));
  console.log(JSON.stringify(r));
}
