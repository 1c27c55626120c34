/** Hex-pane helpers: bytes from the protocol's hex strings, and the three columns of one dump line. */

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export const BYTES_PER_LINE = 16;

export function offsetText(line: number, total: number): string {
  const width = total > 0xffff ? 8 : 4;
  return (line * BYTES_PER_LINE).toString(16).padStart(width, '0');
}

export function hexByte(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export function asciiChar(b: number): string {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
}
