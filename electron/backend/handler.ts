/**
 * Serves the renderer protocol (shared/protocol/messages.ts) over any transport: validates each message, drives a
 * CaptureSession, keeps the current view (all packets or the filter's matches) and pushes events. One handler per
 * renderer connection (a WebSocket, or an Electron window).
 */
import type {
  BackendEvent,
  ExportFormat,
  ExportResult,
  CaptureStatus,
  Method,
  MethodResults,
  Params,
  Problem,
  Request,
  ServerMessage,
  SessionState,
  SortColumn,
} from '../../shared/protocol/messages.ts';
import { parseRequest } from '../../shared/protocol/messages.ts';
import { checkDisplayFilter, compileDisplayFilter, completeDisplayFilter } from './display-filter.ts';
import { EXPORT_EXTENSIONS, ExportError, exportCapture } from './export.ts';
import { rangePredicate } from './packet-range.ts';
import { listCaptureInterfaces, LiveCapture } from './live-capture.ts';
import { CaptureSession, SessionError } from './session.ts';
import type { TlsKeysState } from '../../shared/protocol/tls.ts';
import { describeTlsKeys, emptyTlsKeyConfig, type TlsKeyConfig } from './tls-key-config.ts';
import { TlsKeyLog } from '../../shared/dissect/tls/keylog.ts';
import { parseRsaPrivateKey } from './tls-rsa-keys.ts';

/** Where an export is written: chosen by the main process's save dialog (Electron) or the server (serve mode). */
export interface ExportTarget {
  path: string;
  /** Serve mode: the URL path the browser downloads the file from. */
  download?: string;
}
import { computeFilteredIoGraph, computeInsight } from './insight.ts';
import type { IoSeries } from '../../shared/analysis/io-graph.ts';
import type { InsightResult } from '../../shared/protocol/insight.ts';

export interface HandlerOptions {
  send(m: ServerMessage): void;
  /** Whether the renderer may open files by path (serve mode). Electron opens files from its menu instead. */
  allowOpenPath: boolean;
  /** Called with each file opened, for "Open Recent" (not for live capture files). */
  onOpened?(path: string): void;
  /**
   * Picks where an export goes (never the renderer: it only names the format and the packets). Resolves null when
   * the user cancels. Without it, exports are refused.
   */
  exportTarget?(suggestedName: string, format: ExportFormat): Promise<ExportTarget | null>;
  /** Whether the renderer may upload TLS keys (serve mode; default: as allowOpenPath). */
  allowKeyUpload?: boolean;
  /** TLS keys to start with (the desktop app's saved preferences). */
  tlsKeys?: TlsKeyConfig;
  /** Called when the TLS keys change, to remember them. */
  onTlsKeys?(keys: TlsKeyConfig): void;
  /** Whether this transport may start live captures (through the capture helper process). */
  allowCapture?: boolean;
  /** Called whenever the live capture's state or counts change (for the app's menu). */
  onCaptureStatus?(status: CaptureStatus | undefined): void;
}

/** Packet indexes `more` appended to `view` (both sorted, `more` all later). */
function appended(view: Uint32Array, more: Uint32Array): Uint32Array {
  const out = new Uint32Array(view.length + more.length);
  out.set(view);
  out.set(more, view.length);
  return out;
}

/** Rows pushed with a capture just opened: a page of the renderer's packet list. */
const FIRST_ROWS_PUSHED = 100;

class RequestError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

/** Position of `value` in the sorted array, or -1. */
function binarySearch(a: Uint32Array, value: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export class ProtocolHandler {
  private session: CaptureSession | undefined;
  /** 0-based packet indexes of the displayed packets, or null when every packet is displayed. */
  private view: Uint32Array | null = null;
  /** The displayed packets in the sorted order (0-based indexes), or null when the list is in frame order. */
  private order: Uint32Array | null = null;
  private sortKey: { column: SortColumn; descending: boolean } | null = null;
  private filterText = '';
  private loadMs: number | null = null;
  private warning: Problem | null = null;
  private disposed = false;
  private tlsKeyConfig: TlsKeyConfig;
  /** What the renderer is told about the keys (names and counts), worked out once per change. */
  private tlsKeySources: TlsKeysState['sources'] | undefined;
  /** The open capture's path and its insight once computed (on first request). */
  private path = '';
  private insightCache: InsightResult | undefined;
  /** The session filter request whose result is `view` (live captures extend it as packets arrive). */
  private viewFilterId: number | undefined;
  private capture: LiveCapture | undefined;

  constructor(private readonly opts: HandlerOptions) {
    this.tlsKeyConfig = opts.tlsKeys ?? emptyTlsKeyConfig();
  }

  get tlsKeys(): TlsKeysState {
    this.tlsKeySources ??= describeTlsKeys(this.tlsKeyConfig);
    return { sources: this.tlsKeySources, canUpload: this.opts.allowKeyUpload ?? this.opts.allowOpenPath };
  }

  /** Replaces the TLS keys and indexes the open capture again with them (filter kept). */
  async setTlsKeys(config: TlsKeyConfig): Promise<TlsKeysState> {
    this.tlsKeyConfig = config;
    this.tlsKeySources = undefined;
    this.opts.onTlsKeys?.(config);
    this.event({ type: 'tlsKeys', state: this.tlsKeys });
    const s = this.session;
    if (s) {
      const filter = this.filterText;
      await this.openPath(s.file.path);
      if (filter) {
        await this.session?.indexed.catch(() => undefined);
        await this.applyFilter(filter);
      }
    }
    return this.tlsKeys;
  }

  /** Adds a key log given as text; throws when it holds no keys. */
  addKeyLogText(name: string, text: string): Promise<TlsKeysState> {
    const stats = new TlsKeyLog().addText(text);
    if (stats.added === 0) throw new RequestError({ message: `"${name}" holds no TLS keys (NSS key log lines).` });
    const c = this.tlsKeyConfig;
    return this.setTlsKeys({ keylogs: [...c.keylogs, { name, text }], rsaKeys: c.rsaKeys });
  }

  /** Adds an RSA private key given as PEM text; throws when it cannot be read. */
  addRsaKeyPem(name: string, pem: string, password: string): Promise<TlsKeysState> {
    try {
      parseRsaPrivateKey(pem, password);
    } catch (e) {
      throw new RequestError({ message: `"${name}": ${(e as Error).message}` });
    }
    const c = this.tlsKeyConfig;
    return this.setTlsKeys({ keylogs: c.keylogs, rsaKeys: [...c.rsaKeys, { name, pem, password }] });
  }

  private needUpload(): void {
    if (!(this.opts.allowKeyUpload ?? this.opts.allowOpenPath))
      throw new RequestError({ message: 'Choose TLS keys in Preferences → TLS.' });
  }

  private event(event: BackendEvent): void {
    if (!this.disposed) this.opts.send({ kind: 'event', event });
  }

  get state(): SessionState {
    const s = this.session;
    const total = s?.packetCount ?? 0;
    return {
      file: s?.file ?? null,
      total,
      displayed: this.view ? this.view.length : total,
      indexing: s?.indexing ?? false,
      filter: this.filterText,
      loadMs: this.loadMs,
      warning: this.warning,
      canOpenPath: this.opts.allowOpenPath,
      ...(this.capture ? { capture: this.capture.status } : {}),
    };
  }

  /** The live capture's status, if the open file comes from one. */
  get captureStatus(): CaptureStatus | undefined {
    return this.capture?.status;
  }

  /** The file the live capture writes (or wrote), for "Save Capture As…". */
  get captureFile(): string | undefined {
    return this.capture ? this.capture.path : undefined;
  }

  /** Asks the renderer to show its capture dialog (Capture > Interfaces… in the app menu). */
  showCaptureDialog(): void {
    this.event({ type: 'captureDialog' });
  }

  /** Validates and answers one message from the renderer. Never throws. */
  async handle(raw: unknown): Promise<void> {
    const parsed = parseRequest(raw);
    if (!parsed.ok) {
      this.opts.send({ kind: 'response', id: parsed.id, ok: false, error: { message: parsed.message } });
      return;
    }
    const req = parsed.request;
    try {
      const result = await this.dispatch(req);
      if (!this.disposed)
        this.opts.send({ kind: 'response', id: req.id, ok: true, method: req.method, result } as ServerMessage);
    } catch (e) {
      const error =
        e instanceof RequestError
          ? e.problem
          : e instanceof SessionError
            ? e.problem
            : { message: e instanceof Error ? e.message : String(e) };
      if (!this.disposed) this.opts.send({ kind: 'response', id: req.id, ok: false, error });
    }
  }

  private need(): CaptureSession {
    if (!this.session) throw new RequestError({ message: 'No capture file is open.' });
    return this.session;
  }

  private async dispatch(req: Request): Promise<MethodResults[Method]> {
    switch (req.method) {
      case 'state':
        return this.state;
      case 'open':
        if (!this.opts.allowOpenPath) throw new RequestError({ message: 'Open files from the File menu.' });
        return this.openPath(req.params.path);
      case 'close':
        await this.closeSession();
        return this.state;
      case 'rows': {
        const s = this.need();
        const { from, count } = req.params;
        try {
          const shown = this.order ?? this.view;
          const rows = shown ? await s.rowsAt(shown.subarray(from, from + count)) : await s.rows(from, count);
          return { from, rows };
        } catch (e) {
          // The capture was closed or replaced meanwhile: the renderer is about to hear about it.
          if (this.session !== s) return { from, rows: [] };
          throw e;
        }
      }
      case 'packet':
        return this.need().packet(req.params.number);
      case 'filter':
        return this.applyFilter(req.params.text);
      case 'cancelFilter': {
        const s = this.need();
        s.cancelFilter();
        return { cancelled: true };
      }
      case 'checkFilter':
        return checkDisplayFilter(req.params.text);
      case 'complete':
        return completeDisplayFilter(req.params.text, req.params.cursor);
      case 'insight':
        return this.insight();
      case 'ioGraph':
        return this.ioGraph(req.params.filter);
      case 'locate': {
        const s = this.need();
        const i = req.params.number - 1;
        if (i >= s.packetCount) return { row: -1 };
        if (this.order) return { row: this.order.indexOf(i) };
        return { row: this.view ? binarySearch(this.view, i) : i };
      }
      case 'tlsKeys':
        return this.tlsKeys;
      case 'addKeyLog':
        this.needUpload();
        return this.addKeyLogText(req.params.name || 'key log', req.params.text);
      case 'addRsaKey':
        this.needUpload();
        return this.addRsaKeyPem(req.params.name || 'RSA key', req.params.pem, req.params.password);
      case 'clearTlsKeys':
        return this.setTlsKeys(emptyTlsKeyConfig());
      case 'tlsSummary': {
        const s = this.need();
        await s.indexed;
        return s.tlsSummary();
      }
      case 'followTls':
        return this.need().followTls(req.params.number);
      case 'sort':
        return this.applySort(req.params.column, req.params.descending);
      case 'export':
        return this.exportTo(req.params.format, req.params.range);
      case 'interfaces':
        return listCaptureInterfaces();
      case 'startCapture':
        return this.startCapture(req.params.iface, req.params.filter ?? '');
      case 'stopCapture': {
        if (!this.capture) throw new RequestError({ message: 'No live capture is running.' });
        return this.capture.stop();
      }
    }
  }

  /** Orders the view by a column (null: frame order); the worker sorts, so it scales to a million rows. */
  private async applySort(column: SortColumn | null, descending: boolean): Promise<MethodResults['sort']> {
    const s = this.need();
    const started = performance.now();
    // A filter applied while the worker sorts replaces the view: sort the new one.
    let view: Uint32Array | null;
    let order: Uint32Array | null;
    do {
      view = this.view;
      order = column ? await s.sort(column, descending, view) : null;
    } while (this.session === s && this.view !== view);
    if (this.session !== s) throw new RequestError({ message: 'The capture was closed.' });
    this.order = order;
    this.sortKey = column ? { column, descending } : null;
    const displayed = this.state.displayed;
    this.event({ type: 'count', total: s.packetCount, displayed, filter: this.filterText });
    return { column, descending, displayed, elapsedMs: performance.now() - started };
  }

  /** The sorted order of a new view, when the list is sorted. */
  private sortedView(s: CaptureSession, view: Uint32Array | null): Promise<Uint32Array | null> {
    const k = this.sortKey;
    return k ? s.sort(k.column, k.descending, view) : Promise.resolve(null);
  }

  /** File → Export: writes the chosen packets where the exportTarget hook says. */
  private async exportTo(format: ExportFormat, range: Params<'export'>['range']): Promise<ExportResult> {
    const s = this.need();
    const pick = this.opts.exportTarget;
    if (!pick) throw new RequestError({ message: "Exporting isn't available here." });
    await s.indexed.catch(() => undefined);
    const keep = rangePredicate(range, { total: s.packetCount, displayed: this.view });
    if (!keep.ok) throw new RequestError({ message: keep.message });
    const stem = s.file.name.replace(/\.(pcapng|pcap|cap)$/i, '');
    const name = `${stem}-export.${EXPORT_EXTENSIONS[format]}`;
    const target = await pick(name, format);
    if (!target) return { saved: false, packets: 0, bytes: 0, name };
    try {
      const r = await exportCapture(s.file.path, target.path, format, keep.keep);
      // A download is offered under the suggested name; a saved file is named as the user chose.
      const saved = target.download ? name : (target.path.split(/[\\/]/).pop() ?? name);
      return { saved: true, packets: r.packets, bytes: r.bytes, name: saved, download: target.download };
    } catch (e) {
      if (e instanceof ExportError) throw new RequestError({ message: e.message });
      throw new RequestError({ message: `The export could not be written: ${(e as Error).message}` });
    }
  }

  /** Starts a live capture and opens its file, following it as the helper writes. */
  async startCapture(iface: string, filter: string): Promise<SessionState> {
    if (!this.opts.allowCapture) throw new RequestError({ message: 'Live capture is not available here.' });
    await this.stopCapture();
    let capture: LiveCapture;
    try {
      capture = await LiveCapture.start(iface, filter, (status) => {
        if (this.capture !== capture) return;
        this.event({ type: 'capture', status });
        this.opts.onCaptureStatus?.(status);
      });
    } catch (e) {
      throw new RequestError({ message: (e as Error).message });
    }
    try {
      await this.openPath(capture.path, { follow: true });
    } catch (e) {
      await capture.stop();
      throw e;
    }
    this.capture = capture;
    const session = this.session;
    void capture.finished.then(() => {
      if (this.session === session) session?.stopFollowing();
    });
    this.event({ type: 'capture', status: capture.status });
    this.opts.onCaptureStatus?.(capture.status);
    return this.state;
  }

  /** Stops the live capture, if one runs; the file stays open. */
  async stopCapture(): Promise<CaptureStatus | undefined> {
    return this.capture?.stop();
  }

  /** Opens a capture (replacing the open one once the new one opens) and starts indexing it. */
  async openPath(path: string, options: { follow?: boolean } = {}): Promise<SessionState> {
    const started = performance.now();
    const session = await CaptureSession.open(
      path,
      {
        onProgress: (p) => {
          if (this.session !== session) return;
          this.event({ type: 'progress', phase: 'index', done: p.done, total: p.total, packets: p.packets });
          this.event({
            type: 'count',
            total: p.packets,
            displayed: this.view ? this.view.length : p.packets,
            filter: this.filterText,
          });
        },
        onIndexed: (s) => {
          if (this.session !== session) return;
          this.loadMs = performance.now() - started;
          this.warning = s.warning;
          this.event({ type: 'indexed', total: s.total, elapsedMs: this.loadMs, warning: s.warning });
        },
        onError: (error) => {
          if (this.session === session) this.event({ type: 'error', error });
        },
        onLiveMatches: (matches, total, filterId) => {
          if (this.session !== session || !this.view || filterId !== this.viewFilterId) return;
          this.view = appended(this.view, matches);
          this.event({ type: 'count', total, displayed: this.view.length, filter: this.filterText });
        },
      },
      { follow: options.follow, keys: this.tlsKeyConfig },
    );
    if (this.disposed) {
      await session.close();
      throw new RequestError({ message: 'The connection was closed.' });
    }
    await this.closeSession();
    this.session = session;
    this.path = path;
    this.insightCache = undefined;
    this.view = null;
    this.order = null;
    this.sortKey = null;
    this.filterText = '';
    this.loadMs = null;
    this.warning = null;
    if (!options.follow) this.opts.onOpened?.(path);
    this.event({ type: 'opened', file: session.file });
    void this.pushFirstRows(session);
    return this.state;
  }

  /** Sends the first page of a capture just opened as soon as the worker has indexed some of it. */
  private async pushFirstRows(session: CaptureSession): Promise<void> {
    let rows;
    try {
      rows = await session.rows(0, FIRST_ROWS_PUSHED);
    } catch {
      return; // closed meanwhile: the renderer asks for rows itself when it needs them
    }
    if (this.session === session && !this.view && !this.order) this.event({ type: 'rows', from: 0, rows });
  }

  private async applyFilter(text: string): Promise<MethodResults['filter']> {
    const s = this.need();
    if (text.trim() === '') {
      s.cancelFilter();
      this.order = await this.sortedView(s, null);
      this.view = null;
      this.filterText = '';
      this.event({ type: 'count', total: s.packetCount, displayed: s.packetCount, filter: '' });
      return { text: '', displayed: s.packetCount, total: s.packetCount, elapsedMs: 0, cancelled: false };
    }
    let outcome;
    let filterId: number | undefined;
    try {
      const pending = s.filter(text, (done, total) =>
        this.event({ type: 'progress', phase: 'filter', done, total, packets: total }),
      );
      filterId = s.lastFilterId;
      outcome = await pending;
    } catch (e) {
      if (this.session !== s) return { text, displayed: 0, total: 0, elapsedMs: 0, cancelled: true };
      throw e;
    }
    if (outcome.error) throw new RequestError(outcome.error);
    if (outcome.cancelled || this.session !== s)
      return { text, displayed: this.state.displayed, total: s.packetCount, elapsedMs: 0, cancelled: true };
    const order = await this.sortedView(s, outcome.matches);
    if (this.session !== s)
      return { text, displayed: this.state.displayed, total: s.packetCount, elapsedMs: 0, cancelled: true };
    this.order = order;
    this.view = outcome.matches;
    this.viewFilterId = filterId;
    this.filterText = text;
    this.event({ type: 'count', total: outcome.total, displayed: outcome.matches.length, filter: text });
    return {
      text,
      displayed: outcome.matches.length,
      total: outcome.total,
      elapsedMs: outcome.elapsedMs,
      cancelled: false,
    };
  }

  private ioGraph(text: string): IoSeries {
    const whole = this.insight().io;
    const compiled = compileDisplayFilter(text);
    if (!compiled.ok) throw new RequestError({ message: compiled.message });
    return computeFilteredIoGraph(this.path, compiled.filter, whole);
  }

  private insight(): InsightResult {
    this.need();
    this.insightCache ??= computeInsight(this.path);
    return this.insightCache;
  }

  private async closeSession(): Promise<void> {
    const capture = this.capture;
    if (capture) {
      this.capture = undefined;
      await capture.stop();
      this.opts.onCaptureStatus?.(undefined);
    }
    const s = this.session;
    if (!s) {
      capture?.discard();
      return;
    }
    this.session = undefined;
    this.view = null;
    this.order = null;
    this.sortKey = null;
    this.filterText = '';
    this.loadMs = null;
    this.warning = null;
    await s.close();
    // A live capture's file lives in a private temporary folder: it goes with the session (Save As keeps a copy).
    capture?.discard();
    this.event({ type: 'closed' });
  }

  /** Closes the capture; no more messages are sent. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.closeSession();
  }
}
