/**
 * The work behind a capture session, run inside the index worker (and directly by tests): index the file in one
 * ordered pass, serve rows from the index, re-dissect single packets from their conversation, and run display
 * filters. Every long operation advances in steps with a time budget so the worker can answer requests between them.
 */
import { basename } from 'node:path';
import { ShardedFilterRun } from './sharded-filter-run.ts';
import type { ShardPool } from './sharded-run.ts';
import type { RecordReader } from '../../shared/capture/reader.ts';
import { emptyRecord, type CaptureProblem, type PacketRecord } from '../../shared/capture/record.ts';
import { Dissection, type DissectedPacket } from '../../shared/dissect/packet.ts';
import type { AlertInfo, FileInfo, PacketDetail, Problem, Row } from '../../shared/protocol/messages.ts';
import { openCaptureFile } from './capture-file.ts';
import { compileDisplayFilter, type DisplayFilter } from './display-filter.ts';
import { FileSource } from './file-source.ts';
import { Column, COLORS, PacketIndex } from './packet-index.ts';
import {
  alertsIn,
  colorOf,
  handshakeTypes,
  ports,
  recordTypes,
  serializeTree,
  TCP_COLOR_FIELDS,
  tcpFacts,
  toHex,
} from './packet-view.ts';

export interface IndexProgress {
  /** Bytes of the file read so far, and its size. */
  done: number;
  total: number;
  packets: number;
}

export interface IndexSummary {
  total: number;
  elapsedMs: number;
  warning: Problem | null;
}

/** Describes a reader problem (truncated tail, bad record) with its byte offset and what is still shown. */
export function describeProblem(p: CaptureProblem, packets: number): Problem {
  const what = p.message.charAt(0).toUpperCase() + p.message.slice(1);
  const shown = packets === 1 ? 'The packet before it is shown.' : `The ${packets} packets before it are shown.`;
  return { message: `${what}. ${shown}`, offset: p.offset };
}

const TLS_PROTOCOL = /^(TLS|SSL)/;

/**
 * The fields indexing keeps (for the row colours); naming an application protocol makes the dissection go all the
 * way up, so the columns are complete, while every other node is skipped.
 */
const INDEX_FIELDS: ReadonlySet<string> = new Set([...TCP_COLOR_FIELDS, 'tls']);

/** A running display filter: advance with `step` until it returns true. */
export class FilterRun {
  readonly matches = new Column(Uint32Array, 1024);
  matched = 0;
  next = 0;
  private readonly dissection: Dissection;
  private readonly rec = emptyRecord();
  readonly started = performance.now();

  constructor(
    private readonly owner: CaptureIndex,
    private readonly filter: DisplayFilter,
  ) {
    // Only the nodes the filter reads are built, only as deep as they need, and no columns (the rows have them).
    this.dissection = new Dissection(undefined, new Set(filter.fields), false);
  }

  get total(): number {
    return this.owner.index.count;
  }

  /** Runs for about `budgetMs`; true when every packet has been tested. */
  step(budgetMs: number): boolean {
    const end = performance.now() + budgetMs;
    const total = this.total;
    while (this.next < total) {
      const i = this.next++;
      const bytes = this.owner.readRecord(i, this.rec);
      const p = this.dissection.dissect(i + 1, this.rec, bytes);
      if (this.filter.matches(p.tree, bytes)) {
        this.matches.ensure(this.matched + 1);
        this.matches.data[this.matched++] = i;
      }
      if ((i & 31) === 0 && performance.now() > end) break;
    }
    return this.next >= total;
  }

  result(): Uint32Array {
    return this.matches.data.slice(0, this.matched);
  }

  cancel(): void {}
}

export class CaptureIndex {
  readonly index = new PacketIndex();
  readonly file: FileInfo;
  private readonly source: FileSource;
  private readonly reader: RecordReader;
  /** A second handle for random access, so reads for rows and packets never disturb the sequential reader. */
  private readonly random: FileSource;
  /** The in-order dissection behind the index; dropped (with its per-stream state) once indexing is done. */
  private dissection: Dissection | null = new Dissection(undefined, INDEX_FIELDS);
  private readonly rec = emptyRecord();
  private bytesDone = 0;
  done = false;
  problem: Problem | null = null;
  private readonly startedAt = performance.now();
  elapsedMs = 0;
  private replay: { conv: number; last: number; dissection: Dissection } | undefined;
  /** The file is still being written (a live capture): at its end, wait for more instead of finishing. */
  following: boolean;
  /** While following: every packet in the file so far is indexed, so the next step should wait for growth. */
  caughtUp = false;

  /**
   * Opens the file; throws CaptureOpenError (with a byte offset when known) if it can't be read as a capture.
   * With `follow`, the index keeps up with a file that grows until `stopFollowing()`.
   */
  constructor(
    readonly path: string,
    options: { follow?: boolean } = {},
  ) {
    this.following = options.follow ?? false;
    const cap = openCaptureFile(path);
    this.source = cap.source;
    this.reader = cap.reader;
    this.random = new FileSource(path);
    this.file = { name: basename(path), path, size: cap.source.size, format: cap.reader.format };
  }

  get progress(): IndexProgress {
    const total = this.following ? this.random.size : this.file.size;
    return { done: this.done ? total : this.bytesDone, total, packets: this.index.count };
  }

  /** The writer has finished: read what is left and finish like a file that was complete from the start. */
  stopFollowing(): void {
    if (!this.following) return;
    this.following = false;
    this.caughtUp = false;
    if (!this.done) {
      this.reader.resume?.();
      this.source.refreshSize();
    }
    this.file.size = this.random.refreshSize();
  }

  /** At the end of a followed file: true when it has grown (read on), false to wait; a real problem ends it. */
  private awaitGrowth(): boolean {
    this.reader.resume?.();
    if (this.reader.problem) return false;
    const before = this.source.size;
    const size = this.source.refreshSize();
    this.random.refreshSize();
    this.caughtUp = size === before;
    return true;
  }

  get summary(): IndexSummary {
    return { total: this.index.count, elapsedMs: this.elapsedMs, warning: this.problem };
  }

  /** Indexes packets for about `budgetMs`; true once the whole file is indexed. */
  step(budgetMs: number): boolean {
    if (this.done) return true;
    const end = performance.now() + budgetMs;
    const rec = this.rec;
    const dissection = this.dissection!;
    let k = 0;
    while (this.reader.next(rec)) {
      const n = this.index.count + 1;
      const bytes = this.source.read(rec.dataOffset, rec.caplen).slice();
      const p = dissection.dissect(n, rec, bytes);
      this.index.add({
        dataOffset: rec.dataOffset,
        caplen: rec.caplen,
        origlen: rec.origlen,
        tsSec: rec.tsSec,
        tsNsec: rec.tsNsec,
        linkType: rec.linkType,
        interfaceId: rec.interfaceId,
        protocol: p.cols.protocol,
        src: p.cols.src,
        dst: p.cols.dst,
        info: p.cols.info,
        conversation: p.conversation,
        stream: p.stream,
        color: colorOf(p, bytes, rec.linkType),
      });
      this.bytesDone = rec.dataOffset + rec.caplen;
      if ((++k & 15) === 0 && performance.now() > end) return false;
    }
    if (this.following && this.awaitGrowth()) return false;
    const problem = this.reader.problem;
    if (problem) this.problem = describeProblem(problem, this.index.count);
    this.done = true;
    this.dissection = null;
    this.elapsedMs = performance.now() - this.startedAt;
    this.source.close();
    return true;
  }

  /** Reads packet `i`'s record (into `rec`) and a private copy of its bytes. */
  readRecord(i: number, rec: PacketRecord): Uint8Array {
    const x = this.index;
    rec.dataOffset = x.offset.data[i]!;
    rec.caplen = x.caplen.data[i]!;
    rec.origlen = x.origlen.data[i]!;
    rec.tsSec = x.tsSec.data[i]!;
    rec.tsNsec = x.tsNsec.data[i]!;
    rec.linkType = x.linkType.data[i]!;
    rec.interfaceId = x.interfaceId.data[i]!;
    const bytes = this.random.read(rec.dataOffset, rec.caplen).slice();
    if (bytes.length < rec.caplen) throw new Error(`packet ${i + 1} at byte ${rec.dataOffset} could not be read`);
    return bytes;
  }

  row(i: number): Row {
    const x = this.index;
    return {
      number: i + 1,
      time: x.timeText(i),
      src: x.addresses.get(x.src.data[i]!),
      dst: x.addresses.get(x.dst.data[i]!),
      protocol: x.protocols.get(x.protocol.data[i]!),
      length: x.origlen.data[i]!,
      info: x.info.get(i),
      color: COLORS[x.color.data[i]!] ?? '',
    };
  }

  /** Rows for packets at 0-based positions `from`..`from + count - 1` (fewer at the end of what is indexed). */
  rows(from: number, count: number): Row[] {
    const out: Row[] = [];
    const end = Math.min(this.index.count, from + count);
    for (let i = from; i < end; i++) out.push(this.row(i));
    return out;
  }

  rowsAt(indexes: ArrayLike<number>): Row[] {
    const out: Row[] = [];
    for (let k = 0; k < indexes.length; k++) {
      const i = indexes[k]!;
      if (i >= 0 && i < this.index.count) out.push(this.row(i));
    }
    return out;
  }

  private timeOf(i: number): [number, number] {
    return [this.index.tsSec.data[i]!, this.index.tsNsec.data[i]!];
  }

  /**
   * Dissects packet `i` (0-based) again, replaying only the earlier packets of its conversation. Walking forward
   * through one conversation reuses the previous replay.
   */
  private dissectAgain(i: number, seen?: (j: number, p: DissectedPacket) => void): DissectedPacket {
    const x = this.index;
    const conv = x.conversation.data[i]!;
    const [firstSec, firstNsec] = this.timeOf(0);
    const rec = emptyRecord();
    const dissectOne = (d: Dissection, j: number): DissectedPacket => {
      const bytes = this.readRecord(j, rec);
      if (j > 0) d.setPrevious(...this.timeOf(j - 1));
      return d.dissect(j + 1, rec, bytes);
    };
    if (conv < 0) return dissectOne(new Dissection({ firstSec, firstNsec }), i);
    const key = x.conversations.get(conv);
    const stream = x.stream.data[i]!;
    let start = 0;
    let d: Dissection;
    if (!seen && this.replay && this.replay.conv === conv && this.replay.last < i) {
      d = this.replay.dissection;
      start = this.replay.last + 1;
    } else {
      d = new Dissection(
        key.startsWith('udp') ? { firstSec, firstNsec, udpStream: stream } : { firstSec, firstNsec, tcpStream: stream },
      );
    }
    let result: DissectedPacket | undefined;
    const convs = x.conversation.data;
    for (let j = start; j <= i; j++) {
      if (convs[j] !== conv) continue;
      const p = dissectOne(d, j);
      seen?.(j, p);
      if (j === i) result = p;
    }
    this.replay = { conv, last: i, dissection: d };
    return result!;
  }

  /** The field tree, bytes and alert facts of packet `number` (1-based). */
  packet(number: number): PacketDetail {
    const i = number - 1;
    if (!Number.isInteger(i) || i < 0 || i >= this.index.count)
      throw new Error(`There is no packet ${number} (the capture has ${this.index.count} packets so far).`);
    const started = performance.now();
    const x = this.index;
    const conv = x.conversation.data[i]!;
    // Facts about the conversation before this packet, collected during the replay when the packet has alerts.
    let client: string | undefined;
    let appData = false;
    const endpoint = (p: DissectedPacket, side: 'src' | 'dst'): string => {
      const pr = ports(p);
      const addr = p.cols[side];
      const port = side === 'src' ? pr.src : pr.dst;
      return port >= 0 ? (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`) : addr;
    };
    const collect = (j: number, p: DissectedPacket): void => {
      if (client === undefined) {
        const tcp = tcpFacts(p);
        const hs = handshakeTypes(p);
        if (tcp?.syn && !tcp.ack) client = endpoint(p, 'src');
        else if (tcp?.syn && tcp.ack) client = endpoint(p, 'dst');
        else if (hs.includes(1)) client = endpoint(p, 'src');
        else if (hs.includes(2)) client = endpoint(p, 'dst');
      }
      if (j < i && recordTypes(p).includes(23)) appData = true;
    };
    let p = this.dissectAgain(i);
    const raw = alertsIn(p);
    if (raw.length && conv >= 0) p = this.dissectAgain(i, collect);
    const alerts: AlertInfo[] = [];
    if (raw.length) {
      const sender = endpoint(p, 'src');
      const role = client === undefined ? 'unknown' : client === sender ? 'client' : 'server';
      // Later packets of the same connection: more TLS? Does the sender close right after?
      let lastTls = true;
      let closes = (tcpFacts(p)?.fin ?? false) || (tcpFacts(p)?.rst ?? false);
      let checkedClose = closes;
      const src = x.src.data[i]!;
      if (conv >= 0)
        for (let j = i + 1; j < x.count; j++) {
          if (x.conversation.data[j] !== conv) continue;
          if (TLS_PROTOCOL.test(x.protocols.get(x.protocol.data[j]!))) lastTls = false;
          if (!checkedClose && x.src.data[j] === src) {
            checkedClose = true;
            closes = /\[(?:[A-Z]+, )*(?:FIN|RST)\b/.test(x.info.get(j));
          }
          if (!lastTls && checkedClose) break;
        }
      // The alert's own packet may carry application data before it.
      const types = recordTypes(p);
      const alertPos = types.indexOf(21);
      if (types.slice(0, alertPos < 0 ? 0 : alertPos).includes(23)) appData = true;
      raw.forEach((a, k) =>
        alerts.push({
          index: k,
          ...a,
          sender: role === 'unknown' ? sender : `${role} (${sender})`,
          senderRole: role,
          afterApplicationData: appData,
          lastTlsRecord: lastTls,
          followedByClose: closes,
        }),
      );
    }
    return {
      number,
      tree: serializeTree(p.tree.roots),
      frameHex: toHex(this.random.read(x.offset.data[i]!, x.caplen.data[i]!)),
      sources: p.tree.sources.map((s) => ({ name: s.name, hex: toHex(s.bytes) })),
      alerts,
      malformed: p.malformed,
      elapsedMs: performance.now() - started,
    };
  }

  /**
   * Compiles a filter and prepares a run over every indexed packet, or returns the compile error. With a pool of
   * shard threads and the whole file indexed (not a capture still growing), the run is spread over the pool.
   */
  startFilter(
    text: string,
    pool?: ShardPool,
  ): FilterRun | ShardedFilterRun | { message: string; column: number; length: number } {
    const c = compileDisplayFilter(text);
    if (!c.ok) return { message: c.message, column: c.column, length: c.length };
    if (pool && this.done && !this.following && this.index.count > 0)
      return new ShardedFilterRun(this.path, text, this.index.count, pool);
    return new FilterRun(this, c.filter);
  }

  close(): void {
    if (!this.done) this.source.close();
    this.random.close();
    this.done = true;
  }
}
