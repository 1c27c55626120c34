/** Dissects packets of one capture in order, keeping the state that later packets depend on. */
import { BoundsError } from '../bytes.ts';
import type { PacketRecord } from '../capture/record.ts';
import type { CaptureState, Columns, ExpertNote, PacketContext, ShardSpec } from './context.ts';
import { dataDissector } from './data.ts';
import { F as FRAME, dissectFrame, timeText } from './frame.ts';
import { registerDissectors } from './registry.ts';
import { byLinkType } from './tables.ts';
import { FieldTree } from './tree.ts';
import { depthFor, type Depth } from './depth.ts';
import { currentProtocol } from './tls/ber-layers.ts';

export interface DissectedPacket {
  number: number;
  tree: FieldTree;
  cols: Columns;
  /** Relative time text with 9 decimals (frame.time_relative). */
  timeRelative: string;
  caplen: number;
  origlen: number;
  malformed: boolean;
  notes: ExpertNote[];
  protocols: string[];
  /** Transport conversation key ('' when none) and its tcp.stream / udp.stream index (-1 when none). */
  conversation: string;
  stream: number;
  /** Set when a dissector failed with something other than running out of bytes: a defect to fix, not bad input. */
  bug?: string;
  /** False when the dissection is a shard and another shard owns this packet (it was not dissected in full here). */
  owned: boolean;
  /** See `PacketContext.settledForeign`. */
  settledForeign: boolean;
}

/** To re-dissect one conversation on its own: the capture's first timestamp and the conversation's stream index. */
export interface ReplayOptions {
  firstSec: number;
  firstNsec: number;
  tcpStream?: number;
  udpStream?: number;
}

export class Dissection {
  private readonly state: CaptureState;
  private firstSec = -1;
  private firstNsec = 0;
  private prevSec = 0;
  private prevNsec = 0;
  private readonly depth: Depth;
  private readonly columns: boolean;

  /**
   * @param replay to re-dissect one conversation on its own
   * @param buildTree false when only the columns are wanted (no field tree is kept: much faster), or the field
   *   names a display filter reads (only their nodes are kept)
   * @param columns whether the Protocol/Info columns are wanted; when not, and only some fields are, dissection
   *   stops at the layers those fields live in
   * @param shard to be one of several dissections of the same capture side by side (see `CaptureState.shard`)
   */
  constructor(
    replay?: ReplayOptions,
    private readonly buildTree: boolean | ReadonlySet<string> = true,
    columns = true,
    private readonly shard?: ShardSpec,
  ) {
    registerDissectors();
    this.depth = typeof buildTree === 'boolean' || columns ? 'all' : depthFor(buildTree);
    this.columns = columns || buildTree === false;
    this.state = { slots: new Map(), nextTcpStream: replay?.tcpStream ?? 0, nextUdpStream: replay?.udpStream ?? 0 };
    if (shard) this.state.shard = shard;
    if (replay) {
      this.firstSec = replay.firstSec;
      this.firstNsec = replay.firstNsec;
      this.prevSec = replay.firstSec;
      this.prevNsec = replay.firstNsec;
    }
  }

  /**
   * Whether each packet is dissected on its own, needing no state from the packets before it other than their
   * times: true when only frame fields and fields of each header itself are wanted.
   */
  get stateless(): boolean {
    return this.depth === 'frame' || this.depth === 'headers';
  }

  /** A packet passed over without dissecting it (another shard's, when stateless): only its time is noted. */
  skip(rec: PacketRecord): void {
    if (this.firstSec < 0) {
      this.firstSec = rec.tsSec;
      this.firstNsec = rec.tsNsec;
    }
    this.prevSec = rec.tsSec;
    this.prevNsec = rec.tsNsec;
  }

  /** Time of the previous packet, for frame.time_delta when replaying (defaults to the last packet given). */
  setPrevious(sec: number, nsec: number): void {
    this.prevSec = sec;
    this.prevNsec = nsec;
  }

  /** Dissects the next packet; packets must be given in capture order for stateful protocols to be right. */
  dissect(number: number, rec: PacketRecord, bytes: Uint8Array): DissectedPacket {
    if (this.firstSec < 0) {
      this.firstSec = rec.tsSec;
      this.firstNsec = rec.tsNsec;
      this.prevSec = rec.tsSec;
      this.prevNsec = rec.tsNsec;
    }
    let relSec = rec.tsSec - this.firstSec;
    let relNsec = rec.tsNsec - this.firstNsec;
    if (relNsec < 0 && relSec > 0) {
      relSec -= 1;
      relNsec += 1_000_000_000;
    }
    let deltaSec = rec.tsSec - this.prevSec;
    let deltaNsec = rec.tsNsec - this.prevNsec;
    if (deltaNsec < 0 && deltaSec > 0) {
      deltaSec -= 1;
      deltaNsec += 1_000_000_000;
    }
    this.prevSec = rec.tsSec;
    this.prevNsec = rec.tsNsec;
    const tree = new FieldTree(this.buildTree);
    const pkt: PacketContext = {
      tree,
      number,
      cols: { protocol: '', info: '', src: '', dst: '' },
      net: { src: '', dst: '', version: 0, ttl: 0, src4: 0, dst4: 0 },
      conversation: '',
      stream: -1,
      srcPort: -1,
      dstPort: -1,
      malformed: false,
      notes: [],
      protocols: [],
      fence: '',
      infoCleared: false,
      relNs: relSec * 1e9 + relNsec,
      columns: this.columns,
      absSec: rec.tsSec,
      depth: this.depth,
      state: this.state,
      owner: -1,
      settledForeign: false,
    };
    const frameNode = dissectFrame(
      pkt,
      rec.caplen,
      rec.origlen,
      {
        absSec: rec.tsSec,
        absNsec: rec.tsNsec,
        relSec,
        relNsec,
        deltaSec,
        deltaNsec,
      },
      rec.interfaceId,
      rec.linkType,
    );
    const link = byLinkType.get(rec.linkType);
    let bug: string | undefined;
    try {
      if (this.depth === 'frame') {
        // Only frame fields are wanted: no protocol needs to run.
      } else if (link) link(bytes, 0, bytes.length, pkt, null);
      else {
        pkt.cols.protocol = `WTAP_ENCAP = ${rec.linkType}`;
        dataDissector(bytes, 0, bytes.length, pkt, null);
      }
    } catch (e) {
      if (!(e instanceof BoundsError)) bug = e instanceof Error ? (e.stack ?? e.message) : String(e);
      const last = currentProtocol(pkt.protocols) ?? 'frame';
      const truncated = e instanceof BoundsError && rec.caplen < rec.origlen;
      if (!(e instanceof BoundsError)) {
        pkt.notes.push({ severity: 'error', group: 'malformed', message: `Dissector bug: ${(e as Error).message}` });
      }
      pkt.malformed = true;
      const label = truncated
        ? `[Packet size limited during capture: ${last.toUpperCase()} truncated]`
        : `[Malformed Packet: ${last.toUpperCase()}]`;
      tree.add(null, FRAME['_ws.malformed'], 0, 0, undefined, { label });
      pkt.cols.info += truncated ? '[Packet size limited during capture]' : '[Malformed Packet]';
      pkt.notes.push({
        severity: 'error',
        group: 'malformed',
        message: e instanceof BoundsError ? `Malformed packet (${e.message})` : 'Malformed packet',
      });
    }
    if (tree.keeps('frame.protocols'))
      tree.add(frameNode, FRAME['frame.protocols'], 0, 0, pkt.protocols.join(':'), { generated: true });
    const shard = this.shard;
    const owned = !shard || (pkt.owner === -1 ? shard.index === 0 : pkt.owner === shard.index);
    return new Dissected(number, tree, pkt, rec.caplen, rec.origlen, relSec, relNsec, bug, owned, pkt.settledForeign);
  }
}

/** A dissected packet whose relative-time text is only formatted when read. */
class Dissected implements DissectedPacket {
  readonly cols: Columns;
  readonly malformed: boolean;
  readonly notes: ExpertNote[];
  readonly protocols: string[];
  readonly conversation: string;
  readonly stream: number;
  private time: string | undefined;

  constructor(
    readonly number: number,
    readonly tree: FieldTree,
    pkt: PacketContext,
    readonly caplen: number,
    readonly origlen: number,
    private readonly relSec: number,
    private readonly relNsec: number,
    readonly bug: string | undefined,
    readonly owned: boolean,
    readonly settledForeign: boolean,
  ) {
    this.cols = pkt.cols;
    this.malformed = pkt.malformed;
    this.notes = pkt.notes;
    this.protocols = pkt.protocols;
    this.conversation = pkt.conversation;
    this.stream = pkt.stream;
  }

  get timeRelative(): string {
    return (this.time ??= timeText(this.relSec, this.relNsec));
  }
}
