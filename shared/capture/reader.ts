/** Opens a capture of either format and iterates its packet records. */
import type { ByteSource } from './source.ts';
import { PcapReader, readPcapHeader } from './pcap.ts';
import { PcapngReader, isPcapng } from './pcapng.ts';
import type { CaptureProblem, PacketRecord } from './record.ts';

export interface RecordReader {
  readonly format: 'pcap' | 'pcapng';
  next(rec: PacketRecord): boolean;
  readonly problem: CaptureProblem | undefined;
  /** For a file still being written: retry a block that was cut short once the file has grown (pcapng only). */
  resume?(): void;
}

export type OpenResult = { ok: true; reader: RecordReader } | { ok: false; problem: CaptureProblem };

export function openCapture(src: ByteSource): OpenResult {
  if (src.size === 0) return { ok: false, problem: { offset: 0, fatal: true, message: 'the file is empty' } };
  if (isPcapng(src)) {
    const r = new PcapngReader(src);
    return {
      ok: true,
      reader: {
        format: 'pcapng',
        next: (rec) => r.next(rec),
        resume: () => r.resume(),
        get problem() {
          return r.problem;
        },
      },
    };
  }
  const header = readPcapHeader(src);
  if (typeof header === 'string')
    return {
      ok: false,
      problem: {
        offset: 0,
        fatal: true,
        message: src.size < 24 ? header : `the file isn't a capture file in a format Wirelens understands (${header})`,
      },
    };
  const r = new PcapReader(src, header);
  return {
    ok: true,
    reader: {
      format: 'pcap',
      next: (rec) => r.next(rec),
      get problem() {
        return r.problem;
      },
    },
  };
}
