import { describe, expect, it } from 'vitest';
import { followAscii, followHexDump, followRaw } from '../../shared/follow/text.ts';
import { hexToBytes } from './hex.ts';
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

describe('Follow text (tshark layout)', () => {
  it('keeps printable bytes, CR and LF in ascii mode and dots the rest', () => {
    expect(followAscii(hexToBytes('474554202f0d0a0009ff41'), true)).toBe('GET /\r\n...A');
    expect(followAscii(hexToBytes('0d0a41'), false)).toBe('..A');
    expect(followRaw(Uint8Array.of(0, 0xab))).toBe('00ab');
  });

  it('dumps 16 bytes a line in two groups, offsets in upper case, no trailing blanks', () => {
    const bytes = Uint8Array.from([...Array(16).fill(0x41), 0x42, 0x20]);
    expect(followHexDump(bytes, 0x2a, '\t').split('\n')).toEqual([
      `\t0000002A  ${Array(8).fill('41').join(' ')}  ${Array(8).fill('41').join(' ')}  AAAAAAAA AAAAAAAA`,
      `\t0000003A  42 20${' '.repeat(43)}  B`,
      '',
    ]);
  });
});
