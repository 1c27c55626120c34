/** A ByteSource over a file on disk, read by offset through a small window: the file is never loaded whole. */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../../shared/capture/source.ts';

const WINDOW = 1 << 20;
/** Window size when windows are never reused: what a view kept past its packet can keep alive. */
const FRESH_WINDOW = 256 * 1024;

export interface FileSourceOptions {
  /**
   * Read each window into a new buffer instead of reusing one, so the views `read` returns stay valid for good:
   * a pass over every packet can hand them to dissectors without copying (a view kept keeps its window alive).
   */
  freshWindows?: boolean;
}

export class FileSource implements ByteSource {
  private readonly fd: number;
  private buf: Buffer;
  private bufStart = 0;
  private bufLen = 0;
  private cachedSize: number;
  readonly freshWindows: boolean;

  constructor(
    readonly path: string,
    options: FileSourceOptions = {},
  ) {
    this.freshWindows = options.freshWindows ?? false;
    this.buf = this.freshWindows ? Buffer.alloc(0) : Buffer.allocUnsafe(WINDOW);
    this.fd = openSync(path, 'r');
    const st = fstatSync(this.fd);
    if (st.isDirectory()) {
      closeSync(this.fd);
      throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
    }
    this.cachedSize = st.size;
  }

  get size(): number {
    return this.cachedSize;
  }

  /** Picks up growth of a file that is still being written. */
  refreshSize(): number {
    this.cachedSize = fstatSync(this.fd).size;
    return this.cachedSize;
  }

  /**
   * A plain Uint8Array view into the window (never a Buffer: Buffer#slice does not copy, and callers rely on
   * Uint8Array#slice to take copies of packet bytes).
   */
  read(offset: number, length: number): Uint8Array {
    const end = Math.min(offset + length, this.cachedSize);
    if (offset >= this.bufStart && end <= this.bufStart + this.bufLen) {
      return this.view(offset - this.bufStart, end - offset);
    }
    const want = Math.max(end - offset, 0);
    if (this.freshWindows) this.buf = Buffer.allocUnsafe(Math.max(want, FRESH_WINDOW));
    else if (want > this.buf.length) this.buf = Buffer.allocUnsafe(want);
    const n = readSync(this.fd, this.buf, 0, Math.min(Math.max(want, WINDOW), this.buf.length), offset);
    this.bufStart = offset;
    this.bufLen = n;
    return this.view(0, Math.min(n, want));
  }

  private view(start: number, length: number): Uint8Array {
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset + start, Math.max(0, length));
  }

  close(): void {
    closeSync(this.fd);
  }
}
