/**
 * HTTP/2 (RFC 9113) as a stream protocol: the connection preface, then 9-byte-header frames, each its own
 * "HyperText Transfer Protocol 2" tree and `TYPE[stream]` Info item as in Wireshark; HEADERS blocks are decoded
 * with HPACK so requests and responses show as `HEADERS[1]: GET /` and `HEADERS[1]: 200 OK`.
 */
import { slice, u16, u24, u32, u8 } from '../bytes.ts';
import { appendInfo, clearInfoOnce, type PacketContext } from './context.ts';
import { declareFields } from './fields.ts';
import { HTTP_STATUS_PHRASES } from './http.ts';
import { HpackDecoder } from './hpack.ts';
import type { StreamInfo, StreamProtocol, StreamResult } from './stream.ts';
import type { FieldNode } from './tree.ts';

const FRAME_TYPES: ReadonlyMap<number, string> = new Map([
  [0, 'DATA'],
  [1, 'HEADERS'],
  [2, 'PRIORITY'],
  [3, 'RST_STREAM'],
  [4, 'SETTINGS'],
  [5, 'PUSH_PROMISE'],
  [6, 'PING'],
  [7, 'GOAWAY'],
  [8, 'WINDOW_UPDATE'],
  [9, 'CONTINUATION'],
  [10, 'ALTSVC'],
  [11, 'BLOCKED'],
  [12, 'ORIGIN'],
  [16, 'PRIORITY_UPDATE'],
]);

const SETTINGS: ReadonlyMap<number, string> = new Map([
  [1, 'Header table size'],
  [2, 'Enable PUSH'],
  [3, 'Max concurrent streams'],
  [4, 'Initial Windows size'],
  [5, 'Max frame size'],
  [6, 'Max header list size'],
  [8, 'Extended CONNECT protocol'],
  [9, 'No RFC 7540 priorities'],
]);

const ERRORS: ReadonlyMap<number, string> = new Map([
  [0, 'NO_ERROR'],
  [1, 'PROTOCOL_ERROR'],
  [2, 'INTERNAL_ERROR'],
  [3, 'FLOW_CONTROL_ERROR'],
  [4, 'SETTINGS_TIMEOUT'],
  [5, 'STREAM_CLOSED'],
  [6, 'FRAME_SIZE_ERROR'],
  [7, 'REFUSED_STREAM'],
  [8, 'CANCEL'],
  [9, 'COMPRESSION_ERROR'],
  [10, 'CONNECT_ERROR'],
  [11, 'ENHANCE_YOUR_CALM'],
  [12, 'INADEQUATE_SECURITY'],
  [13, 'HTTP_1_1_REQUIRED'],
]);

const F = declareFields({
  http2: { name: 'HyperText Transfer Protocol 2', type: 'protocol' },
  'http2.stream': { name: 'Stream', type: 'none' },
  'http2.magic': { name: 'Magic', type: 'string' },
  'http2.length': { name: 'Length', type: 'uint24' },
  'http2.type': { name: 'Type', type: 'uint8', strings: FRAME_TYPES },
  'http2.flags': { name: 'Flags', type: 'uint8', base: 'hex' },
  'http2.flags.end_stream': { name: 'End Stream', type: 'boolean', bitmask: 0x01, bitWidth: 8 },
  'http2.flags.eh': { name: 'End Headers', type: 'boolean', bitmask: 0x04, bitWidth: 8 },
  'http2.flags.ack.settings': { name: 'ACK', type: 'boolean', bitmask: 0x01, bitWidth: 8 },
  'http2.streamid': { name: 'Stream Identifier', type: 'uint32' },
  'http2.pad_length': { name: 'Pad Length', type: 'uint8' },
  'http2.data.data': { name: 'Data', type: 'bytes' },
  'http2.headers': { name: 'Header Block Fragment', type: 'bytes' },
  'http2.header.length': { name: 'Header Length', type: 'uint32' },
  'http2.header.count': { name: 'Header Count', type: 'uint32' },
  'http2.header': { name: 'Header', type: 'none' },
  'http2.header.name': { name: 'Name', type: 'string' },
  'http2.header.value': { name: 'Value', type: 'string' },
  'http2.header.repr': { name: 'Representation', type: 'string' },
  'http2.header.index': { name: 'Index', type: 'uint32' },
  'http2.header_table_size_update': { name: 'Header table size update', type: 'none' },
  'http2.headers.method': { name: ':method', type: 'string' },
  'http2.headers.path': { name: ':path', type: 'string' },
  'http2.headers.status': { name: ':status', type: 'string' },
  'http2.headers.authority': { name: ':authority', type: 'string' },
  'http2.headers.scheme': { name: ':scheme', type: 'string' },
  'http2.settings': { name: 'Settings', type: 'none' },
  'http2.settings.id': { name: 'Settings Identifier', type: 'uint16', strings: SETTINGS },
  'http2.settings.value': { name: 'Value', type: 'uint32' },
  'http2.window_update.window_size_increment': { name: 'Window Size Increment', type: 'uint32' },
  'http2.rst_stream.error': { name: 'Error', type: 'uint32', strings: ERRORS },
  'http2.goaway.last_stream_id': { name: 'Promised-Stream-ID', type: 'uint32' },
  'http2.goaway.error': { name: 'Error', type: 'uint32', strings: ERRORS },
  'http2.ping': { name: 'Ping', type: 'bytes' },
  'http2.push_promise.promised_stream_id': { name: 'Promised-Stream-ID', type: 'uint32' },
  'http2.body.reassembled.length': { name: 'Reassembled body length', type: 'uint32' },
});

const PREFACE = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';

interface StreamState {
  contentType: string;
  bodyLen: number;
  /** Header block fragments of a HEADERS/PUSH_PROMISE awaiting CONTINUATION. */
  headerParts: Uint8Array[];
}

interface Http2Conv {
  prefaceChecked: [boolean, boolean];
  hpack: [HpackDecoder, HpackDecoder];
  streams: Map<string, StreamState>;
}

function convOf(info: StreamInfo): Http2Conv {
  let c = info.convState.get('http2') as Http2Conv | undefined;
  if (!c) {
    c = {
      prefaceChecked: [false, false],
      hpack: [new HpackDecoder(), new HpackDecoder()],
      streams: new Map(),
    };
    info.convState.set('http2', c);
  }
  return c;
}

function streamOf(c: Http2Conv, dir: number, id: number): StreamState {
  const key = `${dir}:${id}`;
  let s = c.streams.get(key);
  if (!s) c.streams.set(key, (s = { contentType: '', bodyLen: 0, headerParts: [] }));
  return s;
}

function latin1(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(b[o + i]!);
  return s;
}

function start(pkt: PacketContext): void {
  clearInfoOnce(pkt);
  pkt.cols.protocol = 'HTTP2';
  if (!pkt.protocols.includes('http2')) pkt.protocols.push('http2');
}

function dissectHttp2(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
): StreamResult {
  const c = convOf(info);
  const dir = info.direction;
  const end = offset + length;
  let o = offset;
  if (!c.prefaceChecked[dir]) {
    const n = Math.min(PREFACE.length, end - o);
    if (latin1(b, o, n) === PREFACE.slice(0, n)) {
      if (n < PREFACE.length) return { consumed: 0, needMore: PREFACE.length - n };
      c.prefaceChecked[dir] = true;
      start(pkt);
      const root = pkt.tree.add(parent, F.http2, o, PREFACE.length, undefined);
      pkt.tree.add(root, F['http2.magic'], o, PREFACE.length, 'PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n', {
        label: 'Magic: PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n',
      });
      appendInfo(pkt, ', ', 'Magic');
      o += PREFACE.length;
    } else c.prefaceChecked[dir] = true;
  }
  while (o < end) {
    if (end - o < 9) return { consumed: o - offset, needMore: 9 - (end - o) };
    const len = u24(b, o);
    if (end - o < 9 + len) return { consumed: o - offset, needMore: 9 + len - (end - o) };
    start(pkt);
    dissectFrame(b, o, len, pkt, parent, c, dir);
    o += 9 + len;
  }
  return { consumed: o - offset, needMore: 0 };
}

function dissectFrame(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  c: Http2Conv,
  dir: 0 | 1,
): void {
  const t = pkt.tree;
  const type = u8(b, o + 3);
  const flags = u8(b, o + 4);
  const id = u32(b, o + 5) & 0x7fffffff;
  const typeName = FRAME_TYPES.get(type) ?? `Unknown type (${type})`;
  const root = t.add(parent, F.http2, o, 9 + len, undefined);
  const st = t.add(root, F['http2.stream'], o, 9 + len, undefined, {
    label: `Stream: ${typeName}, Stream ID: ${id}, Length ${len}`,
  });
  t.add(st, F['http2.length'], o, 3, len);
  t.add(st, F['http2.type'], o + 3, 1, type);
  const fl = t.add(st, F['http2.flags'], o + 4, 1, flags);
  if (type === 0 || type === 1) t.add(fl, F['http2.flags.end_stream'], o + 4, 1, (flags & 1) !== 0);
  if (type === 1 || type === 5 || type === 9) t.add(fl, F['http2.flags.eh'], o + 4, 1, (flags & 4) !== 0);
  if (type === 4 || type === 6) t.add(fl, F['http2.flags.ack.settings'], o + 4, 1, (flags & 1) !== 0);
  t.add(st, F['http2.streamid'], o + 5, 4, id);
  let info = `${typeName}[${id}]`;
  const p = o + 9;
  const end = p + len;
  // Padded DATA, HEADERS and PUSH_PROMISE frames start with a pad length.
  const padded = (type === 0 || type === 1 || type === 5) && (flags & 0x08) !== 0 && len > 0;
  const pad = padded ? u8(b, p) : 0;
  if (padded) t.add(st, F['http2.pad_length'], p, 1, pad);
  let q = padded ? p + 1 : p;
  const bodyEnd = Math.max(q, end - pad);
  switch (type) {
    case 0: {
      const s = streamOf(c, dir, id);
      const n = bodyEnd - q;
      if (n > 0) t.add(st, F['http2.data.data'], q, n, slice(b, q, n));
      s.bodyLen += n;
      if (flags & 1 && s.bodyLen > 0) {
        t.add(st, F['http2.body.reassembled.length'], q, 0, s.bodyLen, { generated: true });
        info += mediaInfo(pkt, s.contentType);
      }
      break;
    }
    case 1:
    case 5: {
      if (type === 1 && flags & 0x20) q += 5; // priority fields
      if (type === 5) {
        t.add(st, F['http2.push_promise.promised_stream_id'], q, 4, u32(b, q) & 0x7fffffff);
        q += 4;
      }
      const s = streamOf(c, dir, type === 5 ? u32(b, q - 4) & 0x7fffffff : id);
      s.headerParts = [slice(b, q, bodyEnd - q)];
      t.add(st, F['http2.headers'], q, bodyEnd - q, slice(b, q, bodyEnd - q), {
        label: `Header Block Fragment: ${shortHex(b, q, bodyEnd - q)}`,
      });
      if (flags & 4) info += headerBlock(pkt, st, c, dir, s, q);
      break;
    }
    case 9: {
      const s = streamOf(c, dir, id);
      s.headerParts.push(slice(b, p, len));
      if (flags & 4) info += headerBlock(pkt, st, c, dir, s, p);
      break;
    }
    case 3:
      if (len >= 4) t.add(st, F['http2.rst_stream.error'], p, 4, u32(b, p));
      break;
    case 4:
      for (let k = p; k + 6 <= end; k += 6) {
        const sid = u16(b, k);
        const v = u32(b, k + 2);
        const node = t.add(st, F['http2.settings'], k, 6, undefined, {
          label: `Settings - ${SETTINGS.get(sid) ?? 'Unknown'} : ${v}`,
        });
        t.add(node, F['http2.settings.id'], k, 2, sid);
        t.add(node, F['http2.settings.value'], k + 2, 4, v);
      }
      break;
    case 6:
      t.add(st, F['http2.ping'], p, len, slice(b, p, len));
      break;
    case 7:
      if (len >= 8) {
        t.add(st, F['http2.goaway.last_stream_id'], p, 4, u32(b, p) & 0x7fffffff);
        t.add(st, F['http2.goaway.error'], p + 4, 4, u32(b, p + 4));
      }
      break;
    case 8:
      if (len >= 4) t.add(st, F['http2.window_update.window_size_increment'], p, 4, u32(b, p) & 0x7fffffff);
      break;
  }
  appendInfo(pkt, ', ', info);
}

/** Decodes a complete header block; returns what Info shows after the frame name (`: GET /`, `: 200 OK`). */
function headerBlock(pkt: PacketContext, st: FieldNode, c: Http2Conv, dir: 0 | 1, s: StreamState, at: number): string {
  const t = pkt.tree;
  const parts = s.headerParts;
  s.headerParts = [];
  let n = 0;
  for (const part of parts) n += part.length;
  const block = new Uint8Array(n);
  n = 0;
  for (const part of parts) {
    block.set(part, n);
    n += part.length;
  }
  const decoded = c.hpack[dir].decode(block);
  let size = 0;
  for (const h of decoded.headers) size += h.name.length + h.value.length + 32;
  t.add(st, F['http2.header.length'], at, 0, size, { generated: true });
  t.add(st, F['http2.header.count'], at, 0, decoded.headers.length, { generated: true });
  for (const u of decoded.sizeUpdates)
    t.add(st, F['http2.header_table_size_update'], at, 0, undefined, { label: `Header table size update: ${u}` });
  let method = '';
  let path = '';
  let status = '';
  for (const h of decoded.headers) {
    const hn = t.add(st, F['http2.header'], at, 0, undefined, { label: `Header: ${h.name}: ${h.value}` });
    t.add(hn, F['http2.header.name'], at, 0, h.name);
    t.add(hn, F['http2.header.value'], at, 0, h.value);
    const special =
      h.name === ':method'
        ? F['http2.headers.method']
        : h.name === ':path'
          ? F['http2.headers.path']
          : h.name === ':status'
            ? F['http2.headers.status']
            : h.name === ':authority'
              ? F['http2.headers.authority']
              : h.name === ':scheme'
                ? F['http2.headers.scheme']
                : undefined;
    if (special) t.add(hn, special, at, 0, h.value);
    t.add(hn, F['http2.header.repr'], at, 0, h.representation);
    if (h.index) t.add(hn, F['http2.header.index'], at, 0, h.index);
    if (h.name === ':method') method = h.value;
    else if (h.name === ':path') path = h.value;
    else if (h.name === ':status') status = h.value;
    else if (h.name === 'content-type') s.contentType = h.value.split(';')[0]!.trim().toLowerCase();
  }
  if (decoded.error) pkt.notes.push({ severity: 'warn', group: 'malformed', message: `HPACK: ${decoded.error}` });
  if (method) return `: ${method}${path ? ' ' + path : ''}`;
  if (status) {
    // The reason phrase Wireshark appends to a `:status` in Info.
    const reason = HTTP_STATUS_PHRASES.get(Number(status));
    return `: ${status}${reason ? ' ' + reason : ''}`;
  }
  return '';
}

const TEXT_TYPES = new Set(['text/plain', 'text/html', 'text/css', 'text/javascript', 'application/x-javascript']);

/** What the body's media dissector adds to Info once the stream's body is complete. */
function mediaInfo(pkt: PacketContext, type: string): string {
  if (!type) return '';
  if (TEXT_TYPES.has(type)) return ` (${type})`;
  if (type === 'application/json') return `, JavaScript Object Notation (${type})`;
  if (type.endsWith('+xml') || type.endsWith('/xml')) {
    pkt.cols.protocol += '/XML';
    return '';
  }
  if (type === 'image/png') return ' (PNG)';
  if (type === 'image/jpeg') return ' (JPEG JFIF image)';
  if (type === 'application/octet-stream') return '';
  return ` (${type})`;
}

function shortHex(b: Uint8Array, o: number, len: number): string {
  let s = '';
  for (let i = 0; i < Math.min(len, 36); i++) s += b[o + i]!.toString(16).padStart(2, '0');
  return len > 36 ? s + '…' : s;
}

export const http2Stream: StreamProtocol = { name: 'http2', dissect: dissectHttp2 };
