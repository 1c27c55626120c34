import { describe, expect, it } from 'vitest';
import { asciiOf, hexDumpOf } from './follow-text.ts';
import { looksLikeKeyLog } from './keylog-sniff.ts';

describe('key log sniffing', () => {
  it('recognises NSS key log lines and nothing else', () => {
    expect(looksLikeKeyLog(`# comment\nCLIENT_RANDOM ${'ab'.repeat(32)} ${'cd'.repeat(48)}\n`)).toBe(true);
    expect(looksLikeKeyLog(`SERVER_TRAFFIC_SECRET_0 ${'ab'.repeat(32)} ${'cd'.repeat(32)}`)).toBe(true);
    expect(looksLikeKeyLog(`RSA ${'ab'.repeat(8)} ${'cd'.repeat(48)}`)).toBe(true);
    expect(looksLikeKeyLog('\xd4\xc3\xb2\xa1\x02\x00\x04\x00')).toBe(false);
    expect(looksLikeKeyLog('CLIENT_RANDOM not-hex value')).toBe(false);
  });
});

describe('Follow TLS Stream text', () => {
  it('shows printable bytes, keeps line breaks, drops CR and dots the rest', () => {
    expect(asciiOf('474554202f0d0a0001ff41')).toBe('GET /\n...A');
  });

  it('dumps 16 bytes a line with the offset and the text', () => {
    const hex = '00'.repeat(16) + '41';
    expect(hexDumpOf(hex, 0x20).split('\n')).toEqual([
      `00000020  ${Array(16).fill('00').join(' ')}  ................`,
      `00000030  41${' '.repeat(45)}  A`,
    ]);
  });
});
