/**
 * How a followed stream's bytes are shown, in tshark 4.0's `-z follow` layout (also used by the app's Follow TLS
 * Stream view): as text, as a hex dump or as one hex string.
 */

/** Printable ASCII as is, every other byte as '.'; `keepLineBreaks` also keeps CR and LF (the ascii mode). */
export function followAscii(b: Uint8Array, keepLineBreaks: boolean): string {
  let s = '';
  for (const x of b)
    s += (x >= 0x20 && x < 0x7f) || (keepLineBreaks && (x === 10 || x === 13)) ? String.fromCharCode(x) : '.';
  return s;
}

/** Lower-case hex, no separators (the raw mode). */
export function followRaw(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function group(g: Uint8Array): string {
  return [...g].map((x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * 16 bytes a line: the offset (upper-case hex, counted from `start`), two groups of 8 hex bytes, the same bytes as
 * two groups of text. Lines carry `indent` first and no trailing blanks, each ending with a newline.
 */
export function followHexDump(b: Uint8Array, start: number, indent = ''): string {
  let out = '';
  for (let i = 0; i < b.length; i += 16) {
    const line = b.subarray(i, i + 16);
    let hex = group(line.subarray(0, 8));
    let text = followAscii(line.subarray(0, 8), false);
    if (line.length > 8) {
      hex += '  ' + group(line.subarray(8));
      text += ' ' + followAscii(line.subarray(8), false);
    }
    const offset = (start + i).toString(16).toUpperCase().padStart(8, '0');
    out += `${indent}${offset}  ${hex.padEnd(48)}  ${text}`.trimEnd() + '\n';
  }
  return out;
}
