/** Runs one (possibly hostile) capture through the whole pipeline and reports what went wrong, if anything. */
import { openCapture } from '../../shared/capture/reader.ts';
import { emptyRecord } from '../../shared/capture/record.ts';
import { BufferSource } from '../../shared/capture/source.ts';
import { Dissection, type DissectedPacket } from '../../shared/dissect/packet.ts';

/** A compiled display filter, as far as the harness needs it. */
export type PacketFilter = (p: Pick<DissectedPacket, 'tree'>, frame: Uint8Array) => boolean;

export interface HarnessLimits {
  /** Longest a single packet (dissection plus filters) may take. */
  packetMs: number;
}

export interface HarnessResult {
  packets: number;
  failure?: { kind: 'exception' | 'dissector-bug' | 'slow-packet'; packet: number; detail: string };
}

export function runCapture(file: Uint8Array, filters: readonly PacketFilter[], limits: HarnessLimits): HarnessResult {
  let packets = 0;
  try {
    const opened = openCapture(new BufferSource(file));
    if (!opened.ok) return { packets };
    const d = new Dissection();
    const rec = emptyRecord();
    while (opened.reader.next(rec)) {
      packets++;
      const bytes = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
      const t0 = performance.now();
      const p = d.dissect(packets, rec, bytes);
      for (const f of filters) f(p, bytes);
      const ms = performance.now() - t0;
      if (p.bug) return { packets, failure: { kind: 'dissector-bug', packet: packets, detail: p.bug } };
      if (ms > limits.packetMs)
        return { packets, failure: { kind: 'slow-packet', packet: packets, detail: `${ms.toFixed(1)} ms` } };
    }
    return { packets };
  } catch (e) {
    return {
      packets,
      failure: { kind: 'exception', packet: packets, detail: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    };
  }
}

/** Every packet of a well-formed capture, dissected with full trees (targets for fuzzed filter strings). */
export function dissectAll(file: Uint8Array): { tree: DissectedPacket['tree']; frame: Uint8Array }[] {
  const opened = openCapture(new BufferSource(file));
  if (!opened.ok) throw new Error(opened.problem.message);
  const d = new Dissection();
  const rec = emptyRecord();
  const out: { tree: DissectedPacket['tree']; frame: Uint8Array }[] = [];
  for (let n = 1; opened.reader.next(rec); n++) {
    const frame = file.slice(rec.dataOffset, rec.dataOffset + rec.caplen);
    out.push({ tree: d.dissect(n, rec, frame).tree, frame });
  }
  return out;
}
