/**
 * HTTP/1.x over TCP as a stream protocol (headers reassembled until the empty line, bodies by Content-Length, chunked
 * encoding or the end of the connection), and the same message parser for datagram users (SSDP). Data that does not
 * start like HTTP is left to TCP exactly as tshark leaves it: before any HTTP message the segment is swallowed
 * silently (no tree, TCP's Info), after one it is shown as `Continuation`.
 */
import { slice, utf8Text } from '../bytes.ts';
import { clearInfoOnce, type Dissector, type PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import { addExpert } from './expert.ts';
import { declareFields, type FieldDef } from './fields.ts';
import {
  NEED_ONE_MORE_SEGMENT,
  NEED_UNTIL_FIN,
  type StreamInfo,
  type StreamProtocol,
  type StreamResult,
} from './stream.ts';
import { tlsStream } from './tls/record.ts';
import type { FieldNode } from './tree.ts';

/** Methods tshark 4.0 recognises at the start of a request line. */
const METHODS = new Set([
  'GET',
  'PUT',
  'HEAD',
  'POST',
  'COPY',
  'LOCK',
  'MOVE',
  'POLL',
  'BCOPY',
  'BMOVE',
  'MKCOL',
  'TRACE',
  'LABEL',
  'MERGE',
  'PATCH',
  'DELETE',
  'SEARCH',
  'UNLOCK',
  'REPORT',
  'UPDATE',
  'NOTIFY',
  'BDELETE',
  'CONNECT',
  'OPTIONS',
  'CHECKIN',
  'PROPFIND',
  'CHECKOUT',
  'CCM_POST',
  'M-SEARCH',
  'SUBSCRIBE',
  'PROPPATCH',
  'BPROPFIND',
  'BPROPPATCH',
  'UNCHECKOUT',
  'MKACTIVITY',
  'MKWORKSPACE',
  'UNSUBSCRIBE',
  'RPC_CONNECT',
  'RPC_IN_DATA',
  'RPC_OUT_DATA',
  'VERSION-CONTROL',
  'BASELINE-CONTROL',
]);

/** Methods tshark treats as notifications rather than requests. */
const NOTIFICATIONS = new Set(['NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE']);

export const HTTP_STATUS_PHRASES: ReadonlyMap<number, string> = new Map([
  [100, 'Continue'],
  [101, 'Switching Protocols'],
  [102, 'Processing'],
  [103, 'Early Hints'],
  [199, 'Informational - Others'],
  [200, 'OK'],
  [201, 'Created'],
  [202, 'Accepted'],
  [203, 'Non-authoritative Information'],
  [204, 'No Content'],
  [205, 'Reset Content'],
  [206, 'Partial Content'],
  [207, 'Multi-Status'],
  [208, 'Already Reported'],
  [226, 'IM Used'],
  [299, 'Success - Others'],
  [300, 'Multiple Choices'],
  [301, 'Moved Permanently'],
  [302, 'Found'],
  [303, 'See Other'],
  [304, 'Not Modified'],
  [305, 'Use Proxy'],
  [307, 'Temporary Redirect'],
  [308, 'Permanent Redirect'],
  [399, 'Redirection - Others'],
  [400, 'Bad Request'],
  [401, 'Unauthorized'],
  [402, 'Payment Required'],
  [403, 'Forbidden'],
  [404, 'Not Found'],
  [405, 'Method Not Allowed'],
  [406, 'Not Acceptable'],
  [407, 'Proxy Authentication Required'],
  [408, 'Request Time-out'],
  [409, 'Conflict'],
  [410, 'Gone'],
  [411, 'Length Required'],
  [412, 'Precondition Failed'],
  [413, 'Request Entity Too Large'],
  [414, 'Request-URI Too Long'],
  [415, 'Unsupported Media Type'],
  [416, 'Requested Range Not Satisfiable'],
  [417, 'Expectation Failed'],
  [418, "I'm a teapot"],
  [421, 'Misdirected Request'],
  [422, 'Unprocessable Entity'],
  [423, 'Locked'],
  [424, 'Failed Dependency'],
  [425, 'Too Early'],
  [426, 'Upgrade Required'],
  [428, 'Precondition Required'],
  [429, 'Too Many Requests'],
  [431, 'Request Header Fields Too Large'],
  [451, 'Unavailable For Legal Reasons'],
  [499, 'Client Error - Others'],
  [500, 'Internal Server Error'],
  [501, 'Not Implemented'],
  [502, 'Bad Gateway'],
  [503, 'Service Unavailable'],
  [504, 'Gateway Time-out'],
  [505, 'HTTP Version not supported'],
  [506, 'Variant Also Negotiates'],
  [507, 'Insufficient Storage'],
  [508, 'Loop Detected'],
  [510, 'Not Extended'],
  [511, 'Network Authentication Required'],
  [599, 'Server Error - Others'],
]);

const F = declareFields({
  http: { name: 'Hypertext Transfer Protocol', type: 'protocol' },
  ssdp: { name: 'Simple Service Discovery Protocol', type: 'protocol' },
  'http.request': { name: 'Request', type: 'boolean' },
  'http.response': { name: 'Response', type: 'boolean' },
  'http.notification': { name: 'Notification', type: 'boolean' },
  'http.request_number': { name: 'Request number', type: 'uint32' },
  'http.response_number': { name: 'Response number', type: 'uint32' },
  'http.chat': { name: 'Formatted text', type: 'none' },
  'http.request.line': { name: 'Request line', type: 'string' },
  'http.response.line': { name: 'Response line', type: 'string' },
  'http.request.method': { name: 'Request Method', type: 'string' },
  'http.request.uri': { name: 'Request URI', type: 'string' },
  'http.request.uri.path': { name: 'Request URI Path', type: 'string' },
  'http.request.uri.query': { name: 'Request URI Query', type: 'string' },
  'http.request.uri.query.parameter': { name: 'Request URI Query Parameter', type: 'string' },
  'http.request.version': { name: 'Request Version', type: 'string' },
  'http.response.version': { name: 'Response Version', type: 'string' },
  'http.request.full_uri': { name: 'Full request URI', type: 'string' },
  'http.response.code': { name: 'Status Code', type: 'uint16' },
  'http.response.code.desc': { name: 'Status Code Description', type: 'string' },
  'http.response_for.uri': { name: 'Request URI', type: 'string' },
  'http.response.phrase': { name: 'Response Phrase', type: 'string' },
  'http.authorization': { name: 'Authorization', type: 'string' },
  'http.proxy_authenticate': { name: 'Proxy-Authenticate', type: 'string' },
  'http.proxy_authorization': { name: 'Proxy-Authorization', type: 'string' },
  'http.www_authenticate': { name: 'WWW-Authenticate', type: 'string' },
  'http.proxy_connect_host': { name: 'Proxy-Connect-Hostname', type: 'string' },
  'http.proxy_connect_port': { name: 'Proxy-Connect-Port', type: 'uint16' },
  'http.content_type': { name: 'Content-Type', type: 'string' },
  'http.content_length_header': { name: 'Content-Length', type: 'string' },
  'http.content_length': { name: 'Content length', type: 'uint64' },
  'http.content_encoding': { name: 'Content-Encoding', type: 'string' },
  'http.transfer_encoding': { name: 'Transfer-Encoding', type: 'string' },
  'http.upgrade': { name: 'Upgrade', type: 'string' },
  'http.user_agent': { name: 'User-Agent', type: 'string' },
  'http.host': { name: 'Host', type: 'string' },
  'http.connection': { name: 'Connection', type: 'string' },
  'http.cookie': { name: 'Cookie', type: 'string' },
  'http.cookie_pair': { name: 'Cookie pair', type: 'string' },
  'http.accept': { name: 'Accept', type: 'string' },
  'http.referer': { name: 'Referer', type: 'string' },
  'http.accept_language': { name: 'Accept-Language', type: 'string' },
  'http.accept_encoding': { name: 'Accept Encoding', type: 'string' },
  'http.date': { name: 'Date', type: 'string' },
  'http.cache_control': { name: 'Cache-Control', type: 'string' },
  'http.server': { name: 'Server', type: 'string' },
  'http.location': { name: 'Location', type: 'string' },
  'http.sec_websocket_accept': { name: 'Sec-WebSocket-Accept', type: 'string' },
  'http.sec_websocket_extensions': { name: 'Sec-WebSocket-Extensions', type: 'string' },
  'http.sec_websocket_key': { name: 'Sec-WebSocket-Key', type: 'string' },
  'http.sec_websocket_protocol': { name: 'Sec-WebSocket-Protocol', type: 'string' },
  'http.sec_websocket_version': { name: 'Sec-WebSocket-Version', type: 'string' },
  'http.set_cookie': { name: 'Set-Cookie', type: 'string' },
  'http.last_modified': { name: 'Last-Modified', type: 'string' },
  'http.x_forwarded_for': { name: 'X-Forwarded-For', type: 'string' },
  'http.http2_settings': { name: 'HTTP2-Settings', type: 'string' },
  'http.unknown_header': { name: 'Unknown header', type: 'string' },
  'http.request_in': { name: 'Request in frame', type: 'framenum' },
  'http.prev_request_in': { name: 'Prev request in frame', type: 'framenum' },
  'http.prev_response_in': { name: 'Prev response in frame', type: 'framenum' },
  'http.time': { name: 'Time since request', type: 'reltime' },
  'http.chunked_trailer_part': { name: 'trailer-part', type: 'string' },
  'http.chunk_boundary': { name: 'Chunk boundary', type: 'bytes' },
  'http.chunk_size': { name: 'Chunk size', type: 'uint32' },
  'http.chunk_data': { name: 'Chunk data', type: 'bytes' },
  'http.file_data': { name: 'File Data', type: 'string' },
  'http.leading_crlf': { name: 'Leading CRLF previous message in the stream may have extra CRLF', type: 'none' },
  'data-text-lines': { name: 'Line-based text data', type: 'protocol' },
  media: { name: 'Media Type', type: 'protocol' },
  'media.type': { name: 'Media type', type: 'string' },
  'urlencoded-form': { name: 'HTML Form URL Encoded', type: 'protocol' },
  'urlencoded-form.key': { name: 'Key', type: 'string' },
  'urlencoded-form.value': { name: 'Value', type: 'string' },
  json: { name: 'JavaScript Object Notation', type: 'protocol' },
  xml: { name: 'eXtensible Markup Language', type: 'protocol' },
  mime_multipart: { name: 'MIME Multipart Media Encapsulation', type: 'protocol' },
  png: { name: 'Portable Network Graphics', type: 'protocol' },
  'image-jfif': { name: 'JPEG File Interchange Format', type: 'protocol' },
});

/** Headers with their own field; every other header is `http.unknown_header`. */
const HEADER_FIELDS: ReadonlyMap<string, FieldDef> = new Map([
  ['authorization', F['http.authorization']],
  ['proxy-authenticate', F['http.proxy_authenticate']],
  ['proxy-authorization', F['http.proxy_authorization']],
  ['www-authenticate', F['http.www_authenticate']],
  ['content-type', F['http.content_type']],
  ['content-length', F['http.content_length_header']],
  ['content-encoding', F['http.content_encoding']],
  ['transfer-encoding', F['http.transfer_encoding']],
  ['upgrade', F['http.upgrade']],
  ['user-agent', F['http.user_agent']],
  ['host', F['http.host']],
  ['connection', F['http.connection']],
  ['cookie', F['http.cookie']],
  ['accept', F['http.accept']],
  ['referer', F['http.referer']],
  ['accept-language', F['http.accept_language']],
  ['accept-encoding', F['http.accept_encoding']],
  ['date', F['http.date']],
  ['cache-control', F['http.cache_control']],
  ['server', F['http.server']],
  ['location', F['http.location']],
  ['sec-websocket-accept', F['http.sec_websocket_accept']],
  ['sec-websocket-extensions', F['http.sec_websocket_extensions']],
  ['sec-websocket-key', F['http.sec_websocket_key']],
  ['sec-websocket-protocol', F['http.sec_websocket_protocol']],
  ['sec-websocket-version', F['http.sec_websocket_version']],
  ['set-cookie', F['http.set_cookie']],
  ['last-modified', F['http.last_modified']],
  ['x-forwarded-for', F['http.x_forwarded_for']],
  ['http2-settings', F['http.http2_settings']],
]);

/** A body dissector chosen by media type: adds its tree at top level and its text to the columns. */
export type MediaDissector = (
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  mediaType: string,
) => void;

const TEXT_LINES_TYPES = new Set([
  'text/plain',
  'text/html',
  'text/css',
  'text/javascript',
  'application/x-javascript',
]);
const JSON_TYPES = new Set([
  'application/json',
  'application/x-ndjson',
  'application/json-rpc',
  'application/jsonrequest',
]);
const XML_TYPES = new Set(['text/xml', 'application/xml', 'application/soap+xml', 'image/svg+xml']);
/** Types whose dissector adds nothing to Info (octet streams, CMS). */
const SILENT_TYPES = new Set(['application/octet-stream', 'application/pkcs7-mime']);

/**
 * Dissectors registered for a media type take precedence over the built-in ones (the place for OCSP, X.509, …).
 */
export const httpMediaTypes = new Map<string, MediaDissector>();

// ---------------------------------------------------------------------------------------------------------------
// Conversation state: message numbering and request/response matching as tshark does it in one pass.

interface Exchange {
  number: number;
  reqFrame: number;
  reqNs: number;
  method: string;
  uri: string;
  fullUri: string;
  respFrame: number;
}

interface HttpConv {
  /** An HTTP request or response has been seen in this conversation. */
  seen: boolean;
  exchanges: Exchange[];
  lastFullUri: string;
  lastUri: string;
  /** After a successful CONNECT: everything that follows belongs to the tunnelled protocol. */
  tunnel: boolean;
  /** The `host:port` of the last CONNECT request. */
  connectTarget: string;
}

function convOf(map: Map<string, unknown>): HttpConv {
  let s = map.get('http') as HttpConv | undefined;
  if (!s) {
    s = { seen: false, exchanges: [], lastFullUri: '', lastUri: '', tunnel: false, connectTarget: '' };
    map.set('http', s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------------------------
// Lines.

interface Line {
  start: number;
  /** Offset of the line terminator (the line's text is [start, end)). */
  end: number;
  /** Offset just after the terminator. */
  next: number;
  /** The terminator as tshark labels it: `\r\n`, `\n` or `\r`. */
  eol: string;
}

/** The line starting at `o`, or undefined when no terminator is within [o, end). */
function findLine(b: Uint8Array, o: number, end: number): Line | undefined {
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0x0a) return { start: o, end: i, next: i + 1, eol: '\\n' };
    if (c === 0x0d) {
      if (i + 1 >= end) return undefined;
      if (b[i + 1] === 0x0a) return { start: o, end: i, next: i + 2, eol: '\\r\\n' };
      return { start: o, end: i, next: i + 1, eol: '\\r' };
    }
  }
  return undefined;
}

/** Text of bytes as tshark shows it: UTF-8 with control characters escaped. */
function text(b: Uint8Array, o: number, end: number): string {
  const s = utf8Text(b.subarray(o, end));
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\' + c.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out;
}

/** Raw text of bytes (CR/LF kept), for string field values. */
function raw(b: Uint8Array, o: number, end: number): string {
  return utf8Text(b.subarray(o, end));
}

function isPrint(c: number): boolean {
  return c >= 0x20 && c < 0x7f;
}

type FirstLine =
  | { kind: 'request'; method: string; uri: string; version: string; uriStart: number; versionStart: number }
  | { kind: 'response'; version: string; code: number; codeText: string; phrase: string; phraseStart: number };

function parseFirstLine(b: Uint8Array, line: Line): FirstLine | undefined {
  const s = raw(b, line.start, line.end);
  if (s.startsWith('HTTP/') || s.startsWith('ICY ')) {
    const sp = s.indexOf(' ');
    const version = sp < 0 ? s : s.slice(0, sp);
    const rest = sp < 0 ? '' : s.slice(sp + 1);
    const sp2 = rest.indexOf(' ');
    const codeText = sp2 < 0 ? rest : rest.slice(0, sp2);
    const phrase = sp2 < 0 ? '' : rest.slice(sp2 + 1);
    const code = /^\d{3}$/.test(codeText) ? Number(codeText) : -1;
    return {
      kind: 'response',
      version,
      code,
      codeText,
      phrase,
      phraseStart: sp + 1 + (sp2 < 0 ? rest.length : sp2 + 1),
    };
  }
  const sp = s.indexOf(' ');
  const method = sp < 0 ? s : s.slice(0, sp);
  if (!METHODS.has(method)) return undefined;
  const rest = sp < 0 ? '' : s.slice(sp + 1);
  const sp2 = rest.indexOf(' ');
  const uri = sp2 < 0 ? rest : rest.slice(0, sp2);
  const version = sp2 < 0 ? '' : rest.slice(sp2 + 1);
  return {
    kind: 'request',
    method,
    uri,
    version,
    uriStart: byteLen(s.slice(0, sp + 1)),
    versionStart: byteLen(s.slice(0, sp + 1 + sp2 + 1)),
  };
}

interface Header {
  line: Line;
  name: string;
  value: string;
  valueStart: number;
}

interface Headers {
  list: Header[];
  /** Offset just after the empty line that ends them. */
  end: number;
  blank: Line;
}

/** The header lines after the first line, up to the empty line; undefined when the empty line is not here yet. */
function readHeaders(b: Uint8Array, o: number, end: number): Headers | undefined {
  const list: Header[] = [];
  for (;;) {
    const line = findLine(b, o, end);
    if (!line) return undefined;
    if (line.end === line.start) return { list, end: line.next, blank: line };
    const s = raw(b, line.start, line.end);
    const colon = s.indexOf(':');
    let name = s;
    let value = '';
    let valueStart = line.end;
    if (colon >= 0) {
      name = s.slice(0, colon);
      const after = s.slice(colon + 1);
      const lead = after.length - after.trimStart().length;
      value = after.trim();
      valueStart = line.start + new TextEncoder().encode(s.slice(0, colon + 1 + lead)).length;
    }
    list.push({ line, name, value, valueStart });
    o = line.next;
  }
}

function header(h: Headers, name: string): string | undefined {
  for (const x of h.list) if (x.name.toLowerCase() === name) return x.value;
  return undefined;
}

/** `text/html; charset=utf-8` → `text/html`. */
function mediaTypeOf(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies.

type BodyPlan = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

interface Chunk {
  sizeLine: Line;
  size: number;
  data: number;
  /** The CRLF after the data, or -1 for the last (zero-size) chunk. */
  boundary: number;
}

interface ChunkedBody {
  chunks: Chunk[];
  /** Trailer lines and the final empty line. */
  trailers: Line[];
  end: number;
  /** Bytes of decoded data. */
  data: Uint8Array;
}

/** Parses a chunked body at `o`; undefined when it does not end within [o, end). */
function readChunked(b: Uint8Array, o: number, end: number): ChunkedBody | undefined {
  const chunks: Chunk[] = [];
  const parts: Uint8Array[] = [];
  for (;;) {
    const sizeLine = findLine(b, o, end);
    if (!sizeLine) return undefined;
    const sizeText = raw(b, sizeLine.start, sizeLine.end).split(';')[0]!.trim();
    const size = /^[0-9a-fA-F]+$/.test(sizeText) ? parseInt(sizeText, 16) : 0;
    if (size === 0) {
      chunks.push({ sizeLine, size: 0, data: sizeLine.next, boundary: -1 });
      const trailers: Line[] = [];
      let p = sizeLine.next;
      for (;;) {
        const l = findLine(b, p, end);
        if (!l) return undefined;
        trailers.push(l);
        p = l.next;
        if (l.end === l.start) break;
      }
      const data = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
      let q = 0;
      for (const x of parts) {
        data.set(x, q);
        q += x.length;
      }
      return { chunks, trailers, end: p, data };
    }
    const data = sizeLine.next;
    if (data + size + 2 > end) return undefined;
    parts.push(b.subarray(data, data + size));
    chunks.push({ sizeLine, size, data, boundary: data + size });
    o = data + size + 2;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One message.

interface Ctx {
  conv: HttpConv;
  /** `http`, or `ssdp` for SSDP over UDP (same fields, its own protocol item and column). */
  proto: 'http' | 'ssdp';
  /** Datagram transport: no reassembly, a message ends with the datagram. */
  datagram: boolean;
  /** No more data will follow in this direction (TCP FIN in this segment). */
  atEnd: boolean;
}

type MessageResult = { consumed: number; needMore: number };

const NEED_SEGMENT = NEED_ONE_MORE_SEGMENT;

function dissectMessage(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  ctx: Ctx,
): MessageResult {
  const t = pkt.tree;
  const conv = ctx.conv;
  const c0 = b[o]!;
  if (!isPrint(c0) && c0 !== 0x0d && c0 !== 0x0a) return notHttp(b, o, end, pkt, parent, ctx);
  // Empty lines before a message (left over from the previous one) belong to it.
  let start = o;
  while (start < end && (b[start] === 0x0d || b[start] === 0x0a)) start++;
  if (start >= end) return ctx.datagram ? { consumed: end - o, needMore: 0 } : { consumed: 0, needMore: NEED_SEGMENT };
  const first = findLine(b, start, end);
  if (!first) return ctx.datagram ? notHttp(b, o, end, pkt, parent, ctx) : { consumed: 0, needMore: NEED_SEGMENT };
  const fl = parseFirstLine(b, first);
  if (!fl) return notHttp(b, o, end, pkt, parent, ctx);

  // It is HTTP: the first line goes to Info before the rest is known to be here, except when this is a later
  // attempt on reassembled data that is still incomplete (tshark then shows the segment as plain TCP).
  const before = { info: pkt.cols.info, protocol: pkt.cols.protocol, cleared: pkt.infoCleared };
  const incomplete = (needMore: number): MessageResult => {
    if (pkt.tree.source !== 0) {
      pkt.cols.info = before.info;
      pkt.cols.protocol = before.protocol;
      pkt.infoCleared = before.cleared;
    }
    return { consumed: 0, needMore };
  };
  clearInfoOnce(pkt);
  pkt.cols.protocol = ctx.proto === 'ssdp' ? 'SSDP' : 'HTTP';
  pkt.cols.info += text(b, first.start, first.end) + ' ';

  const headers = readHeaders(b, first.next, end);
  if (!headers && !ctx.datagram) return incomplete(NEED_SEGMENT);
  const hdrs: Headers = headers ?? { list: [], end, blank: { start: end, end, next: end, eol: '' } };
  const isRequest = fl.kind === 'request';
  const exchange = isRequest ? undefined : matchResponse(conv);

  // How long is the body?
  const te = header(hdrs, 'transfer-encoding');
  const clText = header(hdrs, 'content-length');
  const cl = clText !== undefined && /^\d+$/.test(clText.trim()) ? Number(clText.trim()) : undefined;
  let plan: BodyPlan;
  if (!isRequest && fl.kind === 'response') {
    const noBody =
      (fl.code >= 100 && fl.code < 200) ||
      fl.code === 204 ||
      fl.code === 304 ||
      exchange?.method === 'HEAD' ||
      (exchange?.method === 'CONNECT' && fl.code >= 200 && fl.code < 300);
    if (noBody) plan = { kind: 'none' };
    else if (te && /chunked/i.test(te)) plan = { kind: 'chunked' };
    else if (cl !== undefined) plan = { kind: 'length', length: cl };
    else plan = ctx.datagram ? { kind: 'length', length: end - hdrs.end } : { kind: 'close' };
  } else if (te && /chunked/i.test(te)) plan = { kind: 'chunked' };
  else if (cl !== undefined) plan = { kind: 'length', length: cl };
  else plan = { kind: 'none' };

  let bodyEnd = hdrs.end;
  let chunked: ChunkedBody | undefined;
  switch (plan.kind) {
    case 'length':
      bodyEnd = hdrs.end + plan.length;
      if (bodyEnd > end) {
        if (!ctx.datagram) return incomplete(bodyEnd - end);
        bodyEnd = end;
      }
      break;
    case 'chunked':
      chunked = readChunked(b, hdrs.end, end);
      if (!chunked) {
        if (!ctx.datagram) return incomplete(NEED_SEGMENT);
        bodyEnd = end;
      } else bodyEnd = chunked.end;
      break;
    case 'close':
      if (!ctx.atEnd) return incomplete(NEED_UNTIL_FIN);
      bodyEnd = end;
      break;
  }

  // The whole message is here: build its tree.
  conv.seen = true;
  const rootDef = ctx.proto === 'ssdp' ? F.ssdp : F.http;
  const root = t.add(parent, rootDef, o, bodyEnd - o, undefined);
  if (!pkt.protocols.includes(ctx.proto)) pkt.protocols.push(ctx.proto);
  if (start > o) {
    const msg = 'Leading CRLF previous message in the stream may have extra CRLF';
    addExpert(pkt, t.text(root, o, start - o, msg), F['http.leading_crlf'], o, start - o, 'error', 'malformed', msg);
  }
  const firstText = text(b, first.start, first.end);
  const flNode = t.text(root, first.start, first.next - first.start, firstText + first.eol);
  addExpert(
    pkt,
    flNode,
    F['http.chat'],
    first.start,
    first.next - first.start,
    'chat',
    'sequence',
    firstText + first.eol,
  );
  if (!(fl.kind === 'request' && NOTIFICATIONS.has(fl.method)))
    t.add(root, isRequest ? F['http.request'] : F['http.response'], first.start, 0, true, { hidden: true });
  let fullUri = '';
  if (fl.kind === 'request') {
    t.add(flNode, F['http.request.method'], first.start, byteLen(fl.method), fl.method);
    const uriNode = t.add(flNode, F['http.request.uri'], first.start + fl.uriStart, byteLen(fl.uri), fl.uri);
    uriParts(pkt, uriNode, fl.uri, first.start + fl.uriStart);
    if (fl.version)
      t.add(flNode, F['http.request.version'], first.start + fl.versionStart, byteLen(fl.version), fl.version);
    const host = header(hdrs, 'host');
    if (host !== undefined && fl.method !== 'CONNECT')
      fullUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(fl.uri)
        ? fl.uri
        : `${pkt.protocols.includes('tls') ? 'https' : 'http'}://${host}${fl.uri}`;
  } else {
    t.add(flNode, F['http.response.version'], first.start, byteLen(fl.version), fl.version);
    if (fl.code >= 0) {
      t.add(flNode, F['http.response.code'], first.start + fl.version.length + 1, 3, fl.code);
      const desc = HTTP_STATUS_PHRASES.get(fl.code) ?? 'Unknown';
      t.add(flNode, F['http.response.code.desc'], first.start + fl.version.length + 1, 3, desc, { generated: true });
    }
    t.add(flNode, F['http.response.phrase'], first.start + fl.phraseStart, byteLen(fl.phrase), fl.phrase);
  }

  for (const h of hdrs.list) headerItems(b, pkt, root, h, isRequest);
  if (headers) t.text(root, hdrs.blank.start, hdrs.blank.next - hdrs.blank.start, hdrs.blank.eol);

  // Numbering and matching.
  if (fl.kind === 'request' && NOTIFICATIONS.has(fl.method)) {
    // GENA notifications and subscriptions are not numbered as requests.
    t.add(root, F['http.notification'], first.start, 0, true, { hidden: true });
  } else if (fl.kind === 'request') {
    conv.lastUri = fl.uri;
    const prev = conv.exchanges[conv.exchanges.length - 1];
    const ex: Exchange = {
      number: conv.exchanges.length + 1,
      reqFrame: pkt.number,
      reqNs: pkt.relNs,
      method: fl.method,
      uri: fl.uri,
      fullUri,
      respFrame: 0,
    };
    conv.exchanges.push(ex);
    if (fullUri) {
      conv.lastFullUri = fullUri;
      t.add(root, F['http.request.full_uri'], first.start, 0, fullUri, { generated: true });
    }
    t.add(root, F['http.request_number'], first.start, 0, ex.number, {
      generated: true,
      label: `[HTTP request ${ex.number}/${conv.exchanges.length}]`,
    });
    if (prev && prev.reqFrame)
      t.add(root, F['http.prev_request_in'], first.start, 0, prev.reqFrame, { generated: true });
    if (fl.method === 'CONNECT') conv.connectTarget = fl.uri;
  } else {
    let ex = exchange;
    if (!ex) {
      ex = { number: conv.exchanges.length + 1, reqFrame: 0, reqNs: 0, method: '', uri: '', fullUri: '', respFrame: 0 };
      conv.exchanges.push(ex);
    }
    const prev = conv.exchanges[ex.number - 2];
    ex.respFrame = pkt.number;
    t.add(root, F['http.response_number'], first.start, 0, ex.number, {
      generated: true,
      label: `[HTTP response ${ex.number}/${conv.exchanges.length}]`,
    });
    if (ex.reqFrame) {
      const dt = pkt.relNs - ex.reqNs;
      const s = Math.floor(dt / 1e9);
      const txt = `${s}.${String(Math.round(dt - s * 1e9)).padStart(9, '0')}`;
      t.add(root, F['http.time'], first.start, 0, txt, {
        generated: true,
        label: `[Time since request: ${txt} seconds]`,
      });
    }
    if (prev?.reqFrame) t.add(root, F['http.prev_request_in'], first.start, 0, prev.reqFrame, { generated: true });
    if (prev?.respFrame) t.add(root, F['http.prev_response_in'], first.start, 0, prev.respFrame, { generated: true });
    if (ex.reqFrame) t.add(root, F['http.request_in'], first.start, 0, ex.reqFrame, { generated: true });
    const forUri = conv.lastFullUri || conv.lastUri;
    if (forUri) t.add(root, F['http.response_for.uri'], first.start, 0, forUri, { generated: true });
    if (ex.method === 'CONNECT' && fl.code >= 200 && fl.code < 300) conv.tunnel = true;
  }

  // The body.
  let body = b.subarray(hdrs.end, bodyEnd);
  let bodyOffset = hdrs.end;
  let bodyInFrame = true;
  if (chunked) {
    chunkedItems(b, pkt, root, chunked, isRequest);
    body = chunked.data;
    bodyInFrame = false;
  }
  if (body.length > 0) {
    let src = b;
    if (!bodyInFrame) {
      // The de-chunked body is a data source of its own.
      const id = t.addSource('De-chunked entity body', body.slice());
      src = t.sources[id - 1]!.bytes;
      bodyOffset = 0;
      const prevSource = t.source;
      t.source = id;
      try {
        bodyItems(src, bodyOffset, body.length, pkt, parent, root, hdrs);
      } finally {
        t.source = prevSource;
      }
    } else bodyItems(src, bodyOffset, body.length, pkt, parent, root, hdrs);
  }
  return { consumed: bodyEnd - o, needMore: 0 };
}

function byteLen(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** tshark pairs a response with the newest exchange when that one still waits for its response. */
function matchResponse(conv: HttpConv): Exchange | undefined {
  const last = conv.exchanges[conv.exchanges.length - 1];
  return last && last.reqFrame && !last.respFrame ? last : undefined;
}

function uriParts(pkt: PacketContext, uriNode: FieldNode, uri: string, at: number): void {
  const q = uri.indexOf('?');
  if (q < 0 || q === uri.length - 1) return;
  const t = pkt.tree;
  const path = uri.slice(0, q);
  const query = uri.slice(q + 1);
  t.add(uriNode, F['http.request.uri.path'], at, byteLen(path), path);
  const qn = t.add(uriNode, F['http.request.uri.query'], at + byteLen(path) + 1, byteLen(query), query);
  let p = at + byteLen(path) + 1;
  for (const param of query.split('&')) {
    if (param) t.add(qn, F['http.request.uri.query.parameter'], p, byteLen(param), param);
    p += byteLen(param) + 1;
  }
}

function headerItems(b: Uint8Array, pkt: PacketContext, root: FieldNode, h: Header, isRequest: boolean): void {
  const t = pkt.tree;
  const { line } = h;
  const label = text(b, line.start, line.end) + line.eol;
  const lineValue = raw(b, line.start, line.next);
  const lower = h.name.toLowerCase();
  const def = HEADER_FIELDS.get(lower) ?? F['http.unknown_header'];
  const value = def === F['http.unknown_header'] ? raw(b, line.start, line.end) : h.value;
  const node = t.add(root, def, line.start, line.next - line.start, value, { label });
  t.add(
    root,
    isRequest ? F['http.request.line'] : F['http.response.line'],
    line.start,
    line.next - line.start,
    lineValue,
    {
      hidden: true,
    },
  );
  if (lower === 'content-length' && /^\d+$/.test(h.value)) {
    const n = Number(h.value);
    t.add(node, F['http.content_length'], h.valueStart, byteLen(h.value), n, {
      generated: true,
      label: `[Content length: ${n}]`,
    });
  } else if (lower === 'cookie') {
    let p = h.valueStart;
    for (const part of h.value.split(';')) {
      const pair = part.trim();
      const lead = part.length - part.trimStart().length;
      if (pair) t.add(node, F['http.cookie_pair'], p + lead, byteLen(pair), pair);
      p += byteLen(part) + 1;
    }
  }
}

function chunkedItems(b: Uint8Array, pkt: PacketContext, root: FieldNode, body: ChunkedBody, isRequest: boolean): void {
  const t = pkt.tree;
  const first = body.chunks[0]!.sizeLine.start;
  const tree = t.text(root, first, body.end - first, `HTTP chunked ${isRequest ? 'request' : 'response'}`);
  for (const c of body.chunks) {
    const sizeText = `Chunk size: ${c.size} octets`;
    if (c.size === 0) {
      const last = t.text(tree, c.sizeLine.start, c.sizeLine.next - c.sizeLine.start, 'End of chunked encoding');
      t.add(last, F['http.chunk_size'], c.sizeLine.start, c.sizeLine.next - c.sizeLine.start, 0, { label: sizeText });
      continue;
    }
    const node = t.text(tree, c.sizeLine.start, c.boundary + 2 - c.sizeLine.start, `Data chunk (${c.size} octets)`);
    t.add(node, F['http.chunk_size'], c.sizeLine.start, c.sizeLine.next - c.sizeLine.start, c.size, {
      label: sizeText,
    });
    t.add(node, F['http.chunk_data'], c.data, c.size, slice(b, c.data, c.size));
    t.add(node, F['http.chunk_boundary'], c.boundary, 2, slice(b, c.boundary, 2));
  }
  for (const l of body.trailers) {
    if (l.end === l.start) t.text(tree, l.start, l.next - l.start, l.eol);
    else t.add(tree, F['http.chunked_trailer_part'], l.start, l.next - l.start, raw(b, l.start, l.end));
  }
}

/** File Data and the body's own dissector, chosen by Content-Type. */
function bodyItems(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  root: FieldNode,
  hdrs: Headers,
): void {
  const t = pkt.tree;
  t.add(root, F['http.file_data'], o, len, raw(b, o, o + len), { label: `File Data: ${len} bytes` });
  const ct = header(hdrs, 'content-type');
  if (ct === undefined) {
    dataDissector(b, o, len, pkt, root);
    return;
  }
  const type = mediaTypeOf(ct);
  const custom = httpMediaTypes.get(type);
  if (custom) {
    custom(b, o, len, pkt, parent, type);
    return;
  }
  if (TEXT_LINES_TYPES.has(type)) textLines(b, o, len, pkt, parent, type);
  else if (JSON_TYPES.has(type)) {
    t.add(parent, F.json, o, len, undefined, { label: `JavaScript Object Notation: ${type}` });
    pkt.protocols.push('json');
    pkt.cols.protocol += '/JSON';
    pkt.cols.info += `, JavaScript Object Notation (${type})`;
  } else if (XML_TYPES.has(type)) {
    t.add(parent, F.xml, o, len, undefined);
    pkt.protocols.push('xml');
    pkt.cols.protocol += '/XML';
  } else if (type === 'application/x-www-form-urlencoded') urlencodedForm(b, o, len, pkt, parent, type);
  else if (type.startsWith('multipart/')) {
    t.add(parent, F.mime_multipart, o, len, undefined, {
      label: `MIME Multipart Media Encapsulation, Type: ${type}`,
    });
    pkt.protocols.push('mime_multipart');
  } else if (type === 'image/png' && len >= 8 && b[o] === 0x89 && raw(b, o + 1, o + 4) === 'PNG') {
    t.add(parent, F.png, o, len, undefined);
    pkt.protocols.push('png');
    pkt.cols.info += ' (PNG)';
  } else if (type === 'image/jpeg' && len >= 2 && b[o] === 0xff && b[o + 1] === 0xd8) {
    t.add(parent, F['image-jfif'], o, len, undefined);
    pkt.protocols.push('image-jfif');
    pkt.cols.info += ' (JPEG JFIF image)';
  } else if (SILENT_TYPES.has(type)) {
    if (type === 'application/octet-stream') dataDissector(b, o, len, pkt, parent);
  } else {
    const m = t.add(parent, F.media, o, len, undefined);
    pkt.protocols.push('media');
    t.add(m, F['media.type'], o, len, type, { label: `Media type: ${type} (${len} byte${len === 1 ? '' : 's'})` });
    pkt.cols.info += ` (${type})`;
  }
}

/** Wireshark's "Line-based text data": one item per line. */
function textLines(b: Uint8Array, o: number, len: number, pkt: PacketContext, parent: FieldNode | null, type: string) {
  const t = pkt.tree;
  pkt.cols.info += ` (${type})`;
  pkt.protocols.push('data-text-lines');
  if (!t.build) return;
  const end = o + len;
  const lines: Line[] = [];
  let p = o;
  while (p < end) {
    const l = findLine(b, p, end) ?? { start: p, end, next: end, eol: '' };
    lines.push(l);
    p = l.next;
  }
  const root = t.add(parent, F['data-text-lines'], o, len, undefined, {
    label: `Line-based text data: ${type} (${lines.length} lines)`,
  });
  for (const l of lines) t.text(root, l.start, l.next - l.start, text(b, l.start, l.end) + l.eol);
}

function urlencodedForm(
  b: Uint8Array,
  o: number,
  len: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  type: string,
) {
  const t = pkt.tree;
  const root = t.add(parent, F['urlencoded-form'], o, len, undefined, { label: `HTML Form URL Encoded: ${type}` });
  pkt.protocols.push('urlencoded-form');
  const s = raw(b, o, o + len);
  let p = o;
  for (const item of s.split('&')) {
    const eq = item.indexOf('=');
    const key = decodeForm(eq < 0 ? item : item.slice(0, eq));
    const value = decodeForm(eq < 0 ? '' : item.slice(eq + 1));
    const n = t.text(root, p, byteLen(item), `Form item: "${key}" = "${value}"`);
    const klen = byteLen(eq < 0 ? item : item.slice(0, eq));
    t.add(n, F['urlencoded-form.key'], p, klen, key);
    if (eq >= 0) t.add(n, F['urlencoded-form.value'], p + klen + 1, byteLen(item) - klen - 1, value);
    p += byteLen(item) + 1;
  }
  pkt.cols.info += ` (${type})`;
}

function decodeForm(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Data that is not an HTTP message: swallowed before any HTTP was seen, else shown as a continuation. */
function notHttp(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  ctx: Ctx,
): MessageResult {
  if (!ctx.conv.seen) return { consumed: end - o, needMore: 0 };
  const t = pkt.tree;
  clearInfoOnce(pkt);
  pkt.cols.protocol = ctx.proto === 'ssdp' ? 'SSDP' : 'HTTP';
  pkt.cols.info += 'Continuation';
  const root = t.add(parent, ctx.proto === 'ssdp' ? F.ssdp : F.http, o, end - o, undefined);
  if (!pkt.protocols.includes(ctx.proto)) pkt.protocols.push(ctx.proto);
  // Text that is not a message still counts as file data; binary data is only data.
  if (isPrint(b[o]!) || b[o] === 0x0d || b[o] === 0x0a)
    t.add(root, F['http.file_data'], o, end - o, raw(b, o, end), { label: `File Data: ${end - o} bytes` });
  dataDissector(b, o, end - o, pkt, root);
  return { consumed: end - o, needMore: 0 };
}

// ---------------------------------------------------------------------------------------------------------------
// Transports.

function dissectHttpStream(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
): StreamResult {
  const conv = convOf(info.convState);
  const end = offset + length;
  let o = offset;
  const ctx: Ctx = { conv, proto: 'http', datagram: false, atEnd: info.fin === true };
  while (o < end) {
    if (conv.tunnel) return tunnel(b, o, end, pkt, parent, info, offset);
    const r = dissectMessage(b, o, end, pkt, parent, ctx);
    if (r.needMore !== 0) return { consumed: o - offset, needMore: r.needMore };
    o += r.consumed;
  }
  return { consumed: o - offset, needMore: 0 };
}

/** After CONNECT: the tunnelled bytes go to TLS when they look like it, else they are data. */
function tunnel(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
  offset: number,
): StreamResult {
  if (!pkt.protocols.includes('http')) pkt.protocols.push('http');
  const conv = convOf(info.convState);
  const t = pkt.tree;
  const root = t.add(parent, F.http, o, end - o, undefined);
  const colon = conv.connectTarget.lastIndexOf(':');
  const host = colon < 0 ? conv.connectTarget : conv.connectTarget.slice(0, colon);
  const port = colon < 0 ? NaN : Number(conv.connectTarget.slice(colon + 1));
  t.add(root, F['http.proxy_connect_host'], o, 0, host, { generated: true });
  if (Number.isInteger(port)) t.add(root, F['http.proxy_connect_port'], o, 0, port, { generated: true });
  const tls = info.convState.get('http.tunnel.tls');
  if (tls === true || (tls === undefined && tlsStream.heuristic?.(b, o, end - o))) {
    info.convState.set('http.tunnel.tls', true);
    const r = tlsStream.dissect(b, o, end - o, pkt, parent, info);
    return { consumed: o - offset + r.consumed, needMore: r.needMore };
  }
  dataDissector(b, o, end - o, pkt, parent);
  return { consumed: end - offset, needMore: 0 };
}

/** tshark 4.0's TCP ports for HTTP (http.tcp.port and the protocols carried as HTTP). */
export const HTTP_PORTS: readonly number[] = [80, 631, 1900, 2710, 2869, 3128, 3132, 3689, 5985, 8080, 8088, 11371];

/** HTTP on its well-known ports: claims every conversation it is given. */
export const httpStream: StreamProtocol = { name: 'http', dissect: dissectHttpStream };

/** tshark's HTTP heuristic for other ports: a complete first line that starts or ends with `HTTP/1.`. */
export function looksLikeHttp(b: Uint8Array, o: number, len: number): boolean {
  const line = findLine(b, o, o + len);
  if (!line) return false;
  const n = line.end - line.start;
  if (n === 8) return false;
  const s = raw(b, line.start, line.end);
  return s.startsWith('HTTP/1.') || (n > 8 && s.slice(n - 8).startsWith('HTTP/1.'));
}

export const httpHeuristic: StreamProtocol = { name: 'http', heuristic: looksLikeHttp, dissect: dissectHttpStream };

/** HTTP-format messages in one datagram (SSDP). */
export function dissectHttpDatagram(
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  proto: 'http' | 'ssdp',
): void {
  let st = pkt.state.slots.get('http.datagram') as Map<string, Map<string, unknown>> | undefined;
  if (!st) {
    st = new Map();
    pkt.state.slots.set('http.datagram', st);
  }
  let convState = st.get(pkt.conversation);
  if (!convState) {
    convState = new Map();
    st.set(pkt.conversation, convState);
  }
  const ctx: Ctx = { conv: convOf(convState), proto, datagram: true, atEnd: true };
  const end = offset + length;
  let o = offset;
  while (o < end) {
    const r = dissectMessage(b, o, end, pkt, parent, ctx);
    if (r.consumed <= 0) break;
    o += r.consumed;
  }
}

export const httpDatagram: Dissector = (b, offset, length, pkt, parent) =>
  dissectHttpDatagram(b, offset, length, pkt, parent, 'http');
