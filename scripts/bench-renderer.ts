/**
 * The renderer's figures for `npm run bench` (issue 7): serve mode on the bench file, Debian's Chromium through
 * playwright-core, then
 *   - first rows: ms from opening the page to the first packet rows painted (the page's own clock, so it includes
 *     loading the bundle, the WebSocket, opening the capture and the first page of rows — indexing goes on after);
 *   - scrolling: the packet list scrolled for 5 s, one step each animation frame; frames per second, the 95th
 *     percentile frame time, and the share of frames that still showed rows waiting for their data.
 * Also runs alone: `npx tsx scripts/bench-renderer.ts FILE [SECONDS]`.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { rendererBuilt, startServer } from '../electron/serve/server.ts';

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
  /** ms from navigation start to the first packet rows painted. */
  firstRowsMs: number;
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

/** Serves `file`, opens it in Chromium and measures first rows and scrolling. Never throws. */
export async function measureRenderer(file: string, seconds = 5): Promise<RendererFigures> {
  if (!rendererBuilt()) return failed('the renderer is not built (npm run build)');
  if (!existsSync(CHROMIUM_PATH)) return failed(`no Chromium at ${CHROMIUM_PATH}`);
  const server = await startServer({ port: 0, host: '127.0.0.1', file });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.addInitScript(FIRST_ROWS_IN_PAGE);
    await page.goto(server.url);
    await page.waitForSelector('[data-testid=packet-row][data-number]', { timeout: 120_000 });
    // The page's clock starts at navigation. Polled from here: waitForFunction polls a string predicate with
    // eval in the page, which the page's CSP (script-src 'self') refuses whenever the frame hasn't come yet.
    const firstRowsMs = await paintedAt(page);
    const indexingAtFirstRows = (await page.locator('[data-testid=status-load]').count()) === 0;
    const packetsAtFirstRows = Number(await page.getByTestId('status-total').innerText());
    const run = await page.evaluate<ScrollRun>(`(${SCROLL_IN_PAGE})(${Number(seconds)})`);
    const sorted = [...run.frameTimes].sort((a, b) => a - b);
    return {
      firstRowsMs,
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
    await server.close();
  }
}

/** The bench table's lines for these figures. */
export function rendererLines(r: RendererFigures): string[] {
  if (r.error) return [`renderer: not measured (${r.error})`];
  const f = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d });
  return [
    `renderer: first rows painted ${f(r.firstRowsMs)} ms after opening the page` +
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
