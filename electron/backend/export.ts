/**
 * File → Export Specified Packets (pcap / pcapng, the original bytes and timestamps, written with the project's
 * writer) and File → Export Packet Dissections (CSV as `tshark -T fields -E separator=, -E quote=d -E header=y` of
 * the packet-list columns, JSON as `tshark -T json`). Plain Node: reads the capture in order with its own handle,
 * writes the destination in chunks and yields to the event loop between batches, so a large export doesn't stall
 * the process's other connections.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { PcapngWriter, PcapWriter } from '../../shared/capture/writer.ts';
import type { PacketRecord } from '../../shared/capture/record.ts';
import { Dissection } from '../../shared/dissect/packet.ts';
import type { ExportFormat } from '../../shared/protocol/messages.ts';
import { fieldsLine, jsonPacket, type FieldsFormat } from '../cli/output.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';
import { installVendorNames } from './oui.ts';

/** The packet list's columns as tshark names them, in the list's order. */
export const COLUMN_FIELDS = [
  '_ws.col.No.',
  '_ws.col.Time',
  '_ws.col.Source',
  '_ws.col.Destination',
  '_ws.col.Protocol',
  '_ws.col.Length',
  '_ws.col.Info',
] as const;

const CSV_FORMAT: FieldsFormat = { separator: ',', occurrence: 'a', aggregator: ',', quote: 'd' };

/** Packets read between two yields to the event loop. */
const BATCH = 2000;
/** Bytes buffered before a write to disk. */
const FLUSH_BYTES = 1 << 20;

export class ExportError extends Error {}

export interface ExportSummary {
  packets: number;
  bytes: number;
}

/** The file name extension of each format. */
export const EXPORT_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  pcap: 'pcap',
  pcapng: 'pcapng',
  csv: 'csv',
  json: 'json',
};

/** A destination file written in chunks; removed again when the export fails. */
class Destination {
  private readonly fd: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  written = 0;

  constructor(private readonly path: string) {
    this.fd = openSync(path, 'w', 0o644);
  }

  push(chunk: Uint8Array): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    for (const c of this.pending) {
      let o = 0;
      while (o < c.length) o += writeSync(this.fd, c, o, c.length - o);
      this.written += c.length;
    }
    this.pending = [];
    this.pendingBytes = 0;
  }

  finish(): number {
    this.flush();
    closeSync(this.fd);
    return this.written;
  }

  discard(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    try {
      unlinkSync(this.path);
    } catch {
      // Nothing was created.
    }
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Walks the capture at `source` in order and calls `visit` for each packet `keep` accepts, yielding between
 * batches. Throws ExportError when the capture can't be opened.
 */
async function walkKept(
  source: string,
  keep: (n: number) => boolean,
  visit: (n: number, rec: PacketRecord, bytes: Uint8Array) => void,
): Promise<void> {
  let cap;
  try {
    cap = openCaptureFile(source);
  } catch (e) {
    throw new ExportError((e as Error).message);
  }
  try {
    let n = 0;
    let more = true;
    while (more) {
      more = false;
      const stop = n + BATCH;
      // forEachPacket restarts at the reader's position, so each batch continues where the last one stopped.
      forEachPacket(cap, (_k, rec, bytes) => {
        n++;
        if (keep(n)) visit(n, rec, bytes);
        if (n >= stop) {
          more = true;
          return false;
        }
        return true;
      });
      if (more) await yieldToEventLoop();
    }
  } finally {
    cap.source.close();
  }
}

interface PcapPlan {
  linkType: number;
  nanosecond: boolean;
  snaplen: number;
  packets: number;
}

/** A first pass over the record headers: pcap holds one link type and one time resolution for the whole file. */
async function planPcap(source: string, keep: (n: number) => boolean): Promise<PcapPlan> {
  const plan: PcapPlan = { linkType: -1, nanosecond: false, snaplen: 262144, packets: 0 };
  let mixed = false;
  await walkKept(source, keep, (_n, rec) => {
    if (plan.linkType < 0) plan.linkType = rec.linkType;
    else if (rec.linkType !== plan.linkType) mixed = true;
    if (rec.tsNsec % 1000 !== 0) plan.nanosecond = true;
    if (rec.caplen > plan.snaplen) plan.snaplen = rec.caplen;
    plan.packets++;
  });
  if (mixed)
    throw new ExportError(
      'The packets have more than one link-layer type, which a pcap file cannot hold. Save them as pcapng.',
    );
  if (plan.linkType < 0) plan.linkType = 1;
  return plan;
}

/** Writes the kept packets of `source` to `dest` as pcap or pcapng with their original bytes and timestamps. */
export async function exportPackets(
  source: string,
  dest: string,
  format: 'pcap' | 'pcapng',
  keep: (n: number) => boolean,
): Promise<ExportSummary> {
  const plan = format === 'pcap' ? await planPcap(source, keep) : undefined;
  const out = new Destination(dest);
  let packets = 0;
  try {
    if (plan) {
      const w = new PcapWriter({ linkType: plan.linkType, nanosecond: plan.nanosecond, snaplen: plan.snaplen });
      for (const c of w.drain()) out.push(c);
      await walkKept(source, keep, (_n, rec, bytes) => {
        out.push(w.add({ tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: bytes, origlen: rec.origlen }));
        w.drain();
        packets++;
      });
    } else {
      // One pcapng interface per (interface, link type) of the source, nanosecond timestamps (lossless).
      const w = new PcapngWriter();
      w.section();
      for (const c of w.drain()) out.push(c);
      const ifaces = new Map<string, number>();
      await walkKept(source, keep, (_n, rec, bytes) => {
        const key = `${rec.interfaceId}/${rec.linkType}`;
        let id = ifaces.get(key);
        if (id === undefined) {
          id = w.iface({ linkType: rec.linkType, tsresol: 9 });
          ifaces.set(key, id);
        }
        w.packet(id, { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: bytes, origlen: rec.origlen });
        packets++;
        for (const c of w.drain()) out.push(c);
      });
    }
    return { packets, bytes: out.finish() };
  } catch (e) {
    out.discard();
    throw e;
  }
}

const encoder = new TextEncoder();

/** Writes the kept packets' dissections: CSV of the packet-list columns, or tshark's -T json. */
export async function exportDissections(
  source: string,
  dest: string,
  format: 'csv' | 'json',
  keep: (n: number) => boolean,
): Promise<ExportSummary> {
  installVendorNames();
  const out = new Destination(dest);
  const dissection = new Dissection(undefined, format === 'json');
  let packets = 0;
  try {
    if (format === 'csv') out.push(encoder.encode(`${COLUMN_FIELDS.join(',')}\n`));
    else out.push(encoder.encode('[\n'));
    await walkKept(
      source,
      () => true,
      (n, rec, bytes) => {
        // Every packet is dissected (TCP and TLS state depend on the earlier ones); only kept ones are written.
        const p = dissection.dissect(n, rec, bytes);
        if (!keep(n)) return;
        packets++;
        if (format === 'csv') out.push(encoder.encode(`${fieldsLine(p, COLUMN_FIELDS, CSV_FORMAT)}\n`));
        else {
          const text = JSON.stringify(jsonPacket(p), null, 2)
            .split('\n')
            .map((l) => '  ' + l)
            .join('\n');
          out.push(encoder.encode(`${packets > 1 ? ',\n' : ''}${text}`));
        }
      },
    );
    if (format === 'json') out.push(encoder.encode(packets ? '\n]\n' : ']\n'));
    return { packets, bytes: out.finish() };
  } catch (e) {
    out.discard();
    throw e;
  }
}

/** Exports in any of the four formats. */
export function exportCapture(
  source: string,
  dest: string,
  format: ExportFormat,
  keep: (n: number) => boolean,
): Promise<ExportSummary> {
  return format === 'pcap' || format === 'pcapng'
    ? exportPackets(source, dest, format, keep)
    : exportDissections(source, dest, format, keep);
}
