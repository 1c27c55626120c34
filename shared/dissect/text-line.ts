/**
 * Helpers shared by the line-based plaintext protocols that can switch to TLS with STARTTLS (SMTP, IMAP, POP, XMPP):
 * line splitting, column text as tshark prints it, and the per-conversation "TLS from this frame on" switch.
 */
import { utf8Text } from '../bytes.ts';
import type { PacketContext } from './context.ts';
import type { StreamInfo, StreamResult } from './stream.ts';
import { tlsStream } from './tls/record.ts';
import type { FieldNode } from './tree.ts';

export interface TextLine {
  start: number;
  /** Offset of the terminator: the line's text is [start, end). */
  end: number;
  /** Offset just after the terminator. */
  next: number;
}

/**
 * The line starting at `o` ending at CR, LF or CRLF. Without a terminator in [o, end): undefined when `wait` (the caller
 * can ask for more data; a CR at the very end also waits, as an LF may follow), else the rest of the data.
 */
export function nextLine(b: Uint8Array, o: number, end: number, wait: boolean): TextLine | undefined {
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0x0a) return { start: o, end: i, next: i + 1 };
    if (c === 0x0d) {
      if (i + 1 >= end) return wait ? undefined : { start: o, end: i, next: i + 1 };
      return { start: o, end: i, next: b[i + 1] === 0x0a ? i + 2 : i + 1 };
    }
  }
  return wait ? undefined : { start: o, end, next: end };
}

/** Every line of [o, end), the last one possibly without terminator. */
export function allLines(b: Uint8Array, o: number, end: number): TextLine[] {
  const out: TextLine[] = [];
  while (o < end) {
    const l = nextLine(b, o, end, false)!;
    out.push(l);
    o = l.next;
  }
  return out;
}

/** Bytes shown as tshark shows protocol text: UTF-8 with control characters escaped (C escapes or octal). */
export function displayText(b: Uint8Array, o: number, end: number): string {
  let out = '';
  for (const ch of utf8Text(b.subarray(o, end))) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c !== 0x7f) {
      out += ch;
      continue;
    }
    const named = C_ESCAPES.get(c);
    out += named ?? '\\' + c.toString(8).padStart(3, '0');
  }
  return out;
}

const C_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x07, '\\a'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
]);

/**
 * Bytes read as an ASCII C string and appended to a column unformatted: each byte above 0x7f becomes U+FFFD, the text
 * stops at the first NUL, and control characters stay as they are.
 */
export function asciiColumnText(b: Uint8Array, o: number, end: number): string {
  let out = '';
  for (let i = o; i < end; i++) {
    const c = b[i]!;
    if (c === 0) break;
    if (c >= 0x80) out += '\ufffd';
    else out += String.fromCharCode(c);
  }
  return out;
}

/** Lower-case ASCII of [o, end). */
export function lowerAscii(b: Uint8Array, o: number, end: number): string {
  let s = '';
  for (let i = o; i < end; i++) s += String.fromCharCode(b[i]!).toLowerCase();
  return s;
}

/** Per-conversation STARTTLS progress of one of these protocols. */
export interface StarttlsState {
  /** The client asked to start TLS and the server has not answered yet. */
  requested: boolean;
  /** Frame whose data was the server's acceptance; everything in later frames is TLS (0: not switched). */
  acceptedIn: number;
}

export function starttlsState(info: StreamInfo, key: string): StarttlsState {
  let s = info.convState.get(key) as StarttlsState | undefined;
  if (!s) {
    s = { requested: false, acceptedIn: 0 };
    info.convState.set(key, s);
  }
  return s;
}

/** After an accepted STARTTLS, data of later frames goes to TLS; undefined when this data is still plaintext. */
export function afterStarttls(
  s: StarttlsState,
  b: Uint8Array,
  offset: number,
  length: number,
  pkt: PacketContext,
  parent: FieldNode | null,
  info: StreamInfo,
): StreamResult | undefined {
  if (s.acceptedIn === 0 || pkt.number <= s.acceptedIn) return undefined;
  return tlsStream.dissect(b, offset, length, pkt, parent, info);
}
