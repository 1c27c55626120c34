/**
 * One shard of a pass over a capture: reads the whole file and gives the numbers of the packets this shard owns that
 * match a display filter, with their fields as tshark's `-T fields` prints them (none for the app's filters). Several
 * shards run side by side in worker threads (sharded-run.ts) and their results are merged in frame order.
 *
 * Ownership: when the fields and the filter need state from earlier packets, each shard fully dissects only the TCP
 * conversations whose stream index falls to it (and shard 0 everything outside a TCP conversation); every shard still
 * looks up every segment's conversation, so stream indexes agree. When every field is read from the packet's own
 * headers, packets are dealt out in blocks of consecutive frames and the others are not dissected at all. Once
 * another shard's conversation is settled (see `PacketContext.settledForeign`), its plain Ethernet/IPv4 segments
 * without SYN are recognised from their bytes and passed over too.
 */
import { LINKTYPE, type CaptureProblem } from '../../shared/capture/record.ts';
import { canonicalFieldName } from '../../shared/dissect/fields.ts';
import { Dissection } from '../../shared/dissect/packet.ts';
import { registerDissectors } from '../../shared/dissect/registry.ts';
import type { ShardSpec } from '../../shared/dissect/context.ts';
import { compileFilter } from '../../shared/filter/index.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';
import { installVendorNames } from './oui.ts';
import { installTlsDecryption } from './tls-crypto.ts';
import { fieldsLine, isColumnField, type FieldsFormat } from '../cli/output.ts';

export interface FieldsJob {
  file: string;
  /** A display filter the caller has already compiled successfully, or undefined for every packet. */
  filter: string | undefined;
  fields: readonly string[];
  fmt: FieldsFormat;
  /** Stop after this many packets read (tshark's -c), 0 for all. */
  limit: number;
  /** Whether Ethernet vendors are named (the CLI does, as tshark; the app's index worker does not). */
  vendorNames: boolean;
}

/** Lines of matching packets this shard owns, in frame order, with every frame up to `upto` accounted for. */
export interface ShardBatch {
  upto: number;
  numbers: Uint32Array;
  /** One line per number, joined with '\n' (empty when the job asks for no fields). */
  text: string;
}

export interface ShardEnd {
  packets: number;
  problem: CaptureProblem | undefined;
}

/** Frames dealt to one shard at a time when packets need no state from each other. */
export const BLOCK = 4096;
/** Lines are handed over in batches of about this many. */
const BATCH = 2048;

/**
 * The endpoints of a plain Ethernet II + IPv4 (unfragmented) + TCP segment, read from its bytes without dissecting
 * it, as the TCP dissector numbers them (address * 65536 + port); false for any other packet.
 */
class PlainTcpV4 {
  lo = 0;
  hi = 0;
  syn = false;
  read(b: Uint8Array, linkType: number): boolean {
    if (linkType !== LINKTYPE.ETHERNET || b.length < 54 || b[12] !== 0x08 || b[13] !== 0x00) return false;
    const vihl = b[14]!;
    const ihl = (vihl & 15) * 4;
    // Version 4, protocol TCP, neither More Fragments nor a fragment offset.
    if (vihl >> 4 !== 4 || ihl < 20 || b[23] !== 6 || (b[20]! & 0x3f) !== 0 || b[21] !== 0) return false;
    const t = 14 + ihl;
    if (b.length < t + 14) return false;
    const src = (b[26]! * 0x1000000 + ((b[27]! << 16) | (b[28]! << 8) | b[29]!)) * 65536 + ((b[t]! << 8) | b[t + 1]!);
    const dst =
      (b[30]! * 0x1000000 + ((b[31]! << 16) | (b[32]! << 8) | b[33]!)) * 65536 + ((b[t + 2]! << 8) | b[t + 3]!);
    this.lo = Math.min(src, dst);
    this.hi = Math.max(src, dst);
    this.syn = (b[t + 13]! & 0x02) !== 0;
    return true;
  }
}

/** Other shards' conversations whose segments without SYN this shard passes over (see `settledForeign`). */
class SettledForeign {
  private readonly byLo = new Map<number, Set<number>>();
  has(k: PlainTcpV4): boolean {
    return this.byLo.get(k.lo)?.has(k.hi) === true;
  }
  add(k: PlainTcpV4): void {
    let s = this.byLo.get(k.lo);
    if (!s) this.byLo.set(k.lo, (s = new Set()));
    s.add(k.hi);
  }
  delete(k: PlainTcpV4): void {
    this.byLo.get(k.lo)?.delete(k.hi);
  }
}

export function runShard(job: FieldsJob, shard: ShardSpec, emit: (b: ShardBatch) => void): ShardEnd {
  registerDissectors();
  if (job.vendorNames) installVendorNames();
  installTlsDecryption();
  const compiled = job.filter === undefined ? undefined : compileFilter(job.filter);
  if (compiled && !compiled.ok) throw new Error(`filter does not compile: ${compiled.error.message}`);
  const filter = compiled?.filter;
  const names = new Set(filter?.fields ?? []);
  for (const f of job.fields) if (!isColumnField(f)) names.add(canonicalFieldName(f));
  const columns = job.fields.some(isColumnField);
  const dissection = new Dissection(undefined, names.size ? names : false, columns, shard);
  const blocks = dissection.stateless;
  const key = new PlainTcpV4();
  const settled = new SettledForeign();

  // Windows never reused: packets are views into them, not copies.
  const cap = openCaptureFile(job.file, { freshWindows: true });
  let numbers = new Uint32Array(BATCH);
  let count = 0;
  let lines: string[] = [];
  let packets = 0;
  const flush = (upto: number): void => {
    emit({ upto, numbers: numbers.slice(0, count), text: lines.join('\n') });
    numbers = new Uint32Array(BATCH);
    count = 0;
    lines = [];
  };
  let problem: CaptureProblem | undefined;
  try {
    problem = forEachPacket(cap, (n, rec, bytes) => {
      packets = n;
      const more = job.limit === 0 || n < job.limit;
      // Progress now and then, so the merge moves on while this shard matches nothing for a while.
      if ((n & 0xffff) === 0) flush(n - 1);
      if (blocks && Math.floor((n - 1) / BLOCK) % shard.count !== shard.index) {
        dissection.skip(rec);
        return more;
      }
      const plain = !blocks && shard.count > 1 && key.read(bytes, rec.linkType);
      if (plain) {
        if (!key.syn && settled.has(key)) {
          dissection.skip(rec);
          return more;
        }
        // A SYN may start a new conversation on the same ports, perhaps this shard's.
        if (key.syn) settled.delete(key);
      }
      const p = dissection.dissect(n, rec, bytes);
      if (!blocks && !p.owned) {
        if (plain && p.settledForeign) settled.add(key);
        return more;
      }
      if (filter && !filter.matches({ tree: p.tree, frame: bytes })) return more;
      numbers[count++] = n;
      if (job.fields.length) lines.push(fieldsLine(p, job.fields, job.fmt));
      if (count === BATCH) flush(n);
      return more;
    });
  } finally {
    cap.source.close();
  }
  flush(Number.MAX_SAFE_INTEGER);
  return { packets, problem };
}
