/**
 * Synthetic TCP conversations for the SEQ/ACK analysis fields (acks_frame, ack_rtt, initial_rtt, bytes_in_flight,
 * push_bytes_sent): partial ACKs, a lost segment, SACK blocks, a retransmission, data with FIN, an ACK in the same
 * nanosecond as its segment. Their tshark 4.0 output is recorded in test/fixtures/tcp-analysis/.
 */
import { tcpFrame, type SynthPacket } from '../shared/capture/synth.ts';
import { CLIENT, SERVER } from './synthetic.ts';

const BASE_SEC = 1_700_000_000;
const SACK_PERM_WS = Uint8Array.of(1, 1, 4, 2, 1, 3, 3, 2);
const MSS = Uint8Array.of(2, 4, 0x05, 0xb4);

function sack(blocks: readonly [number, number][]): Uint8Array {
  const o = new Uint8Array(2 + 2 + blocks.length * 8);
  o[0] = 1;
  o[1] = 1;
  o[2] = 5;
  o[3] = 2 + blocks.length * 8;
  const dv = new DataView(o.buffer);
  blocks.forEach(([l, r], i) => {
    dv.setUint32(4 + i * 8, l >>> 0);
    dv.setUint32(8 + i * 8, r >>> 0);
  });
  return o;
}

function bytes(n: number, fill: number): Uint8Array {
  return new Uint8Array(n).fill(fill);
}

/** A transfer with partial ACKs, a gap, SACKs, a retransmission and a FIN carrying data. */
export function lossyTransfer(): SynthPacket[] {
  const out: SynthPacket[] = [];
  let t = 0;
  const at = (delayNs: number, data: Uint8Array): void => {
    t += delayNs;
    out.push({ tsSec: BASE_SEC + Math.floor(t / 1e9), tsNsec: t % 1e9, data });
  };
  const c = 1000;
  const s = 500_000;
  const cs = { src: CLIENT, dst: SERVER };
  const sc = { src: SERVER, dst: CLIENT };
  at(0, tcpFrame({ ...cs, seq: c, ack: 0, flags: 0x02, options: concatOpts(MSS, SACK_PERM_WS) }));
  at(31_250_000, tcpFrame({ ...sc, seq: s, ack: c + 1, flags: 0x12, options: concatOpts(MSS, SACK_PERM_WS) }));
  at(120_000, tcpFrame({ ...cs, seq: c + 1, ack: s + 1, flags: 0x10 }));
  at(80_000, tcpFrame({ ...cs, seq: c + 1, ack: s + 1, flags: 0x18, payload: bytes(300, 0x41) }));
  // The server ACKs part of the request, then all of it in the same nanosecond as its first reply segment.
  at(30_000_000, tcpFrame({ ...sc, seq: s + 1, ack: c + 101, flags: 0x10 }));
  at(2_000_000, tcpFrame({ ...sc, seq: s + 1, ack: c + 301, flags: 0x10, payload: bytes(1000, 0x42) }));
  at(0, tcpFrame({ ...sc, seq: s + 1001, ack: c + 301, flags: 0x10, payload: bytes(1000, 0x43) }));
  at(10_000, tcpFrame({ ...sc, seq: s + 2001, ack: c + 301, flags: 0x18, payload: bytes(500, 0x44) }));
  at(10_000, tcpFrame({ ...sc, seq: s + 2501, ack: c + 301, flags: 0x18, payload: bytes(200, 0x45) }));
  // Segment s+2701..s+3701 is lost; the next ones arrive and the client SACKs them.
  at(10_000, tcpFrame({ ...sc, seq: s + 3701, ack: c + 301, flags: 0x10, payload: bytes(1000, 0x46) }));
  at(10_000, tcpFrame({ ...sc, seq: s + 4701, ack: c + 301, flags: 0x10, payload: bytes(800, 0x47) }));
  at(29_000_000, tcpFrame({ ...cs, seq: c + 301, ack: s + 1001, flags: 0x10 }));
  at(5_000, tcpFrame({ ...cs, seq: c + 301, ack: s + 2701, flags: 0x10, options: sack([[s + 3701, s + 4701]]) }));
  at(5_000, tcpFrame({ ...cs, seq: c + 301, ack: s + 2701, flags: 0x10, options: sack([[s + 3701, s + 5501]]) }));
  at(1_000_000, tcpFrame({ ...sc, seq: s + 2701, ack: c + 301, flags: 0x10, payload: bytes(1000, 0x48) }));
  at(2_000_000, tcpFrame({ ...sc, seq: s + 5501, ack: c + 301, flags: 0x18, payload: bytes(100, 0x49) }));
  at(30_000_000, tcpFrame({ ...cs, seq: c + 301, ack: s + 5601, flags: 0x10 }));
  // The client sends more with PSH on every segment, the last one with FIN.
  at(1_000_000, tcpFrame({ ...cs, seq: c + 301, ack: s + 5601, flags: 0x18, payload: bytes(40, 0x4a) }));
  at(100_000, tcpFrame({ ...cs, seq: c + 341, ack: s + 5601, flags: 0x10, payload: bytes(60, 0x4b) }));
  at(100_000, tcpFrame({ ...cs, seq: c + 401, ack: s + 5601, flags: 0x19, payload: bytes(20, 0x4c) }));
  at(31_000_000, tcpFrame({ ...sc, seq: s + 5601, ack: c + 421, flags: 0x10 }));
  at(20_000_000, tcpFrame({ ...sc, seq: s + 5601, ack: c + 422, flags: 0x11 }));
  at(30_000_000, tcpFrame({ ...cs, seq: c + 422, ack: s + 5602, flags: 0x10 }));
  return out;
}

/** A stream seen from its middle: no handshake (so no iRTT), a keep-alive and a retransmitted run. */
export function midStream(): SynthPacket[] {
  const out: SynthPacket[] = [];
  let t = 0;
  const at = (delayNs: number, data: Uint8Array): void => {
    t += delayNs;
    out.push({ tsSec: BASE_SEC + Math.floor(t / 1e9), tsNsec: t % 1e9, data });
  };
  const c = 0xfffff000;
  const s = 77_777;
  const cs = { src: CLIENT, dst: SERVER };
  const sc = { src: SERVER, dst: CLIENT };
  at(0, tcpFrame({ ...cs, seq: c, ack: s, flags: 0x18, payload: bytes(3000, 0x30) }));
  at(1_000, tcpFrame({ ...cs, seq: c + 3000, ack: s, flags: 0x10, payload: bytes(2000, 0x31) }));
  at(40_000_000, tcpFrame({ ...sc, seq: s, ack: c + 3000, flags: 0x10 }));
  at(500_000_000, tcpFrame({ ...cs, seq: c + 3000, ack: s, flags: 0x18, payload: bytes(2000, 0x31) }));
  at(40_000_000, tcpFrame({ ...sc, seq: s, ack: c + 5000, flags: 0x18, payload: bytes(10, 0x32) }));
  at(900_000_000, tcpFrame({ ...cs, seq: c + 4999, ack: s + 10, flags: 0x10 }));
  at(1_000_000, tcpFrame({ ...sc, seq: s + 10, ack: c + 5000, flags: 0x10 }));
  at(1_000_000, tcpFrame({ ...cs, seq: c + 5000, ack: s + 10, flags: 0x04 }));
  return out;
}

function concatOpts(a: Uint8Array, b: Uint8Array): Uint8Array {
  const o = new Uint8Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
}

export const TCP_ANALYSIS_FIXTURES: Record<string, () => SynthPacket[]> = {
  'lossy-transfer': lossyTransfer,
  'mid-stream': midStream,
};

/** The fields the SEQ/ACK analysis fixtures record. */
export const SEQ_ACK_FIELDS = [
  'frame.number',
  'tcp.analysis.acks_frame',
  'tcp.analysis.ack_rtt',
  'tcp.analysis.initial_rtt',
  'tcp.analysis.bytes_in_flight',
  'tcp.analysis.push_bytes_sent',
];

/** The lines of every `[SEQ/ACK analysis]` subtree in `-O tcp` text, each prefixed with its frame number. */
export function seqAckLines(text: string): string[] {
  const lines: string[] = [];
  let frame = '';
  let inside = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('Frame ')) {
      frame = line.slice(6, line.indexOf(':'));
      inside = false;
    } else if (line === '    [SEQ/ACK analysis]') {
      inside = true;
      lines.push(`${frame} ${line}`);
    } else if (inside && line.startsWith('        [')) lines.push(`${frame} ${line}`);
    else if (inside && !line.startsWith('        ')) inside = false;
  }
  return lines;
}
