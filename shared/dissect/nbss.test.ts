import { describe, expect, it } from 'vitest';
import { bytes, dissectFrames, summary, TcpFlow, values } from './test-frames.ts';

/** A NetBIOS name in first-level encoding, padded to 15 characters with its type byte. */
function nbName(n: string, type: number): number[] {
  const s = n.padEnd(15, ' ') + String.fromCharCode(type);
  const out = [32];
  for (const ch of s) out.push(0x41 + (ch.charCodeAt(0) >> 4), 0x41 + (ch.charCodeAt(0) & 15));
  out.push(0);
  return out;
}

describe('NBSS', () => {
  it('shows session setup, keep-alives, session messages and continuation data', () => {
    const frames: Uint8Array[] = [];
    new TcpFlow(frames, 40001, 139)
      .handshake()
      .c(bytes([0x81, 0, 0, 68], nbName('SERVER', 0x20), nbName('CLIENT', 0x20)))
      .s([0x82, 0, 0, 0])
      .c([0x85, 0, 0, 0])
      .c(bytes([0, 0, 0, 20], 'abc'))
      .c('defghijklmnopqrst')
      .s([0x83, 0, 0, 1, 0x80]);
    new TcpFlow(frames, 62627, 445).c([0]);
    const ps = dissectFrames(frames);
    expect(ps.slice(3).map(summary)).toEqual([
      'NBSS Session request, to SERVER<20> from CLIENT<20>',
      'NBSS Positive session response',
      'NBSS Session keep-alive',
      'TCP Session message [TCP segment of a reassembled PDU]',
      'NBSS Session message',
      'NBSS Negative session response, Not listening on called name',
      'NBSS NBSS Continuation Message',
    ]);
    expect(values(ps[3]!, 'nbss.called_name')).toEqual(['SERVER<20>']);
    expect(values(ps[7]!, 'nbss.length')).toEqual([20]);
    expect(values(ps[7]!, 'data.len')).toEqual([20]);
    expect(values(ps[9]!, 'nbss.continuation_data')).toEqual([Uint8Array.of(0)]);
  });
});
