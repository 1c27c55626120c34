/** Random access to a capture's bytes, so files are read by offset and never need to be loaded whole. */

export interface ByteSource {
  /** Total size in bytes (may grow for a file still being written). */
  readonly size: number;
  /** Returns up to `length` bytes at `offset` (fewer at the end). The view may be reused by the next call. */
  read(offset: number, length: number): Uint8Array;
}

/** A ByteSource over bytes already in memory (fixtures, tests, the browser). */
export class BufferSource implements ByteSource {
  constructor(private readonly bytes: Uint8Array) {}
  get size(): number {
    return this.bytes.length;
  }
  read(offset: number, length: number): Uint8Array {
    return this.bytes.subarray(offset, Math.min(offset + length, this.bytes.length));
  }
}
