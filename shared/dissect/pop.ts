/**
 * POP3 over TCP: Info shows the first line of a segment as `C: …` or `S: …`; `+OK` to STLS switches the connection
 * to TLS.
 */
import { clearInfoOnce } from './context.ts';
import { declareFields } from './fields.ts';
import type { StreamProtocol, StreamResult } from './stream.ts';
import { afterStarttls, allLines, displayText, lowerAscii, starttlsState } from './text-line.ts';

export const POP_PORTS = [110];

const F = declareFields({
  pop: { name: 'Post Office Protocol', type: 'protocol' },
  'pop.request': { name: 'Request', type: 'string' },
  'pop.request.command': { name: 'Request command', type: 'string' },
  'pop.request.parameter': { name: 'Request parameter', type: 'string' },
  'pop.response': { name: 'Response', type: 'string' },
  'pop.response.indicator': { name: 'Response indicator', type: 'string' },
  'pop.response.description': { name: 'Response description', type: 'string' },
});

export const popStream: StreamProtocol = {
  name: 'pop',
  dissect: (b, offset, length, pkt, parent, info): StreamResult => {
    const tls = starttlsState(info, 'pop.starttls');
    const switched = afterStarttls(tls, b, offset, length, pkt, parent, info);
    if (switched) return switched;
    const request = POP_PORTS.includes(info.dstPort);
    const end = offset + length;
    const t = pkt.tree;
    const lines = allLines(b, offset, end);
    pkt.cols.protocol = 'POP';
    clearInfoOnce(pkt);
    pkt.protocols.push('pop');
    const root = t.add(parent, F.pop, offset, length, undefined);
    const first = lines[0];
    if (!first) return { consumed: length, needMore: 0 };
    pkt.cols.info += `${request ? 'C' : 'S'}: ${displayText(b, first.start, first.end)}`;
    let sp = first.start;
    while (sp < first.end && b[sp] !== 0x20) sp++;
    const word = lowerAscii(b, first.start, sp);
    const rest = Math.min(sp + 1, first.end);
    const node = t.add(
      root,
      request ? F['pop.request'] : F['pop.response'],
      first.start,
      first.next - first.start,
      displayText(b, first.start, first.end),
    );
    t.add(
      node,
      request ? F['pop.request.command'] : F['pop.response.indicator'],
      first.start,
      sp - first.start,
      displayText(b, first.start, sp),
    );
    if (rest < first.end)
      t.add(
        node,
        request ? F['pop.request.parameter'] : F['pop.response.description'],
        rest,
        first.end - rest,
        displayText(b, rest, first.end),
      );
    for (const l of lines.slice(1)) t.text(root, l.start, l.next - l.start, displayText(b, l.start, l.end));
    if (request) {
      if (word === 'stls') tls.requested = true;
    } else if (tls.requested && (word === '+ok' || word === '-err')) {
      tls.requested = false;
      if (word === '+ok') tls.acceptedIn = pkt.number;
    }
    return { consumed: length, needMore: 0 };
  },
};
