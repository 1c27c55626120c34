/**
 * One direction's CRYPTO stream in one packet number space: data placed by offset as frames arrive (in any order,
 * possibly overlapping), and the complete TLS handshake messages at its start handed out once each.
 */

/**
 * Handshake data beyond this offset is ignored: a real handshake flight is far smaller (a certificate chain is a
 * few kilobytes), and a hostile capture must not make every connection hold megabytes.
 */
const MAX_CRYPTO_OFFSET = 1 << 17;

/** One frame's contribution: stream bytes [start, end) from frame `frame`. */
export interface CryptoPiece {
  frame: number;
  start: number;
  end: number;
  /** Did it arrive ahead of a gap in the stream? */
  outOfOrder: boolean;
}

/** Pieces kept per stream for the fragment list (a handshake needs a few dozen). */
const MAX_PIECES = 256;

export class CryptoStream {
  private buf = new Uint8Array(0);
  private readonly pieces: CryptoPiece[] = [];
  /** Received byte ranges [start, end), sorted and merged. */
  private ranges: [number, number][] = [];
  /** Offset up to which complete handshake messages have been handed out. */
  delivered = 0;
  /** Offset up to which the data went to TLS (in order: TLS may hold the start of a message past `delivered`). */
  tlsAt = 0;

  /** Places `data` (from frame number `frame`) at `offset`; false when it lies beyond what is kept. */
  add(offset: number, data: Uint8Array, frame: number): boolean {
    const end = offset + data.length;
    if (end > MAX_CRYPTO_OFFSET || data.length === 0) return data.length === 0;
    if (this.pieces.length < MAX_PIECES)
      this.pieces.push({ frame, start: offset, end, outOfOrder: offset > this.contiguousEnd() });
    if (end > this.buf.length) {
      const grown = new Uint8Array(Math.max(end, this.buf.length * 2));
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf.set(data, offset);
    this.ranges.push([offset, end]);
    this.ranges.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const r of this.ranges) {
      const last = merged[merged.length - 1];
      if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    this.ranges = merged;
    return true;
  }

  /** End of the data received contiguously from offset 0. */
  contiguousEnd(): number {
    const first = this.ranges[0];
    return first && first[0] === 0 ? first[1] : 0;
  }

  /** The next complete handshake message after those handed out, as [offset, length]; it is then handed out. */
  nextMessage(): [number, number] | undefined {
    const end = this.contiguousEnd();
    const o = this.delivered;
    if (end - o < 4) return undefined;
    const len = 4 + ((this.buf[o + 1]! << 16) | (this.buf[o + 2]! << 8) | this.buf[o + 3]!);
    if (end - o < len) return undefined;
    this.delivered = o + len;
    return [o, len];
  }

  /**
   * The pieces that make up stream bytes [start, end) in stream order, each clipped to what it adds (Wireshark's
   * fragment list of a reassembled PDU).
   */
  piecesOf(start: number, end: number): CryptoPiece[] {
    const sorted = this.pieces.filter((p) => p.end > start && p.start < end).sort((a, b) => a.start - b.start);
    const out: CryptoPiece[] = [];
    let at = start;
    for (const p of sorted) {
      if (p.end <= at) continue;
      const from = Math.max(at, p.start);
      out.push({ ...p, start: from, end: Math.min(end, p.end) });
      at = Math.min(end, p.end);
    }
    return out;
  }

  /** Has any data beyond `offset` arrived? */
  hasDataBeyond(offset: number): boolean {
    const last = this.ranges[this.ranges.length - 1];
    return last !== undefined && last[1] > offset;
  }

  bytes(offset: number, length: number): Uint8Array {
    return this.buf.subarray(offset, offset + length);
  }
}
