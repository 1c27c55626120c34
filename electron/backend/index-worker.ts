/**
 * The index worker: owns one open capture. Indexes it in steps (posting progress), and between steps answers
 * requests for rows and packets and runs display filters, so the session's first rows arrive before indexing ends.
 */
import { parentPort } from 'node:worker_threads';
import { CaptureIndex, FilterRun } from './capture-index.ts';
import type { ShardedFilterRun } from './sharded-filter-run.ts';
import { ShardPool, shardsFor } from './sharded-run.ts';
import { CaptureOpenError } from './capture-file.ts';
import { allIndexes, sortIndexes } from './sort-rows.ts';
import type { FilterOutcome, FromWorker, ToWorker } from './worker-messages.ts';
import { TlsDecryptionTally } from '../../shared/dissect/tls/decrypt-summary.ts';
import { setTlsRecordObserver } from '../../shared/dissect/tls/observer.ts';
import { followTlsStream } from './follow-tls.ts';
import { emptyTlsKeyConfig, installTlsKeys } from './tls-key-config.ts';
import type { TlsKeyStore } from './tls-key-store.ts';

const port = parentPort;
if (!port) throw new Error('index-worker.ts must run in a worker thread');

const STEP_MS = 40;
/** How often a filter running in shard threads is checked on. */
const SHARD_POLL_MS = 10;
/** Packets each shard thread dissects once when its pool starts. */
const WARM_PACKETS = 50_000;
const PROGRESS_EVERY_MS = 100;
/** How often a followed file (live capture) is checked for growth once everything in it is indexed. */
const FOLLOW_POLL_MS = 100;
/**
 * Until this many packets are indexed, each step reports progress, so the first page of rows reaches the list
 * within milliseconds of opening rather than after the first progress interval.
 */
const FIRST_ROWS = 400;
/** For this long after opening, steps are short so the first requests for rows are answered without waiting. */
const SHORT_STEPS_FOR_MS = 1500;
const SHORT_STEP_MS = 5;

let core: CaptureIndex | undefined;
let job: { id: number; run: FilterRun | ShardedFilterRun } | undefined;
/** Shard threads for the open capture's filters, once it is indexed (see startShardPool). */
let pool: ShardPool | undefined;
let queued: { id: number; text: string } | undefined;
let scheduled = false;
let lastProgress = 0;
/** The keys of the open capture, and what decryption made of its records during indexing. */
let tlsKeys: TlsKeyStore | undefined;
let tally = new TlsDecryptionTally();
let pollTimer: NodeJS.Timeout | undefined;
/** The last finished filter, continued over packets that arrive later (live capture). */
let live: { id: number; run: FilterRun; reported: number } | undefined;
let openedAt = 0;
/** Indexing pauses at this many packets until `resume` (a capture opened ahead of its viewer). */
let holdAfter = Infinity;
/** Row requests that arrived before any of their packets were indexed: answered as soon as some are. */
let waitingRows: { id: number; from: number; count: number }[] = [];

function post(m: FromWorker, transfer?: ArrayBuffer[]): void {
  port!.postMessage(m, transfer ?? []);
}

function finishFilter(id: number, outcome: FilterOutcome): void {
  post({ t: 'filter', id, outcome }, outcome.matches.length ? [outcome.matches.buffer as ArrayBuffer] : []);
}

function cancelled(id: number): void {
  finishFilter(id, { matches: new Uint32Array(0), total: core?.index.count ?? 0, elapsedMs: 0, cancelled: true });
}

/** Answers the waiting row requests that indexing has now reached (all of them once it is done). */
function answerWaitingRows(): void {
  if (!core || !waitingRows.length) return;
  const c = core;
  const still: typeof waitingRows = [];
  for (const w of waitingRows) {
    if (c.done || c.index.count > w.from) post({ t: 'rows', id: w.id, rows: c.rows(w.from, w.count) });
    else still.push(w);
  }
  waitingRows = still;
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(pump);
}

/** Tests packets that arrived since the last filter finished, and reports the new matches. */
function continueLiveFilter(): void {
  if (!live || !core) return;
  try {
    live.run.step(STEP_MS);
  } catch {
    live = undefined;
    return;
  }
  if (live.run.matched === live.reported) return;
  const matches = live.run.matches.data.slice(live.reported, live.run.matched);
  live.reported = live.run.matched;
  post({ t: 'liveMatches', filterId: live.id, matches, total: core.index.count }, [matches.buffer as ArrayBuffer]);
}

/** A followed file with nothing new: look again a little later. */
function pollLater(): void {
  if (pollTimer) return;
  pollTimer = setTimeout(() => {
    pollTimer = undefined;
    if (core) core.caughtUp = false;
    schedule();
  }, FOLLOW_POLL_MS);
}

/**
 * Once a large file is indexed (and has no TLS keys, which the shard threads would not have), its filters run on a
 * pool of shard threads, started now and warmed on the file's first packets so the first filter runs at full speed.
 */
function startShardPool(c: CaptureIndex): void {
  const shards = shardsFor(c.file.size);
  if (shards < 2 || c.following || tlsKeys?.hasKeys()) return;
  pool = new ShardPool(shards);
  void pool.warm(c.path, WARM_PACKETS);
}

function closeShardPool(): void {
  void pool?.close();
  pool = undefined;
}

/** One step of whatever long work is pending: indexing first, then the current filter. */
function pump(): void {
  scheduled = false;
  if (!core) return;
  const now = performance.now();
  if (!core.done && !core.caughtUp) {
    if (core.index.count >= holdAfter) return;
    const before = core.index.count;
    const early = before < FIRST_ROWS;
    let finished: boolean;
    // Only the ordered indexing pass feeds the decryption summary (replays for single packets do not).
    const previous = setTlsRecordObserver(tally);
    try {
      finished = core.step(now - openedAt < SHORT_STEPS_FOR_MS ? SHORT_STEP_MS : STEP_MS);
    } catch (e) {
      post({ t: 'indexFailed', error: { message: `Reading the capture failed: ${(e as Error).message}` } });
      core.done = true;
      finished = true;
    } finally {
      setTlsRecordObserver(previous);
    }
    const grew = core.index.count > before;
    if (grew) continueLiveFilter();
    if (finished || early || now - lastProgress > PROGRESS_EVERY_MS || (core.caughtUp && grew)) {
      lastProgress = now;
      post({ t: 'progress', progress: core.progress });
    }
    if (finished) {
      post({ t: 'indexed', summary: core.summary });
      startShardPool(core);
    }
    answerWaitingRows();
    schedule();
    return;
  }
  if (core.caughtUp && core.following) pollLater();
  if (!job && queued) {
    const { id, text } = queued;
    queued = undefined;
    const r = core.startFilter(text, pool);
    if (!('step' in r)) {
      finishFilter(id, {
        matches: new Uint32Array(0),
        total: core.index.count,
        elapsedMs: 0,
        cancelled: false,
        error: r,
      });
    } else job = { id, run: r };
  }
  if (job) {
    const { id, run } = job;
    let finished: boolean;
    try {
      finished = run.step(STEP_MS);
    } catch (e) {
      job = undefined;
      post({ t: 'failed', id, message: `Filtering failed: ${(e as Error).message}` });
      return;
    }
    if (finished) {
      job = undefined;
      // Only a single-threaded run carries on over packets a growing file gains.
      if (run instanceof FilterRun) live = { id, run, reported: run.matched };
      finishFilter(id, {
        matches: run.result(),
        total: run.total,
        elapsedMs: performance.now() - run.started,
        cancelled: false,
      });
    } else {
      if (now - lastProgress > PROGRESS_EVERY_MS) {
        lastProgress = now;
        post({ t: 'filterProgress', id, done: run.next, total: run.total });
      }
      // Shards work in their own threads: look again shortly rather than spinning here.
      if (run instanceof FilterRun) schedule();
      else setTimeout(schedule, SHARD_POLL_MS);
    }
    if (queued) schedule();
  }
}

port.on('message', (m: ToWorker) => {
  if (m.t === 'stopFollowing') {
    core?.stopFollowing();
    schedule();
    return;
  }
  if (m.t === 'close') {
    clearTimeout(pollTimer);
    pollTimer = undefined;
    live = undefined;
    core?.close();
    core = undefined;
    job?.run.cancel();
    job = undefined;
    closeShardPool();
    queued = undefined;
    waitingRows = [];
    post({ t: 'closed' });
    return;
  }
  if (m.t === 'resume') {
    holdAfter = Infinity;
    openedAt = performance.now();
    schedule();
    return;
  }
  if (m.t === 'open') {
    holdAfter = m.holdAfter ?? Infinity;
    closeShardPool();
    try {
      tlsKeys = installTlsKeys(m.keys ?? emptyTlsKeyConfig());
      tally = new TlsDecryptionTally();
      core = new CaptureIndex(m.path, { follow: m.follow });
    } catch (e) {
      const offset = e instanceof CaptureOpenError ? e.offset : undefined;
      post({
        t: 'openFailed',
        error: offset === undefined ? { message: (e as Error).message } : { message: (e as Error).message, offset },
      });
      return;
    }
    post({ t: 'opened', file: core.file });
    lastProgress = openedAt = performance.now();
    schedule();
    return;
  }
  if (!core) {
    if ('id' in m) post({ t: 'failed', id: m.id, message: 'No capture is open.' });
    return;
  }
  try {
    switch (m.t) {
      case 'rows':
        if (!core.done && core.index.count <= m.from) waitingRows.push({ id: m.id, from: m.from, count: m.count });
        else post({ t: 'rows', id: m.id, rows: core.rows(m.from, m.count) });
        break;
      case 'rowsAt':
        post({ t: 'rows', id: m.id, rows: core.rowsAt(m.indexes) });
        break;
      case 'packet':
        post({ t: 'packet', id: m.id, packet: core.packet(m.number) });
        break;
      case 'sort': {
        const order = sortIndexes(core.index, m.indexes ?? allIndexes(core.index.count), m.column, m.descending);
        post({ t: 'sorted', id: m.id, order }, [order.buffer as ArrayBuffer]);
        break;
      }
      case 'followTls':
        post({ t: 'followTls', id: m.id, stream: followTlsStream(core, m.number) });
        break;
      case 'tlsSummary':
        post({ t: 'tlsSummary', id: m.id, summary: tally.summary(tlsKeys?.hasKeys() ?? false) });
        break;
      case 'filter':
        // A new filter supersedes the running and the waiting one, and the live one.
        live = undefined;
        if (job) {
          job.run.cancel();
          cancelled(job.id);
          job = undefined;
        }
        if (queued) cancelled(queued.id);
        queued = { id: m.id, text: m.text };
        schedule();
        break;
      case 'cancel':
        if (job?.id === m.id) {
          job.run.cancel();
          job = undefined;
          cancelled(m.id);
        } else if (queued?.id === m.id) {
          queued = undefined;
          cancelled(m.id);
        }
        break;
    }
  } catch (e) {
    post({ t: 'failed', id: m.id, message: (e as Error).message });
  }
});
