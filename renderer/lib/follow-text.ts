/** How Follow TLS Stream shows bytes: as text (ASCII) or as a hex dump. */

/** Bytes (lower-case hex) as text (non-printable bytes as '.', line breaks kept). */
export function asciiOf(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const b = parseInt(hex.slice(i, i + 2), 16);
    s += b === 10 || b === 9 || (b >= 32 && b < 127) ? String.fromCharCode(b) : b === 13 ? '' : '.';
  }
  return s;
}

/** Hex dump lines (16 bytes a line, offset first), as Wireshark's Follow Stream "Hex Dump". */
export function hexDumpOf(hex: string, startOffset = 0): string {
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += 32) {
    const chunk = hex.slice(i, i + 32);
    const bytes = chunk.match(/../g) ?? [];
    const off = (startOffset + i / 2).toString(16).padStart(8, '0');
    const hexPart = bytes.join(' ').padEnd(47, ' ');
    lines.push(`${off}  ${hexPart}  ${asciiOf(chunk).replace(/[\n\t]/g, '.')}`);
  }
  return lines.join('\n');
}
