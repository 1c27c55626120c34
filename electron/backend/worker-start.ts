/**
 * Starting the index worker (and the CLI's shard workers) fast. Three places each can come from, fastest first:
 *   - the bundle next to this module (the packaged app, where this module is itself bundled into dist/electron/);
 *   - dist/electron/index-worker.js written by `npm run build`, when it is at least as new as every source it was
 *     bundled from (its source map lists them), so a checkout running through tsx (serve mode, the bench) skips
 *     compiling the worker's TypeScript on every open (~0.7 s);
 *   - the TypeScript source through tsx (tests, a checkout that was never built or was edited since).
 * And one worker can be kept loaded ahead of need (`prewarmIndexWorker`), so the next open finds it ready.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Where each worker's bundle and TypeScript entry live (relative to this module, or to the bundle it is in). */
const ENTRIES = {
  'index-worker': {
    bundledSibling: new URL('./index-worker.js', import.meta.url),
    builtInCheckout: new URL('../../dist/electron/index-worker.js', import.meta.url),
    typescriptSource: new URL('./index-worker-dev.mjs', import.meta.url),
  },
  'shard-worker': {
    bundledSibling: new URL('./shard-worker.js', import.meta.url),
    builtInCheckout: new URL('../../dist/electron/shard-worker.js', import.meta.url),
    typescriptSource: new URL('./shard-worker-dev.mjs', import.meta.url),
  },
} as const;
export type WorkerName = keyof typeof ENTRIES;

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Whether the bundle at `jsPath` is at least as new as every source its source map names (false without a map). */
export function bundleIsFresh(jsPath: string): boolean {
  const mapPath = `${jsPath}.map`;
  if (!existsSync(jsPath) || !existsSync(mapPath)) return false;
  let sources: unknown;
  try {
    sources = (JSON.parse(readFileSync(mapPath, 'utf8')) as { sources?: unknown }).sources;
  } catch {
    return false;
  }
  if (!Array.isArray(sources)) return false;
  const built = mtimeMs(jsPath);
  const dir = dirname(jsPath);
  return sources.every((s) => typeof s === 'string' && mtimeMs(resolve(dir, s)) <= built);
}

const chosen = new Map<WorkerName, URL>();

/** Where a worker starts from (decided once per process). */
export function workerUrl(name: WorkerName): URL {
  let url = chosen.get(name);
  if (url) return url;
  const e = ENTRIES[name];
  if (existsSync(fileURLToPath(e.bundledSibling))) url = e.bundledSibling;
  else if (bundleIsFresh(fileURLToPath(e.builtInCheckout))) url = e.builtInCheckout;
  else url = e.typescriptSource;
  chosen.set(name, url);
  return url;
}

/** Where the index worker starts from. */
export function indexWorkerUrl(): URL {
  return workerUrl('index-worker');
}

/** Whether workers start from a built bundle rather than through tsx. */
export function indexWorkerIsBuilt(): boolean {
  return indexWorkerUrl() !== ENTRIES['index-worker'].typescriptSource;
}

let spare: Worker | undefined;
/** Whether a taken worker is replaced (apps that open captures on demand; never tests or the CLI). */
let keepWarm = false;
let rewarm: ReturnType<typeof setTimeout> | undefined;
/** A taken worker is replaced this long after, so loading the next one doesn't slow down the first rows. */
const REWARM_AFTER_MS = 1500;

function startWorker(): Worker {
  return new Worker(indexWorkerUrl());
}

/**
 * Starts a worker now for the next `takeIndexWorker` (no-op when one is waiting), and from then on replaces each
 * one taken. The waiting worker doesn't keep the process alive; if it dies it is simply replaced on the next take.
 */
export function prewarmIndexWorker(): void {
  keepWarm = true;
  if (spare) return;
  const w = startWorker();
  w.unref();
  const forget = (): void => {
    if (spare === w) spare = undefined;
  };
  w.once('error', forget);
  w.once('exit', forget);
  spare = w;
}

/** The waiting worker if there is one, else a new one. */
export function takeIndexWorker(): Worker {
  const w = spare;
  spare = undefined;
  if (keepWarm && !rewarm) {
    rewarm = setTimeout(() => {
      rewarm = undefined;
      if (keepWarm) prewarmIndexWorker();
    }, REWARM_AFTER_MS);
    rewarm.unref();
  }
  if (!w) return startWorker();
  w.removeAllListeners();
  w.ref();
  return w;
}

/** Stops the waiting worker, if any, and stops replacing taken ones (a server closing). */
export async function dropSpareIndexWorker(): Promise<void> {
  keepWarm = false;
  clearTimeout(rewarm);
  rewarm = undefined;
  const w = spare;
  spare = undefined;
  if (w) await w.terminate();
}
