/** Opens a capture file by path and walks its packets in order, with clear messages for files that cannot be read. */
import { openCapture, type RecordReader } from '../../shared/capture/reader.ts';
import { emptyRecord, type CaptureProblem, type PacketRecord } from '../../shared/capture/record.ts';
import { FileSource, type FileSourceOptions } from './file-source.ts';

export class CaptureOpenError extends Error {
  constructor(
    message: string,
    readonly offset: number | undefined,
  ) {
    super(message);
  }
}

export interface OpenCapture {
  source: FileSource;
  reader: RecordReader;
}

/** Opens `path`; `options` as for FileSource (fresh windows for a pass over every packet, see `forEachPacket`). */
export function openCaptureFile(path: string, options: FileSourceOptions = {}): OpenCapture {
  let source: FileSource;
  try {
    source = new FileSource(path, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CaptureOpenError(`The file "${path}" doesn't exist.`, undefined);
    if (code === 'EACCES' || code === 'EPERM')
      throw new CaptureOpenError(`The file "${path}" could not be opened due to a lack of permission.`, undefined);
    if (code === 'EISDIR') throw new CaptureOpenError(`"${path}" is a directory (folder), not a file.`, undefined);
    throw new CaptureOpenError(`The file "${path}" could not be opened: ${(e as Error).message}`, undefined);
  }
  const opened = openCapture(source);
  if (!opened.ok) {
    source.close();
    throw new CaptureOpenError(
      `The file "${path}" could not be read: ${opened.problem.message}.`,
      opened.problem.offset,
    );
  }
  return { source, reader: opened.reader };
}

/**
 * Packets are copied into shared slabs of this size rather than each into its own buffer (one allocation per ~60
 * packets instead of one each); a packet's bytes are never overwritten, and one kept past its packet keeps at most
 * one slab alive.
 */
const SLAB = 32 * 1024;

/**
 * Calls `visit` for every packet (1-based number, record, bytes of its own: never overwritten later); returns the
 * problem that stopped reading, if any. Open the capture with fresh windows and the bytes are views into them, else
 * copies.
 */
export function forEachPacket(
  cap: OpenCapture,
  visit: (n: number, rec: PacketRecord, bytes: Uint8Array) => boolean | undefined,
): CaptureProblem | undefined {
  const rec = emptyRecord();
  let n = 0;
  let slab = new Uint8Array(SLAB);
  let used = 0;
  while (cap.reader.next(rec)) {
    n++;
    const view = cap.source.read(rec.dataOffset, rec.caplen);
    // A view into a window that is never reused is the packet's own already.
    if (cap.source.freshWindows) {
      if (visit(n, rec, view) === false) break;
      continue;
    }
    if (used + view.length > slab.length) {
      slab = new Uint8Array(Math.max(SLAB, view.length));
      used = 0;
    }
    const bytes = slab.subarray(used, used + view.length);
    bytes.set(view);
    used += view.length;
    if (visit(n, rec, bytes) === false) break;
  }
  return cap.reader.problem;
}
