/**
 * The one protocol between the renderer and the backend, carried by Electron IPC (through the preload script) or
 * by a WebSocket (serve mode). The renderer sends requests `{ id, method, params }`; the backend answers each with a
 * response `{ kind: 'response', id, ok, result | error }` and pushes events `{ kind: 'event', event }`.
 *
 * Every message from the renderer is checked with `parseRequest` before it reaches the backend: the renderer is
 * treated as untrusted (it renders bytes from capture files).
 */
import { z } from 'zod';
import type { FollowTlsStream, TlsDecryptionSummary, TlsKeysState } from './tls.ts';
import { MAX_KEYLOG_BYTES, MAX_PEM_BYTES } from './tls.ts';

export type * from './tls.ts';
import type { InsightResult } from './insight.ts';
import type { IoSeries } from '../analysis/io-graph.ts';
import { EXPORT_FORMATS, type ExportFormat } from './export-formats.ts';

// ---- Data carried by responses and events ------------------------------------------------------------------------

/** One row of the packet list: Wireshark's default columns. */
export interface Row {
  /** 1-based frame number (the No. column). */
  number: number;
  /** Seconds since the first packet, as shown in the Time column. */
  time: string;
  src: string;
  dst: string;
  protocol: string;
  /** Frame length on the wire (the Length column). */
  length: number;
  info: string;
  /** Which of Wireshark's default colouring rules the packet matches ('' for none). */
  color: RowColor;
}

export type RowColor =
  '' | 'bad-tcp' | 'arp' | 'icmp' | 'tcp-rst' | 'http' | 'tcp-syn-fin' | 'tcp' | 'udp' | 'broadcast';

/** One line of the detail tree (hidden fields are left out). */
export interface TreeNode {
  label: string;
  /** The field's filter name (`tls.handshake.type`); absent for text-only lines. */
  abbrev?: string;
  /** The field's value as tshark -T fields prints it, when the field has one. */
  value?: string;
  /** Byte range in data source `source` (0 = the frame, n = `sources[n - 1]`). */
  offset: number;
  length: number;
  source: number;
  /** Generated fields (Wireshark's `[...]`) are computed rather than read from bytes. */
  generated?: boolean;
  children?: TreeNode[];
}

/** A data source besides the frame: reassembled TCP payload and the like. */
export interface ByteSourceView {
  name: string;
  /** The bytes as lower-case hex (compact in JSON, no binary frames needed). */
  hex: string;
}

/** A TLS alert in a packet, for the alert decoder. */
export interface AlertInfo {
  /** Record in the packet (0-based order of alerts in the packet). */
  index: number;
  encrypted: boolean;
  /** Level 1 = warning, 2 = fatal; absent when encrypted. */
  level?: number;
  levelName?: string;
  /** Description code and name (`handshake_failure`); absent when encrypted. */
  code?: number;
  description?: string;
  /** Who sent it, e.g. "client (10.0.0.1:50000)" / "server (10.0.0.2:443)". */
  sender: string;
  senderRole: 'client' | 'server' | 'unknown';
  /** Where in the connection it was sent, for encrypted alerts' best guess. */
  afterApplicationData: boolean;
  /** True when no later packet of the connection carries TLS. */
  lastTlsRecord: boolean;
  /** True when the sender closes the TCP connection (FIN or RST) right after. */
  followedByClose: boolean;
  /** Byte range of the alert message, for highlighting. */
  offset: number;
  length: number;
  source: number;
}

export interface PacketDetail {
  number: number;
  tree: TreeNode[];
  /** The frame's bytes as lower-case hex. */
  frameHex: string;
  sources: ByteSourceView[];
  alerts: AlertInfo[];
  malformed: boolean;
  /** Time taken to re-dissect it (ms). */
  elapsedMs: number;
}

export interface FileInfo {
  /** File name without folders. */
  name: string;
  /** Full path on the machine running the backend. */
  path: string;
  size: number;
  format: 'pcap' | 'pcapng';
}

export interface Problem {
  message: string;
  /** Byte offset in the file where the problem was found. */
  offset?: number;
  /** For display-filter errors: 0-based position and length in the filter text. */
  column?: number;
  length?: number;
}

export interface FilterCheck {
  /** `deprecated`: valid but uses an old name such as `ssl` (Wireshark's yellow). */
  status: 'empty' | 'valid' | 'deprecated' | 'invalid';
  message?: string;
  /** 0-based position and length of the error in the text. */
  column?: number;
  length?: number;
}

export interface Completion {
  label: string;
  detail: string;
}

/** A network interface that can be captured on (live capture). */
export interface CaptureInterface {
  name: string;
  description: string;
  addresses: string[];
  loopback: boolean;
  up: boolean;
}

/** The live capture behind the open file, if any. */
export interface CaptureStatus {
  state: 'running' | 'stopped' | 'failed';
  iface: string;
  /** BPF capture filter ('' for none). */
  filter: string;
  captured: number;
  dropped: number;
  /** Why it failed or stopped early. */
  message?: string;
}

export interface SessionState {
  file: FileInfo | null;
  total: number;
  displayed: number;
  indexing: boolean;
  filter: string;
  loadMs: number | null;
  warning: Problem | null;
  /** Whether `open` with a path is allowed on this transport (serve mode: yes; Electron: paths come from the menu). */
  canOpenPath: boolean;
  /** The live capture writing the open file, when it came from one. */
  capture?: CaptureStatus;
}

/** Packet-list columns the backend can sort by (the keys of `Row` that are shown). */
export const SORT_COLUMNS = ['number', 'time', 'src', 'dst', 'protocol', 'length', 'info'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** Formats of File → Export: packets as pcap/pcapng, dissections as CSV (tshark -T fields) or JSON (-T json). */
export { EXPORT_FORMATS, type ExportFormat };

/** Which packets to export (Wireshark's "Packet Range"); `range` is text such as `1-10,15,20-`. */
export type PacketRange =
  { kind: 'all' } | { kind: 'displayed' } | { kind: 'selected'; number: number } | { kind: 'range'; text: string };

export interface ExportResult {
  /** False when the user cancelled the save dialog (nothing was written). */
  saved: boolean;
  packets: number;
  bytes: number;
  /** File name the export was saved under (or is offered as for download). */
  name: string;
  /** Serve mode: the URL path the browser downloads the export from, once. */
  download?: string;
}

// ---- Requests --------------------------------------------------------------------------------------------------

const MAX_PACKETS = 0xffffffff;
const packetNumber = z.number().int().min(1).max(MAX_PACKETS);
const rowIndex = z.number().int().min(0).max(MAX_PACKETS);

export const MAX_ROWS_PER_REQUEST = 2000;
export const MAX_FILTER_LENGTH = 8192;
export const MAX_PATH_LENGTH = 4096;
export const MAX_RANGE_LENGTH = 1024;
export const MAX_INTERFACE_NAME = 256;

const paramsSchemas = {
  state: z.strictObject({}),
  open: z.strictObject({ path: z.string().min(1).max(MAX_PATH_LENGTH) }),
  close: z.strictObject({}),
  rows: z.strictObject({ from: rowIndex, count: z.number().int().min(0).max(MAX_ROWS_PER_REQUEST) }),
  packet: z.strictObject({ number: packetNumber }),
  filter: z.strictObject({ text: z.string().max(MAX_FILTER_LENGTH) }),
  cancelFilter: z.strictObject({}),
  checkFilter: z.strictObject({ text: z.string().max(MAX_FILTER_LENGTH) }),
  complete: z.strictObject({
    text: z.string().max(MAX_FILTER_LENGTH),
    cursor: z.number().int().min(0).max(MAX_FILTER_LENGTH),
  }),
  locate: z.strictObject({ number: packetNumber }),
  sort: z.strictObject({ column: z.enum(SORT_COLUMNS).nullable(), descending: z.boolean() }),
  export: z.strictObject({
    format: z.enum(EXPORT_FORMATS),
    range: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('all') }),
      z.strictObject({ kind: z.literal('displayed') }),
      z.strictObject({ kind: z.literal('selected'), number: packetNumber }),
      z.strictObject({ kind: z.literal('range'), text: z.string().min(1).max(MAX_RANGE_LENGTH) }),
    ]),
  }),
  // TLS keys: names and counts come back, never the keys. Uploads are for serve mode (the desktop app's main
  // process reads the files the user picks in its own dialog).
  tlsKeys: z.strictObject({}),
  addKeyLog: z.strictObject({ name: z.string().max(256), text: z.string().min(1).max(MAX_KEYLOG_BYTES) }),
  addRsaKey: z.strictObject({
    name: z.string().max(256),
    pem: z.string().min(1).max(MAX_PEM_BYTES),
    password: z.string().max(1024),
  }),
  clearTlsKeys: z.strictObject({}),
  tlsSummary: z.strictObject({}),
  followTls: z.strictObject({ number: packetNumber }),
  insight: z.strictObject({}),
  ioGraph: z.strictObject({ filter: z.string().min(1).max(MAX_FILTER_LENGTH) }),
  interfaces: z.strictObject({}),
  startCapture: z.strictObject({
    iface: z.string().min(1).max(MAX_INTERFACE_NAME),
    filter: z.string().max(MAX_FILTER_LENGTH).optional(),
  }),
  stopCapture: z.strictObject({}),
} as const;

export type Method = keyof typeof paramsSchemas;
export const METHODS = Object.keys(paramsSchemas) as Method[];

/** What each method takes and returns. */
export interface MethodResults {
  state: SessionState;
  open: SessionState;
  close: SessionState;
  /** Rows of the current view (all packets, or those the filter matched) from position `from`. */
  rows: { from: number; rows: Row[] };
  packet: PacketDetail;
  filter: { text: string; displayed: number; total: number; elapsedMs: number; cancelled: boolean };
  cancelFilter: { cancelled: boolean };
  checkFilter: FilterCheck;
  complete: { from: number; items: Completion[] };
  /** Position of a packet in the current view, or -1 when it isn't displayed (or doesn't exist). */
  locate: { row: number };
  /** The view's new order (column null = frame order); rows are then served in that order. */
  sort: { column: SortColumn | null; descending: boolean; displayed: number; elapsedMs: number };
  export: ExportResult;
  tlsKeys: TlsKeysState;
  addKeyLog: TlsKeysState;
  addRsaKey: TlsKeysState;
  clearTlsKeys: TlsKeysState;
  /** How decryption went over the open capture (after indexing). */
  tlsSummary: TlsDecryptionSummary;
  /** The TLS records of a packet's TCP connection (Follow TLS Stream). */
  followTls: FollowTlsStream;
  /** TLS sessions, weak-crypto findings and statistics of the whole capture. */
  insight: InsightResult;
  /** The I/O graph of the packets a display filter matches, on the same intervals as the insight's. */
  ioGraph: IoSeries;
  /** Capture interfaces; `available: false` with a one-line `message` when live capture can't run here. */
  interfaces: { available: boolean; message?: string; interfaces: CaptureInterface[] };
  /** Starts capturing into a new file that is opened and followed as it grows. */
  startCapture: SessionState;
  stopCapture: CaptureStatus;
}

export type Params<M extends Method> = z.infer<(typeof paramsSchemas)[M]>;

const requestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

function requestOf<M extends Method>(method: M) {
  return z.strictObject({ id: requestId, method: z.literal(method), params: paramsSchemas[method] });
}

const requestSchema = z.discriminatedUnion('method', [
  requestOf('state'),
  requestOf('open'),
  requestOf('close'),
  requestOf('rows'),
  requestOf('packet'),
  requestOf('filter'),
  requestOf('cancelFilter'),
  requestOf('checkFilter'),
  requestOf('complete'),
  requestOf('locate'),
  requestOf('sort'),
  requestOf('export'),
  requestOf('tlsKeys'),
  requestOf('addKeyLog'),
  requestOf('addRsaKey'),
  requestOf('clearTlsKeys'),
  requestOf('tlsSummary'),
  requestOf('followTls'),
  requestOf('insight'),
  requestOf('ioGraph'),
  requestOf('interfaces'),
  requestOf('startCapture'),
  requestOf('stopCapture'),
]);

/** A validated request from the renderer. */
export type Request = z.infer<typeof requestSchema>;

export type ParseResult = { ok: true; request: Request } | { ok: false; id: number | null; message: string };

/** Validates one message from the renderer. Never throws. */
export function parseRequest(raw: unknown): ParseResult {
  const r = requestSchema.safeParse(raw);
  if (r.success) return { ok: true, request: r.data };
  const id =
    typeof raw === 'object' && raw !== null && 'id' in raw && requestId.safeParse((raw as { id: unknown }).id).success
      ? (raw as { id: number }).id
      : null;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, id, message: `Invalid request${where}: ${issue?.message ?? 'malformed message'}` };
}

/** Parses a text frame (WebSocket) as JSON, then validates it. */
export function parseRequestText(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'Invalid request: not JSON' };
  }
  return parseRequest(raw);
}

// ---- Responses and events --------------------------------------------------------------------------------------

export type Response =
  | { [M in Method]: { kind: 'response'; id: number; ok: true; method: M; result: MethodResults[M] } }[Method]
  | { kind: 'response'; id: number | null; ok: false; error: Problem };

export type BackendEvent =
  | { type: 'opened'; file: FileInfo }
  /** Indexing or filtering progress; `done`/`total` are bytes for indexing and packets for filtering. */
  | { type: 'progress'; phase: 'index' | 'filter'; done: number; total: number; packets: number }
  /** The packet list grew (while indexing) or the view changed (filter applied or cleared). */
  | { type: 'count'; total: number; displayed: number; filter: string }
  | { type: 'indexed'; total: number; elapsedMs: number; warning: Problem | null }
  /**
   * The first rows of a capture just opened, pushed as soon as they are indexed so the list can paint them without
   * asking (they are rows `from`.. of the unfiltered, unsorted view).
   */
  | { type: 'rows'; from: number; rows: Row[] }
  | { type: 'closed' }
  /** The Electron menu asks the renderer to pick the packets to export in `format` (it then sends `export`). */
  | { type: 'exportRequested'; format: ExportFormat }
  /** The TLS keys changed (the open capture is being indexed again with them). */
  | { type: 'tlsKeys'; state: TlsKeysState }
  /** The desktop app's menu asks the renderer to show Preferences → TLS. */
  | { type: 'showTlsPreferences' }
  /** A problem not tied to one request (e.g. the file became unreadable while indexing). */
  | { type: 'error'; error: Problem }
  /** Live capture counts and state changes (about twice a second while running). */
  | { type: 'capture'; status: CaptureStatus }
  /** The app menu asks for the capture dialog (Capture > Interfaces…). */
  | { type: 'captureDialog' };

export type ServerMessage = Response | { kind: 'event'; event: BackendEvent };
