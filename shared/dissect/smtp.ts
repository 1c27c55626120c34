/**
 * SMTP over TCP: client command lines (reassembled until the line ends) shown as `C: …`, server replies as
 * `S: …` with continuation lines joined by ` | `, message content after DATA as a fragment, and the switch to TLS
 * once the server answers STARTTLS with 220.
 */
import { clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import { NEED_ONE_MORE_SEGMENT, type StreamProtocol, type StreamResult } from './stream.ts';
import {
  afterStarttls,
  allLines,
  displayText,
  lowerAscii,
  nextLine,
  starttlsState,
  type TextLine,
} from './text-line.ts';

export const SMTP_PORTS = [25, 587];

const F = declareFields({
  smtp: { name: 'Simple Mail Transfer Protocol', type: 'protocol' },
  'smtp.req': { name: 'Request', type: 'boolean' },
  'smtp.rsp': { name: 'Response', type: 'boolean' },
  'smtp.command_line': { name: 'Command Line', type: 'string' },
  'smtp.req.command': { name: 'Command', type: 'string' },
  'smtp.req.parameter': { name: 'Request parameter', type: 'string' },
  'smtp.response': { name: 'Response', type: 'string' },
  'smtp.response.code': { name: 'Response code', type: 'uint32' },
  'smtp.rsp.parameter': { name: 'Response parameter', type: 'string' },
  'smtp.data.fragment': { name: 'DATA fragment', type: 'bytes' },
});

interface SmtpConv {
  /** The client sent DATA/BDAT-less DATA and the server's 354 has been seen or is pending: body follows. */
  dataRequested: boolean;
  inData: boolean;
}

function convOf(map: Map<string, unknown>): SmtpConv {
  let s = map.get('smtp') as SmtpConv | undefined;
  if (!s) {
    s = { dataRequested: false, inData: false };
    map.set('smtp', s);
  }
  return s;
}

/** Does the message body end in [o, end) (a line holding only `.`)? */
function endsBody(b: Uint8Array, o: number, end: number): boolean {
  for (const l of allLines(b, o, end)) if (l.end - l.start === 1 && b[l.start] === 0x2e) return true;
  return false;
}

export const smtpStream: StreamProtocol = {
  name: 'smtp',
  dissect: (b, offset, length, pkt, parent, info): StreamResult => {
    const tls = starttlsState(info, 'smtp.starttls');
    const switched = afterStarttls(tls, b, offset, length, pkt, parent, info);
    if (switched) return switched;
    const conv = convOf(info.convState);
    const request = SMTP_PORTS.includes(info.dstPort);
    const end = offset + length;
    const t = pkt.tree;

    if (request && conv.inData) {
      pkt.cols.protocol = 'SMTP';
      clearInfoOnce(pkt);
      pkt.cols.info += `C: DATA fragment, ${length} byte${length === 1 ? '' : 's'}`;
      pkt.protocols.push('smtp');
      const root = t.add(parent, F.smtp, offset, length, undefined);
      t.add(root, F['smtp.data.fragment'], offset, length, b.subarray(offset, end));
      if (endsBody(b, offset, end)) conv.inData = false;
      return { consumed: length, needMore: 0 };
    }

    if (request) {
      // A command must be a whole line: without its end, wait for the next segment.
      const lines: TextLine[] = [];
      let o = offset;
      while (o < end) {
        const l = nextLine(b, o, end, true);
        if (!l) {
          if (lines.length === 0) return { consumed: 0, needMore: NEED_ONE_MORE_SEGMENT };
          lines.push({ start: o, end, next: end });
          break;
        }
        lines.push(l);
        o = l.next;
      }
      pkt.cols.protocol = 'SMTP';
      clearInfoOnce(pkt);
      pkt.cols.info += 'C: ' + lines.map((l) => displayText(b, l.start, l.end)).join(' | ');
      pkt.protocols.push('smtp');
      const root = t.add(parent, F.smtp, offset, length, undefined);
      t.add(root, F['smtp.req'], offset, 0, true, { hidden: true });
      for (const l of lines) {
        const node = t.add(root, F['smtp.command_line'], l.start, l.next - l.start, displayText(b, l.start, l.end));
        let sp = l.start;
        while (sp < l.end && b[sp] !== 0x20) sp++;
        const cmd = lowerAscii(b, l.start, sp);
        t.add(node, F['smtp.req.command'], l.start, sp - l.start, displayText(b, l.start, sp));
        if (sp < l.end) t.add(node, F['smtp.req.parameter'], sp + 1, l.end - sp - 1, displayText(b, sp + 1, l.end));
        if (cmd === 'starttls') tls.requested = true;
        if (cmd === 'data') conv.dataRequested = true;
      }
      return { consumed: length, needMore: 0 };
    }

    // Server replies: one or more lines, `NNN-` continuing and `NNN ` ending a reply.
    const lines = allLines(b, offset, end);
    pkt.cols.protocol = 'SMTP';
    clearInfoOnce(pkt);
    pkt.protocols.push('smtp');
    const root = t.add(parent, F.smtp, offset, length, undefined);
    t.add(root, F['smtp.rsp'], offset, 0, true, { hidden: true });
    let first = true;
    for (const l of lines) {
      const len = l.end - l.start;
      const node = t.add(root, F['smtp.response'], l.start, l.next - l.start, displayText(b, l.start, l.end));
      let code = -1;
      if (len >= 3 && isDigits(b, l.start, 3)) {
        code = (b[l.start]! - 48) * 100 + (b[l.start + 1]! - 48) * 10 + (b[l.start + 2]! - 48);
        t.add(node, F['smtp.response.code'], l.start, 3, code);
        if (len > 4) t.add(node, F['smtp.rsp.parameter'], l.start + 4, len - 4, displayText(b, l.start + 4, l.end));
      }
      if (first) pkt.cols.info += 'S: ' + displayText(b, l.start, l.end);
      else pkt.cols.info += ' | ' + displayText(b, len >= 4 ? l.start + 4 : l.start, l.end);
      first = false;
      const last = len < 4 || b[l.start + 3] !== 0x2d;
      if (code >= 0 && last) {
        if (tls.requested) {
          tls.requested = false;
          if (code === 220) tls.acceptedIn = pkt.number;
        }
        if (conv.dataRequested) {
          conv.dataRequested = false;
          if (code === 354) conv.inData = true;
        }
      }
    }
    return { consumed: length, needMore: 0 };
  },
};

function isDigits(b: Uint8Array, o: number, n: number): boolean {
  for (let i = o; i < o + n; i++) if (b[i]! < 0x30 || b[i]! > 0x39) return false;
  return true;
}
