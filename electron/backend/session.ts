/**
 * A capture session: one open capture file, indexed in a worker thread. Plain Node (no Electron), so the serve
 * mode, the Electron main process and the tests all drive the same code.
 *
 *     const s = await CaptureSession.open('trace.pcap', { onProgress: (p) => … });
 *     await s.rows(0, 50);          // available while indexing continues
 *     await s.indexed;              // { total, elapsedMs, warning }
 *     const f = await s.filter('tls.handshake.type == 2');   // f.matches: 0-based packet indexes
 *     await s.packet(6);            // field tree, bytes, alerts of packet 6
 *     await s.close();
 */
import type { Worker } from 'node:worker_threads';
import type { FileInfo, PacketDetail, Problem, Row, SortColumn } from '../../shared/protocol/messages.ts';
import type { FollowTlsStream, TlsDecryptionSummary } from '../../shared/protocol/tls.ts';
import type { IndexProgress, IndexSummary } from './capture-index.ts';
import type { TlsKeyConfig } from './tls-key-config.ts';
import type { FilterOutcome, FromWorker, ToWorker } from './worker-messages.ts';
import { takeIndexWorker } from './worker-start.ts';

export type { FilterOutcome } from './worker-messages.ts';
export type { IndexProgress, IndexSummary } from './capture-index.ts';

/** A capture that can't be opened, or a request that failed; `offset` is the byte in the file when known. */
export class SessionError extends Error {
  constructor(
    message: string,
    readonly offset?: number,
  ) {
    super(message);
  }
  get problem(): Problem {
    return this.offset === undefined ? { message: this.message } : { message: this.message, offset: this.offset };
  }
}

export interface SessionCallbacks {
  onProgress?(p: IndexProgress): void;
  onIndexed?(s: IndexSummary): void;
  /** A failure after opening (the worker stopped, the file became unreadable). */
  onError?(e: Problem): void;
  /**
   * A followed file (live capture) grew: 0-based indexes of the new packets that match the last finished filter
   * (`filterId` is what `lastFilterId` was when it was started), and the packet count now.
   */
  onLiveMatches?(matches: Uint32Array, total: number, filterId: number): void;
}

export interface OpenOptions {
  /** The file is still being written (a live capture): keep indexing as it grows until `stopFollowing()`. */
  follow?: boolean;
}

interface Pending {
  resolve(v: never): void;
  reject(e: Error): void;
  onProgress?: (done: number, total: number) => void;
}

/** How long a session opened ahead waits to be taken over. */
const AHEAD_KEEP_MS = 30_000;
/**
 * A session opened ahead indexes this many packets (the first pages of rows) and then waits for its taker, leaving
 * the CPU to whatever is loading the page meanwhile.
 */
const AHEAD_HOLD_AFTER = 500;

const openedAhead = new Map<string, { opening: Promise<CaptureSession>; expiry: ReturnType<typeof setTimeout> }>();

export class CaptureSession {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private count = 0;
  private indexDone = false;
  private currentFilter: number | undefined;
  private lastFilter: number | undefined;
  private closing: Promise<void> | undefined;
  /** Resolves when the whole file is indexed. */
  readonly indexed: Promise<IndexSummary>;
  private resolveIndexed!: (s: IndexSummary) => void;
  private rejectIndexed!: (e: Error) => void;

  /** While a session opened ahead is being taken over: events update the state, the replay reports them. */
  private replaying = false;
  private lastProgress: IndexProgress | undefined;
  private summary: IndexSummary | undefined;
  private failure: Problem | undefined;

  private constructor(
    private readonly worker: Worker,
    readonly file: FileInfo,
    private callbacks: SessionCallbacks,
  ) {
    this.indexed = new Promise((res, rej) => {
      this.resolveIndexed = res;
      this.rejectIndexed = rej;
    });
    // Callers that never wait for indexing must not see an unhandled rejection.
    this.indexed.catch(() => undefined);
  }

  /**
   * Opens and starts indexing `path`; rejects with a SessionError when the file can't be read as a capture. Takes
   * over the session `openAhead` started for the same path, if any (unless it failed meanwhile): its progress so far
   * is then reported to `callbacks` once, on a later turn of the event loop (after the caller has stored it).
   */
  static open(
    path: string,
    callbacks: SessionCallbacks = {},
    options: OpenOptions & { keys?: TlsKeyConfig } = {},
  ): Promise<CaptureSession> {
    const early = openedAhead.get(path);
    // A session opened ahead has no TLS keys and doesn't follow the file: only a plain open may take it over.
    const plain = !options.follow && !options.keys?.keylogs.length && !options.keys?.rsaKeys.length;
    if (!early || !plain) return CaptureSession.start(path, callbacks, options);
    openedAhead.delete(path);
    clearTimeout(early.expiry);
    return early.opening.then(
      (session) => {
        if (!session.failure) return session.adopt(callbacks);
        void session.close();
        return CaptureSession.start(path, callbacks, options);
      },
      () => CaptureSession.start(path, callbacks, options),
    );
  }

  /**
   * Starts opening `path` and indexing its first pages before anyone asks for it (serve mode: when the page is
   * requested, so the first rows are ready by the time its WebSocket connects). The next `open(path)` takes the
   * session over and indexing goes on; if none comes within `keepMs`, it is closed.
   */
  static openAhead(path: string, keepMs = AHEAD_KEEP_MS): void {
    if (openedAhead.has(path)) return;
    const opening = CaptureSession.start(path, {}, {}, AHEAD_HOLD_AFTER);
    opening.catch(() => undefined);
    const expiry = setTimeout(() => {
      if (openedAhead.get(path)?.opening !== opening) return;
      openedAhead.delete(path);
      void opening.then(
        (s) => s.close(),
        () => undefined,
      );
    }, keepMs);
    expiry.unref();
    openedAhead.set(path, { opening, expiry });
  }

  /** Closes the sessions opened ahead that nobody took over. */
  static async dropOpenedAhead(): Promise<void> {
    const all = [...openedAhead.values()];
    openedAhead.clear();
    await Promise.all(
      all.map(({ opening, expiry }) => {
        clearTimeout(expiry);
        return opening.then(
          (s) => s.close(),
          () => undefined,
        );
      }),
    );
  }

  /** Hands this session to new callbacks, replaying where indexing stands on the next turn of the event loop. */
  private adopt(callbacks: SessionCallbacks): CaptureSession {
    this.callbacks = callbacks;
    if (!this.closed) this.worker.postMessage({ t: 'resume' } satisfies ToWorker);
    this.replaying = true;
    setImmediate(() => {
      this.replaying = false;
      if (this.closed) return;
      if (this.lastProgress) callbacks.onProgress?.(this.lastProgress);
      if (this.summary) callbacks.onIndexed?.(this.summary);
      if (this.failure) callbacks.onError?.(this.failure);
    });
    return this;
  }

  private static start(
    path: string,
    callbacks: SessionCallbacks,
    options: OpenOptions & { keys?: TlsKeyConfig },
    holdAfter?: number,
  ): Promise<CaptureSession> {
    const worker = takeIndexWorker();
    return new Promise((resolve, reject) => {
      let session: CaptureSession | undefined;
      const fail = (e: Error): void => {
        if (!session) {
          void worker.terminate();
          reject(e);
        } else session.failAll(e);
      };
      worker.on('message', (m: FromWorker) => {
        if (!session) {
          if (m.t === 'opened') {
            session = new CaptureSession(worker, m.file, callbacks);
            resolve(session);
          } else if (m.t === 'openFailed') fail(new SessionError(m.error.message, m.error.offset));
          return;
        }
        session.receive(m);
      });
      worker.on('error', (e: Error) => fail(new SessionError(`The capture worker stopped: ${e.message}`)));
      worker.on('exit', (code) => {
        if (session && !session.closed) fail(new SessionError(`The capture worker exited (code ${code}).`));
      });
      worker.postMessage({ t: 'open', path, keys: options.keys, follow: options.follow, holdAfter } satisfies ToWorker);
    });
  }

  /** Packets indexed so far. */
  get packetCount(): number {
    return this.count;
  }

  get indexing(): boolean {
    return !this.indexDone;
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    if (!this.indexDone) this.rejectIndexed(e);
    this.reportError({ message: e.message });
  }

  private reportError(e: Problem): void {
    this.failure = e;
    if (!this.replaying) this.callbacks.onError?.(e);
  }

  private receive(m: FromWorker): void {
    switch (m.t) {
      case 'progress':
        this.count = m.progress.packets;
        this.lastProgress = m.progress;
        if (!this.replaying) this.callbacks.onProgress?.(m.progress);
        return;
      case 'indexed':
        this.count = m.summary.total;
        this.indexDone = true;
        this.summary = m.summary;
        if (!this.replaying) this.callbacks.onIndexed?.(m.summary);
        this.resolveIndexed(m.summary);
        return;
      case 'indexFailed':
        this.indexDone = true;
        this.reportError(m.error);
        this.rejectIndexed(new SessionError(m.error.message, m.error.offset));
        return;
      case 'liveMatches':
        this.count = m.total;
        this.callbacks.onLiveMatches?.(m.matches, m.total, m.filterId);
        return;
      case 'filterProgress':
        this.pending.get(m.id)?.onProgress?.(m.done, m.total);
        return;
      case 'rows':
        return this.settle(m.id, m.rows);
      case 'packet':
        return this.settle(m.id, m.packet);
      case 'sorted':
        return this.settle(m.id, m.order);
      case 'filter':
        if (this.currentFilter === m.id) this.currentFilter = undefined;
        return this.settle(m.id, m.outcome);
      case 'followTls':
        return this.settle(m.id, m.stream);
      case 'tlsSummary':
        return this.settle(m.id, m.summary);
      case 'failed': {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.reject(new SessionError(m.message));
        return;
      }
      default:
        return;
    }
  }

  private settle(id: number, value: unknown): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(value as never);
  }

  private call<T>(msg: ToWorker & { id: number }, onProgress?: Pending['onProgress']): Promise<T> {
    if (this.closed) return Promise.reject(new SessionError('The capture is closed.'));
    return new Promise<T>((resolve, reject) => {
      this.pending.set(msg.id, { resolve: resolve as (v: never) => void, reject, onProgress });
      const moved = msg.t === 'rowsAt' || msg.t === 'sort' ? msg.indexes : null;
      const transfer = moved ? [moved.buffer as ArrayBuffer] : [];
      this.worker.postMessage(msg, transfer);
    });
  }

  /** Rows of packets at 0-based positions `from`..`from + count - 1`, as far as indexed. */
  rows(from: number, count: number): Promise<Row[]> {
    return this.call({ t: 'rows', id: this.nextId++, from, count });
  }

  /** Rows of the packets at the given 0-based positions (a page of a filtered view). */
  rowsAt(indexes: ArrayLike<number>): Promise<Row[]> {
    return this.call({ t: 'rowsAt', id: this.nextId++, indexes: Uint32Array.from(indexes) });
  }

  /** The detail of packet `number` (1-based): field tree, bytes, data sources and alerts. */
  packet(number: number): Promise<PacketDetail> {
    return this.call({ t: 'packet', id: this.nextId++, number });
  }

  /** The TLS records of packet `number`'s TCP connection, decrypted where keys allow (Follow TLS Stream). */
  followTls(number: number): Promise<FollowTlsStream> {
    return this.call({ t: 'followTls', id: this.nextId++, number });
  }

  /** How TLS decryption went while indexing (complete once indexing is). */
  tlsSummary(): Promise<TlsDecryptionSummary> {
    return this.call({ t: 'tlsSummary', id: this.nextId++ });
  }

  /**
   * The 0-based packet indexes `indexes` (every packet when null) ordered by `column`, sorted in the worker once
   * indexing has finished (equal keys keep frame order). `indexes` is copied, never changed.
   */
  async sort(column: SortColumn, descending: boolean, indexes: Uint32Array | null): Promise<Uint32Array> {
    await this.indexed.catch(() => undefined);
    const copy = indexes ? indexes.slice() : null;
    return this.call({ t: 'sort', id: this.nextId++, column, descending, indexes: copy });
  }

  /**
   * Runs a display filter over the whole capture (after indexing finishes). A later call supersedes this one,
   * which then resolves with `cancelled: true`. A bad filter resolves with `error` (message, column, length).
   */
  filter(text: string, onProgress?: (done: number, total: number) => void): Promise<FilterOutcome> {
    const id = this.nextId++;
    this.currentFilter = id;
    this.lastFilter = id;
    return this.call({ t: 'filter', id, text }, onProgress);
  }

  /** The id of the last filter started (matches `onLiveMatches`' filterId). */
  get lastFilterId(): number | undefined {
    return this.lastFilter;
  }

  /** A followed file is complete (the capture stopped): index the rest and finish (`indexed` then resolves). */
  stopFollowing(): void {
    if (!this.closed) this.worker.postMessage({ t: 'stopFollowing' } satisfies ToWorker);
  }

  /** Cancels the running filter, if any (it resolves with `cancelled: true`). */
  cancelFilter(): void {
    if (this.currentFilter !== undefined && !this.closed)
      this.worker.postMessage({ t: 'cancel', id: this.currentFilter } satisfies ToWorker);
  }

  /** Closes the file and stops the worker; pending requests are rejected. */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    this.closing = new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        void this.worker.terminate().then(() => resolve());
      };
      const timer = setTimeout(done, 2000);
      this.worker.on('message', (m: FromWorker) => {
        if (m.t === 'closed') done();
      });
      this.worker.postMessage({ t: 'close' } satisfies ToWorker);
    });
    const e = new SessionError('The capture was closed.');
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    if (!this.indexDone) this.rejectIndexed(e);
    return this.closing;
  }
}
