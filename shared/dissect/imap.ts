/**
 * IMAP over TCP: each line of a segment is a request or response; Info shows the last one as `Request: …` /
 * `Response: …` (tshark rewrites the column per line). A tagged OK to STARTTLS switches the connection to TLS.
 */
import { clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import type { StreamProtocol, StreamResult } from './stream.ts';
import { afterStarttls, allLines, displayText, lowerAscii, starttlsState } from './text-line.ts';

export const IMAP_PORTS = [143];

const F = declareFields({
  imap: { name: 'Internet Message Access Protocol', type: 'protocol' },
  'imap.isrequest': { name: 'Request', type: 'boolean' },
  'imap.line': { name: 'Line', type: 'string' },
  'imap.request.tag': { name: 'Request Tag', type: 'string' },
  'imap.request.command': { name: 'Request Command', type: 'string' },
  'imap.response.tag': { name: 'Response Tag', type: 'string' },
  'imap.response.status': { name: 'Response Status', type: 'string' },
});

/** The space-separated token starting at `o` (before `end`): its end offset. */
function tokenEnd(b: Uint8Array, o: number, end: number): number {
  while (o < end && b[o] !== 0x20) o++;
  return o;
}

export const imapStream: StreamProtocol = {
  name: 'imap',
  dissect: (b, offset, length, pkt, parent, info): StreamResult => {
    const tls = starttlsState(info, 'imap.starttls');
    const switched = afterStarttls(tls, b, offset, length, pkt, parent, info);
    if (switched) return switched;
    const request = IMAP_PORTS.includes(info.dstPort);
    const end = offset + length;
    const t = pkt.tree;
    pkt.cols.protocol = 'IMAP';
    clearInfoOnce(pkt);
    pkt.protocols.push('imap');
    const root = t.add(parent, F.imap, offset, length, undefined);
    t.add(root, F['imap.isrequest'], offset, 0, request, { generated: true });
    const base = pkt.cols.info;
    for (const l of allLines(b, offset, end)) {
      // tshark stops when no more than a line end is left.
      if (end - l.start <= 2 && l.end === l.start) break;
      const text = displayText(b, l.start, l.end);
      pkt.cols.info = `${base}${request ? 'Request' : 'Response'}: ${text}`;
      const node = t.add(root, F['imap.line'], l.start, l.next - l.start, text);
      const tagEnd = tokenEnd(b, l.start, l.end);
      const tag = displayText(b, l.start, tagEnd);
      const wordStart = Math.min(tagEnd + 1, l.end);
      const wordEnd = tokenEnd(b, wordStart, l.end);
      const word = lowerAscii(b, wordStart, wordEnd);
      if (request) {
        t.add(node, F['imap.request.tag'], l.start, tagEnd - l.start, tag);
        t.add(node, F['imap.request.command'], wordStart, wordEnd - wordStart, displayText(b, wordStart, wordEnd));
        if (word === 'starttls') tls.requested = true;
      } else {
        t.add(node, F['imap.response.tag'], l.start, tagEnd - l.start, tag);
        t.add(node, F['imap.response.status'], wordStart, wordEnd - wordStart, displayText(b, wordStart, wordEnd));
        if (tls.requested && tag !== '*' && tag !== '+') {
          tls.requested = false;
          if (word === 'ok') tls.acceptedIn = pkt.number;
        }
      }
    }
    return { consumed: length, needMore: 0 };
  },
};
