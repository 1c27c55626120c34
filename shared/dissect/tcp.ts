/** TCP: header and options, conversations (tcp.stream), sequence analysis, and reassembly for stream protocols. */
import { slice, u16, u32, u8 } from '../bytes.ts';
import type { Dissector, PacketContext } from './context.ts';
import { dataDissector } from './data.ts';
import type { StreamInfo, StreamProtocol } from './stream.ts';
import { tcpHeuristics, tcpPorts } from './tables.ts';
import {
  A_ACK_LOST_PACKET,
  A_DUPLICATE_ACK,
  A_FAST_RETRANSMISSION,
  A_KEEP_ALIVE,
  A_KEEP_ALIVE_ACK,
  A_LOST_PACKET,
  A_OUT_OF_ORDER,
  A_RETRANSMISSION,
  A_SPURIOUS_RETRANSMISSION,
  A_WINDOW_UPDATE,
  A_ZERO_WINDOW,
  A_ZERO_WINDOW_PROBE,
  A_ZERO_WINDOW_PROBE_ACK,
  analysisPrefix,
  analyze,
  newFlow,
  noteSackBlock,
  setBases,
  TH_ACK,
  TH_FIN,
  TH_RST,
  TH_SYN,
  TH_URG,
  type AnalysisResult,
  type ConnectionTiming,
  type FlowState,
} from './tcp-analysis.ts';
import { F } from './tcp-fields.ts';
import { addStreamTimestamps, newStreamTimes, secondsText, type StreamTimes } from './tcp-timestamps.ts';
import { FieldGroup, type FieldNode, type FieldTree } from './tree.ts';
import { finishStream, reassemble, type ReassemblyState, newReassembly } from './tcp-reassembly.ts';

interface Conversation {
  stream: number;
  /** `tcp ` and the endpoints as text (the packet's conversation key). */
  name: string;
  /** Endpoint (see `Endpoints`) of the side that sent the first packet seen. */
  firstSrc: string | number;
  flows: [FlowState, FlowState];
  reasm: [ReassemblyState, ReassemblyState];
  timing: ConnectionTiming;
  times: StreamTimes;
  /** Stream protocol carried, once decided; null = decided none. */
  app: StreamProtocol | null | undefined;
  appState: Map<string, unknown>;
}

interface TcpState {
  /** IPv4 conversations by lower endpoint number, then higher. */
  v4: Map<number, Map<number, Conversation>>;
  /** Other conversations by their endpoints' text. */
  byText: Map<string, Conversation>;
}

function state(pkt: PacketContext): TcpState {
  let s = pkt.state.slots.get('tcp') as TcpState | undefined;
  if (!s) {
    s = { v4: new Map(), byText: new Map() };
    pkt.state.slots.set('tcp', s);
  }
  return s;
}

const FLAG_NAMES: [number, string][] = [
  [0x001, 'FIN'],
  [0x002, 'SYN'],
  [0x004, 'RST'],
  [0x008, 'PSH'],
  [0x010, 'ACK'],
  [0x020, 'URG'],
  [0x040, 'ECE'],
  [0x080, 'CWR'],
  [0x100, 'NS'],
];

/** Flag names by the 12-bit flags value, built once per value seen. */
const FLAGS_TEXT: (string | undefined)[] = new Array<string | undefined>(0x1000);

function flagsText(flags: number): string {
  return (FLAGS_TEXT[flags & 0xfff] ??= flagNames(flags & 0xfff));
}

function flagNames(flags: number): string {
  const out: string[] = [];
  for (const [bit, name] of FLAG_NAMES) if (flags & bit) out.push(name);
  return out.length ? out.join(', ') : '<None>';
}

function flagsStr(flags: number): string {
  const letters = 'RRRNCEUAPRSF';
  let s = '';
  for (let i = 0; i < 12; i++) {
    const bit = 1 << (11 - i);
    s += flags & bit ? (i < 3 ? 'R' : letters[i]) : '·';
  }
  return s;
}

interface Options {
  text: string;
  wscale: number;
  node: FieldNode;
}

function dissectOptions(
  b: Uint8Array,
  o: number,
  end: number,
  pkt: PacketContext,
  parent: FieldNode,
  revBase: number,
  revBaseSet: boolean,
  fwd?: FlowState,
): Options {
  const t = pkt.tree;
  const labels = t.labels;
  const optsNode = t.add(parent, F['tcp.options'], o, end - o, slice(b, o, end - o), {
    label: labels ? `Options: (${end - o} bytes), ` : undefined,
  });
  const names: string[] = [];
  let text = '';
  let wscale = -1;
  while (o < end) {
    const kind = u8(b, o);
    if (kind === 0) {
      const n = t.add(optsNode, F['tcp.options.eol'], o, 1, slice(b, o, 1), {
        label: 'TCP Option - End of Option List (EOL)',
      });
      t.add(n, F['tcp.option_kind'], o, 1, 0);
      names.push('End of Option List (EOL)');
      // Wireshark shows every octet of the padding after it as one more end-of-list option.
      o++;
      continue;
    }
    if (kind === 1) {
      const n = t.add(optsNode, F['tcp.options.nop'], o, 1, slice(b, o, 1), {
        label: 'TCP Option - No-Operation (NOP)',
      });
      t.add(n, F['tcp.option_kind'], o, 1, 1);
      names.push('No-Operation (NOP)');
      o++;
      continue;
    }
    const len = u8(b, o + 1);
    if (len < 2 || o + len > end) {
      pkt.notes.push({ severity: 'error', group: 'malformed', message: `TCP option ${kind} has a bad length ${len}` });
      pkt.malformed = true;
      break;
    }
    switch (kind) {
      case 2: {
        const mss = u16(b, o + 2);
        const n = t.add(optsNode, F['tcp.options.mss'], o, len, undefined, {
          label: labels ? `TCP Option - Maximum segment size: ${mss} bytes` : undefined,
        });
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        t.add(n, F['tcp.options.mss_val'], o + 2, 2, mss);
        text += ` MSS=${mss}`;
        names.push('Maximum segment size');
        break;
      }
      case 3: {
        const shift = u8(b, o + 2);
        const mult = 2 ** Math.min(shift, 14);
        const n = t.add(optsNode, F['tcp.options.wscale'], o, len, undefined, {
          label: labels ? `TCP Option - Window scale: ${shift} (multiply by ${mult})` : undefined,
        });
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        t.add(n, F['tcp.options.wscale.shift'], o + 2, 1, shift);
        t.add(n, F['tcp.options.wscale.multiplier'], o + 2, 1, mult, { generated: true });
        text += ` WS=${mult}`;
        wscale = Math.min(shift, 14);
        names.push('Window scale');
        break;
      }
      case 4: {
        const n = t.add(optsNode, F['tcp.options.sack_perm'], o, len, undefined, {
          label: 'TCP Option - SACK permitted',
        });
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        text += ' SACK_PERM';
        names.push('SACK permitted');
        break;
      }
      case 5: {
        const n = t.add(optsNode, F['tcp.options.sack'], o, len, undefined);
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        const edges: string[] = [];
        let blocks = 0;
        for (let p = o + 2; p + 8 <= o + len; p += 8) {
          const le = (u32(b, p) - (revBaseSet ? revBase : 0)) >>> 0;
          const re = (u32(b, p + 4) - (revBaseSet ? revBase : 0)) >>> 0;
          if (fwd) noteSackBlock(fwd, blocks++, le, re);
          t.add(n, F['tcp.options.sack_le'], p, 4, le);
          t.add(n, F['tcp.options.sack_re'], p + 4, 4, re);
          text += ` SLE=${le} SRE=${re}`;
          edges.push(`${le}-${re}`);
        }
        if (labels) n.label = `TCP Option - SACK ${edges.join(' ')}`;
        names.push('SACK');
        break;
      }
      case 8: {
        const tsval = u32(b, o + 2);
        const tsecr = u32(b, o + 6);
        const n = t.add(optsNode, F['tcp.options.time_stamp'], o, len, undefined, {
          label: labels ? `TCP Option - Timestamps: TSval ${tsval}, TSecr ${tsecr}` : undefined,
        });
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        t.add(n, F['tcp.options.timestamp.tsval'], o + 2, 4, tsval);
        t.add(n, F['tcp.options.timestamp.tsecr'], o + 6, 4, tsecr);
        text += ` TSval=${tsval} TSecr=${tsecr}`;
        names.push('Timestamps');
        break;
      }
      default: {
        const n = t.add(optsNode, F['tcp.option.unknown'], o, len, slice(b, o, len), {
          label: labels ? `TCP Option - Unknown (${kind})` : undefined,
        });
        t.add(n, F['tcp.option_kind'], o, 1, kind);
        t.add(n, F['tcp.option_len'], o + 1, 1, len);
        names.push(`Unknown (${kind})`);
      }
    }
    o += len;
  }
  if (labels) optsNode.label = `Options: (${optsNode.length} bytes), ${names.join(', ')}`;
  return { text, wscale, node: optsNode };
}

function scaleFactorLabel(scaleFactor: number): string {
  if (scaleFactor === -1) return '[Window size scaling factor: -1 (unknown)]';
  if (scaleFactor === -2) return '[Window size scaling factor: -2 (no window scaling used)]';
  return `[Window size scaling factor: ${scaleFactor}]`;
}

const ANALYSIS_FIELDS: [number, keyof typeof F, string][] = [
  [A_RETRANSMISSION, 'tcp.analysis.retransmission', 'This frame is a (suspected) retransmission'],
  [A_FAST_RETRANSMISSION, 'tcp.analysis.fast_retransmission', 'This frame is a (suspected) fast retransmission'],
  [
    A_SPURIOUS_RETRANSMISSION,
    'tcp.analysis.spurious_retransmission',
    'This frame is a (suspected) spurious retransmission',
  ],
  [A_OUT_OF_ORDER, 'tcp.analysis.out_of_order', 'This frame is a (suspected) out-of-order segment'],
  [A_LOST_PACKET, 'tcp.analysis.lost_segment', 'Previous segment(s) not captured (common at capture start)'],
  [A_ACK_LOST_PACKET, 'tcp.analysis.ack_lost_segment', "ACKed segment that wasn't captured (common at capture start)"],
  [A_KEEP_ALIVE, 'tcp.analysis.keep_alive', 'This is a TCP keep-alive segment'],
  [A_KEEP_ALIVE_ACK, 'tcp.analysis.keep_alive_ack', 'This is an ACK to a TCP keep-alive segment'],
  [A_DUPLICATE_ACK, 'tcp.analysis.duplicate_ack', 'This is a TCP duplicate ack'],
  [A_ZERO_WINDOW, 'tcp.analysis.zero_window', 'This is a ZeroWindow segment'],
  [A_ZERO_WINDOW_PROBE, 'tcp.analysis.zero_window_probe', 'This is a ZeroWindowProbe segment'],
  [A_ZERO_WINDOW_PROBE_ACK, 'tcp.analysis.zero_window_probe_ack', 'This is an ACK to a ZeroWindowProbe segment'],
  [A_WINDOW_UPDATE, 'tcp.analysis.window_update', 'This is a TCP window update'],
];

/** What `addAnalysisTree` adds, and the fields that need the bytes in flight computed. */
const ANALYSIS_TREE_FIELDS = new FieldGroup(new Set(['tcp.analysis']), ['tcp.analysis.']);
const FLIGHT_FIELDS = new FieldGroup(new Set(['tcp.analysis.bytes_in_flight', 'tcp.analysis.push_bytes_sent']));

/** The `[SEQ/ACK analysis]` subtree: what this ACKs, RTTs, bytes in flight, then the analysis flags. */
function addAnalysisTree(t: FieldTree, root: FieldNode, offset: number, res: AnalysisResult, firstRtt: number): void {
  const an = t.add(root, F['tcp.analysis'], offset, 0, undefined, { label: '[SEQ/ACK analysis]', generated: true });
  if (res.acksFrame) {
    t.add(an, F['tcp.analysis.acks_frame'], offset, 0, res.acksFrame, { generated: true });
    if (res.ackRtt !== 0 && t.keeps('tcp.analysis.ack_rtt')) {
      const rtt = secondsText(res.ackRtt);
      t.add(an, F['tcp.analysis.ack_rtt'], offset, 0, rtt, {
        generated: true,
        label: `[The RTT to ACK the segment was: ${rtt} seconds]`,
      });
    }
  }
  if (firstRtt !== 0 && t.keeps('tcp.analysis.initial_rtt')) {
    const irtt = secondsText(firstRtt);
    t.add(an, F['tcp.analysis.initial_rtt'], offset, 0, irtt, { generated: true, label: `[iRTT: ${irtt} seconds]` });
  }
  if (res.bytesInFlight)
    t.add(an, F['tcp.analysis.bytes_in_flight'], offset, 0, res.bytesInFlight, { generated: true });
  if (res.pushBytesSent)
    t.add(an, F['tcp.analysis.push_bytes_sent'], offset, 0, res.pushBytesSent, { generated: true });
  if (!res.flags) return;
  const fl = t.add(an, F['tcp.analysis.flags'], offset, 0, undefined, {
    label: '[TCP Analysis Flags]',
    generated: true,
  });
  for (const [bit, name, text] of ANALYSIS_FIELDS)
    if (res.flags & bit) t.add(fl, F[name], offset, 0, undefined, { label: `[Expert Info: ${text}]`, generated: true });
  // Fast and spurious retransmissions are retransmissions too (Wireshark adds both expert items).
  if (res.flags & (A_FAST_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION))
    t.add(fl, F['tcp.analysis.retransmission'], offset, 0, undefined, {
      label: '[Expert Info: This frame is a (suspected) retransmission]',
      generated: true,
    });
  if (res.flags & A_DUPLICATE_ACK) {
    t.add(an, F['tcp.analysis.duplicate_ack_num'], offset, 0, res.dupackNum, { generated: true });
    t.add(an, F['tcp.analysis.duplicate_ack_frame'], offset, 0, res.dupackFrame, { generated: true });
  }
}

/** What `addFlags` adds. */
const FLAG_FIELDS = new FieldGroup(new Set(['tcp.flags']), ['tcp.flags.']);

/** tcp.flags and its bits. */
function addFlags(t: FieldTree, root: FieldNode, offset: number, thFlags: number): void {
  if (!t.keepsAnyOf(FLAG_FIELDS)) return;
  const flagsNode = t.add(root, F['tcp.flags'], offset + 12, 2, thFlags, {
    label: t.labels ? `Flags: 0x${thFlags.toString(16).padStart(3, '0')} (${flagsText(thFlags)})` : undefined,
  });
  t.add(flagsNode, F['tcp.flags.res'], offset + 12, 2, (thFlags & 0xe00) !== 0);
  t.add(flagsNode, F['tcp.flags.ae'], offset + 12, 2, (thFlags & 0x100) !== 0);
  t.add(flagsNode, F['tcp.flags.cwr'], offset + 12, 2, (thFlags & 0x80) !== 0);
  t.add(flagsNode, F['tcp.flags.ecn'], offset + 12, 2, (thFlags & 0x40) !== 0);
  t.add(flagsNode, F['tcp.flags.urg'], offset + 12, 2, (thFlags & 0x20) !== 0);
  t.add(flagsNode, F['tcp.flags.ack'], offset + 12, 2, (thFlags & 0x10) !== 0);
  t.add(flagsNode, F['tcp.flags.push'], offset + 12, 2, (thFlags & 0x08) !== 0);
  t.add(flagsNode, F['tcp.flags.reset'], offset + 12, 2, (thFlags & 0x04) !== 0);
  t.add(flagsNode, F['tcp.flags.syn'], offset + 12, 2, (thFlags & 0x02) !== 0);
  t.add(flagsNode, F['tcp.flags.fin'], offset + 12, 2, (thFlags & 0x01) !== 0);
  if (t.labels || t.keeps('tcp.flags.str')) {
    const str = flagsStr(thFlags);
    t.add(flagsNode, F['tcp.flags.str'], offset + 12, 2, str, { label: `[TCP Flags: ${str}]` });
  }
}

/** What `addStatelessFields` adds. */
const STATELESS_FIELDS = new FieldGroup(
  new Set(['tcp.len', 'tcp.seq_raw', 'tcp.ack_raw', 'tcp.hdr_len', 'tcp.flags']),
  ['tcp.flags.'],
);

/** The header fields before the options that need no state (depth 'headers'; see STATELESS_TCP in depth.ts). */
function addStatelessFields(
  t: FieldTree,
  root: FieldNode,
  offset: number,
  length: number,
  hlen: number,
  seq: number,
  ack: number,
  thFlags: number,
): void {
  if (!t.keepsAnyOf(STATELESS_FIELDS)) return;
  t.add(root, F['tcp.len'], offset + 12, 1, Math.max(0, length - hlen));
  t.add(root, F['tcp.seq_raw'], offset + 4, 4, seq);
  t.add(root, F['tcp.ack_raw'], offset + 8, 4, ack);
  t.add(root, F['tcp.hdr_len'], offset + 12, 1, hlen);
  addFlags(t, root, offset, thFlags);
}

/** The Info column of a segment, after the analysis prefixes. */
function info(
  srcPort: number,
  dstPort: number,
  thFlags: number,
  relSeq: number,
  relAck: number,
  window: number,
  urg: number,
  tcpLen: number,
  optText: string,
): string {
  let text = `${srcPort} → ${dstPort} [${flagsText(thFlags)}] Seq=${relSeq}`;
  if (thFlags & TH_ACK) text += ` Ack=${relAck}`;
  text += ` Win=${window}`;
  if (thFlags & TH_URG) text += ` Urg=${urg}`;
  return text + ` Len=${tcpLen}${optText}`;
}

/** The text key of a conversation: both endpoints, the smaller first. */
function textKey(a: string, z: string): string {
  return a < z ? `${a}|${z}` : `${z}|${a}`;
}

function findV4(st: TcpState, a: number, z: number): Conversation | undefined {
  return a < z ? st.v4.get(a)?.get(z) : st.v4.get(z)?.get(a);
}

function setV4(st: TcpState, a: number, z: number, conv: Conversation): void {
  const lo = Math.min(a, z);
  let inner = st.v4.get(lo);
  if (!inner) st.v4.set(lo, (inner = new Map()));
  inner.set(Math.max(a, z), conv);
}

function pickApp(conv: Conversation, srcPort: number, dstPort: number, b: Uint8Array, o: number, len: number): void {
  const lo = Math.min(srcPort, dstPort);
  const hi = Math.max(srcPort, dstPort);
  for (const p of [lo, hi]) {
    const proto = tcpPorts.get(p);
    if (proto) {
      conv.app = proto;
      return;
    }
  }
  for (const h of tcpHeuristics)
    if (h.heuristic?.(b, o, len)) {
      conv.app = h;
      return;
    }
}

/** Whether the header, options included, lies in the frame with a byte to spare: no read of it can fail. */
function headerInFrame(b: Uint8Array, offset: number, length: number): boolean {
  if (b.length < offset + 20) return false;
  const hlen = (b[offset + 12]! >> 4) * 4;
  return hlen <= 20 || offset + Math.min(hlen, length) < b.length;
}

export const tcp: Dissector = (b, offset, length, pkt, parent) => {
  const t = pkt.tree;
  const srcPort = u16(b, offset);
  const dstPort = u16(b, offset + 2);
  // The ports go to the columns first, so a header cut short still shows them (as Wireshark does); a header wholly
  // in the frame cannot be cut short, and gets its full Info below.
  pkt.cols.protocol = 'TCP';
  if (pkt.columns && !headerInFrame(b, offset, length)) pkt.cols.info = `${srcPort} → ${dstPort}`;
  const seq = u32(b, offset + 4);
  const ack = u32(b, offset + 8);
  const hlw = u16(b, offset + 12);
  const hlen = (hlw >> 12) * 4;
  const thFlags = hlw & 0x0fff;
  const winValue = u16(b, offset + 14);
  // The protocol item covers the header and the payload, as in Wireshark (so `tcp contains …` sees the data).
  const root = t.add(parent, F.tcp, offset, Math.max(20, Math.min(length, b.length - offset)), undefined);
  // Header fields only when some are kept, their label text only when the whole tree is.
  const want = t.wants('tcp');
  const labels = t.labels;
  pkt.protocols.push('tcp');
  pkt.cols.protocol = 'TCP';
  pkt.srcPort = srcPort;
  pkt.dstPort = dstPort;
  if (want) {
    t.add(root, F['tcp.srcport'], offset, 2, srcPort);
    t.add(root, F['tcp.dstport'], offset + 2, 2, dstPort);
    t.add(root, F['tcp.port'], offset, 2, srcPort, { hidden: true });
    t.add(root, F['tcp.port'], offset + 2, 2, dstPort, { hidden: true });
  }

  if (pkt.depth === 'headers') {
    // Only fields read from this segment's own header are wanted: no conversation, analysis or reassembly state.
    // Same fields, in the same order, as below, so a header cut short ends with the same nodes.
    if (want) addStatelessFields(t, root, offset, length, hlen, seq, ack, thFlags);
    if (hlen > 20) dissectOptions(b, offset + 20, offset + Math.min(hlen, length), pkt, root, 0, false);
    if (want) {
      t.add(root, F['tcp.window_size_value'], offset + 14, 2, winValue);
      t.add(root, F['tcp.checksum'], offset + 16, 2, u16(b, offset + 16));
    }
    const urgent = u16(b, offset + 18);
    if (want) t.add(root, F['tcp.urgent_pointer'], offset + 18, 2, urgent);
    return;
  }

  // Conversation and direction.
  const st = state(pkt);
  const net = pkt.net;
  // An endpoint is the address and port: one number for IPv4 (address * 65536 + port, below 2^48), else text.
  const v4 = net.version === 4;
  const a: string | number = v4 ? net.src4 * 65536 + srcPort : `${net.src}:${srcPort}`;
  const z: string | number = v4 ? net.dst4 * 65536 + dstPort : `${net.dst}:${dstPort}`;
  let conv = v4 ? findV4(st, a as number, z as number) : st.byText.get(textKey(a as string, z as string));
  const isNewSyn = (thFlags & (TH_SYN | TH_ACK)) === TH_SYN;
  if (conv && isNewSyn) {
    const dir0 = conv.firstSrc === a ? 0 : 1;
    const f = conv.flows[dir0];
    if (f.baseSet && f.sawSyn && seq !== f.baseSeq) conv = undefined;
  }
  if (!conv) {
    const key = textKey(`${net.src}:${srcPort}`, `${net.dst}:${dstPort}`);
    conv = {
      stream: pkt.state.nextTcpStream++,
      name: `tcp ${key}`,
      firstSrc: a,
      flows: [newFlow(), newFlow()],
      reasm: [newReassembly(), newReassembly()],
      timing: { mruSyn: -1, firstRtt: 0 },
      times: newStreamTimes(),
      app: undefined,
      appState: new Map(),
    };
    if (v4) setV4(st, a as number, z as number, conv);
    else st.byText.set(key, conv);
  }
  const dir: 0 | 1 = conv.firstSrc === a ? 0 : 1;
  const fwd = conv.flows[dir];
  const rev = conv.flows[dir === 0 ? 1 : 0];
  if (want) t.add(root, F['tcp.stream'], offset, 0, conv.stream, { generated: true });
  pkt.conversation = conv.name;
  pkt.stream = conv.stream;

  const tcpLen = Math.max(0, length - hlen);
  setBases(fwd, rev, seq, ack, thFlags);
  const shard = pkt.state.shard;
  if (shard) {
    // Another shard dissects this conversation: the bases above are all that stream numbering needs from here.
    pkt.owner = conv.stream % shard.count;
    if (pkt.owner !== shard.index) {
      pkt.settledForeign = fwd.baseSet && rev.baseSet;
      return;
    }
  }
  const relSeq = (seq - fwd.baseSeq) >>> 0;
  const relAck = (ack - rev.baseSeq) >>> 0;
  const synOrFin = thFlags & (TH_SYN | TH_FIN) ? 1 : 0;
  if (t.labels) {
    const ackText = thFlags & TH_ACK ? `, Ack: ${relAck}` : '';
    root.label = `Transmission Control Protocol, Src Port: ${srcPort}, Dst Port: ${dstPort}, Seq: ${relSeq}${ackText}, Len: ${tcpLen}`;
  }
  if (want) {
    t.add(root, F['tcp.len'], offset + 12, 1, tcpLen, { generated: true });
    t.add(root, F['tcp.seq'], offset + 4, 4, relSeq, {
      label: labels ? `Sequence Number: ${relSeq}    (relative sequence number)` : undefined,
    });
    t.add(root, F['tcp.seq_raw'], offset + 4, 4, seq);
    if (tcpLen || synOrFin)
      t.add(root, F['tcp.nxtseq'], offset, 0, (relSeq + tcpLen + synOrFin) >>> 0, {
        label: labels
          ? `[Next Sequence Number: ${(relSeq + tcpLen + synOrFin) >>> 0}    (relative sequence number)]`
          : undefined,
        generated: true,
      });
    if (thFlags & TH_ACK) {
      t.add(root, F['tcp.ack'], offset + 8, 4, relAck, {
        label: labels ? `Acknowledgment Number: ${relAck}    (relative ack number)` : undefined,
      });
    } else {
      t.add(root, F['tcp.ack'], offset + 8, 4, 0, { label: 'Acknowledgment Number: 0', hidden: true });
    }
    t.add(root, F['tcp.ack_raw'], offset + 8, 4, ack);
    t.add(root, F['tcp.hdr_len'], offset + 12, 1, hlen, {
      label: labels
        ? `${((hlw >> 12) >>> 0).toString(2).padStart(4, '0')} .... = Header Length: ${hlen} bytes (${hlw >> 12})`
        : undefined,
    });
    addFlags(t, root, offset, thFlags);
  }

  // Options (window scale must be known before the window is computed).
  let optText = '';
  let optsNode: FieldNode | undefined;
  fwd.sackDelivered = 0;
  if (hlen > 20) {
    const o = dissectOptions(b, offset + 20, offset + Math.min(hlen, length), pkt, root, rev.baseSeq, rev.baseSet, fwd);
    optText = o.text;
    optsNode = o.node;
    if (thFlags & TH_SYN) fwd.synWinScale = o.wscale;
  } else if (thFlags & TH_SYN) fwd.synWinScale = -1;
  if ((thFlags & (TH_SYN | TH_ACK)) === (TH_SYN | TH_ACK)) {
    // Scaling is on only when both SYNs carried the option.
    if (fwd.synWinScale >= 0 && rev.synWinScale >= 0) {
      fwd.winScale = fwd.synWinScale;
      rev.winScale = rev.synWinScale;
    } else {
      fwd.winScale = -2;
      rev.winScale = -2;
    }
  }
  let window = winValue;
  let scaleFactor = -1;
  if (!(thFlags & TH_SYN)) {
    if (fwd.winScale >= 0) {
      window = winValue * 2 ** fwd.winScale;
      scaleFactor = 2 ** fwd.winScale;
    } else if (fwd.winScale === -2) scaleFactor = -2;
  }
  if (want) {
    t.add(root, F['tcp.window_size_value'], offset + 14, 2, winValue);
    t.add(root, F['tcp.window_size'], offset + 14, 2, window, { generated: true });
    // Wireshark gives no scaling factor on SYN segments (their window is never scaled).
    if (!(thFlags & TH_SYN))
      t.add(root, F['tcp.window_size_scalefactor'], offset + 14, 2, scaleFactor, {
        generated: true,
        label: labels ? scaleFactorLabel(scaleFactor) : undefined,
      });
    const checksum = u16(b, offset + 16);
    t.add(root, F['tcp.checksum'], offset + 16, 2, checksum, {
      label: labels ? `Checksum: 0x${checksum.toString(16).padStart(4, '0')} [unverified]` : undefined,
    });
    t.add(root, F['tcp.checksum.status'], offset + 16, 0, 2, {
      generated: true,
      label: labels ? '[Checksum Status: Unverified]' : undefined,
    });
  }
  const urg = u16(b, offset + 18);
  if (want) t.add(root, F['tcp.urgent_pointer'], offset + 18, 2, urg);
  // Read first (the window scale needs them), the options show after the urgent pointer, as in Wireshark.
  if (optsNode) moveToEnd(root, optsNode);

  // First RTT: from the most recent SYN to the ACK that completes the handshake.
  if ((thFlags & (TH_SYN | TH_ACK)) === TH_SYN) conv.timing.mruSyn = pkt.relNs;
  else if (
    thFlags & TH_ACK &&
    !(thFlags & TH_SYN) &&
    conv.timing.firstRtt === 0 &&
    conv.timing.mruSyn >= 0 &&
    rev.sawSyn
  )
    conv.timing.firstRtt = pkt.relNs - conv.timing.mruSyn;

  addStreamTimestamps(t, root, offset, conv.times, pkt.relNs);
  const wantFlight = t.keepsAnyOf(FLIGHT_FIELDS);
  const wantAnalysis = t.keepsAnyOf(ANALYSIS_TREE_FIELDS);
  const res = analyze(
    fwd,
    rev,
    conv.timing,
    pkt.number,
    pkt.relNs,
    seq,
    ack,
    tcpLen,
    thFlags,
    window,
    wantFlight,
    wantAnalysis,
  );
  if (res.hasAnalysis && wantAnalysis) addAnalysisTree(t, root, offset, res, conv.timing.firstRtt);

  const fence = analysisPrefix(res);
  pkt.fence = fence;
  pkt.cols.info = pkt.columns
    ? fence + info(srcPort, dstPort, thFlags, relSeq, relAck, window, urg, tcpLen, optText)
    : fence;

  if (hlen < 20) {
    pkt.malformed = true;
    pkt.notes.push({
      severity: 'error',
      group: 'malformed',
      message: `Bogus TCP header length (${hlen}, must be at least 20)`,
    });
    return;
  }
  if (pkt.depth === 'transport') return;
  if (tcpLen <= 0) {
    if (thFlags & TH_FIN && conv.app)
      finishStream(conv.reasm[dir], conv.app, pkt, parent, {
        stream: conv.stream,
        direction: dir,
        srcPort,
        dstPort,
        convState: conv.appState,
        fin: true,
      });
    return;
  }
  const payloadOff = offset + hlen;
  const avail = Math.min(tcpLen, b.length - payloadOff);
  if (avail <= 0) return;
  t.add(root, F['tcp.payload'], payloadOff, avail, t.keeps('tcp.payload') ? slice(b, payloadOff, avail) : undefined, {
    label: t.labels ? `TCP payload (${avail} byte${avail === 1 ? '' : 's'})` : undefined,
  });
  if (thFlags & TH_RST) return;
  // Data seen before is not dissected again (Wireshark shows such segments as TCP).
  if (res.flags & (A_RETRANSMISSION | A_SPURIOUS_RETRANSMISSION | A_FAST_RETRANSMISSION | A_OUT_OF_ORDER)) return;

  if (conv.app === undefined) pickApp(conv, srcPort, dstPort, b, payloadOff, avail);
  const app = conv.app;
  if (!app) {
    dataDissector(b, payloadOff, avail, pkt, parent);
    return;
  }
  const info2: StreamInfo = {
    stream: conv.stream,
    direction: dir,
    srcPort,
    dstPort,
    convState: conv.appState,
    fin: (thFlags & TH_FIN) !== 0,
  };
  reassemble(conv.reasm[dir], app, b, payloadOff, avail, seq, pkt, parent, root, info2, () => {
    // Data the stream protocol could not claim after all: let heuristics try the next payload.
    conv!.app = undefined;
  });
};

export { TH_RST };

/** Moves `node` to the end of `parent`'s children (no-op when it is not one of them, e.g. in a filter-only tree). */
function moveToEnd(parent: FieldNode, node: FieldNode): void {
  const kids = parent.children;
  const i = kids ? kids.indexOf(node) : -1;
  if (!kids || i < 0 || i === kids.length - 1) return;
  kids.splice(i, 1);
  kids.push(node);
}
