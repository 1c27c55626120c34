/** tshark's -V / -O / -x / -P / -S text: recorded tshark output for small captures, and tshark live when present. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hexDumpLines } from '../electron/cli/details.ts';
import { truncatedLabel } from '../shared/dissect/tree.ts';
import { durationWords } from '../shared/dissect/tls/durations.ts';
import { CAPTURES, REPO } from './golden-support.ts';
import {
  compareTlsLayers,
  keylogArgs,
  splitFrames,
  tcpTlsCaptures,
  tlsLayerText,
  tsharkText,
  wirelensText,
} from './details-support.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'details');
const KNOWN_FILE = join(REPO, 'test', 'details-known.json');

describe('details text pieces', () => {
  it('dumps bytes as tshark -x does, a short last line padded to the ASCII column', () => {
    const bytes = Uint8Array.from({ length: 18 }, (_, i) => 0x3e + i);
    expect(hexDumpLines(bytes)).toEqual([
      '0000  3e 3f 40 41 42 43 44 45 46 47 48 49 4a 4b 4c 4d   >?@ABCDEFGHIJKLM',
      '0010  4e 4f                                             NO',
    ]);
    expect(hexDumpLines(Uint8Array.of(0, 0x7f, 0x20))).toEqual([
      '0000  00 7f 20                                          .. ',
    ]);
  });

  it('cuts long labels after the field name with [truncated], at 238 bytes', () => {
    const long = `JA3 Fullstring: ${'1234-'.repeat(60)}`;
    const cut = truncatedLabel(long, 'JA3 Fullstring');
    expect(cut.startsWith('JA3 Fullstring [truncated]: 1234-')).toBe(true);
    expect(cut).toHaveLength(238);
    expect(truncatedLabel('Name: short', 'Name')).toBe('Name: short');
  });

  it('words durations as Wireshark does', () => {
    expect(durationWords(100800)).toBe('1 day, 4 hours');
    expect(durationWords(83100)).toBe('23 hours, 5 minutes');
    expect(durationWords(61)).toBe('1 minute, 1 second');
    expect(durationWords(0)).toBe('0 seconds');
  });
});

const recorded = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.O-tls.txt')) : [];

describe('-O tls against recorded tshark 4.0 output', () => {
  it.each(recorded)('%s: every TLS layer byte-identical', (fixture) => {
    const capture = join(FIXTURES, fixture.replace(/\.O-tls\.txt$/, ''));
    const expected = readFileSync(join(FIXTURES, fixture), 'utf8');
    const actual = wirelensText(['-r', capture, '-O', 'tls']);
    const cmp = compareTlsLayers(expected, actual);
    expect(cmp.tlsFrames).toBeGreaterThan(0);
    expect(splitFrames(actual)).toHaveLength(cmp.frames);
    expect(cmp.differing).toEqual([]);
    // -O shows the other protocols by their top line only.
    for (const frame of splitFrames(actual)) {
      const tls = tlsLayerText(frame).split('\n');
      const tlsIndented = tls.filter((l) => l.startsWith(' ')).length;
      expect(frame.filter((l) => l.startsWith(' ')).length).toBe(tlsIndented);
    }
  });

  it('-V shows the same TLS layers with every protocol expanded', () => {
    const capture = join(FIXTURES, 'ja4-tls12.pcap');
    const expected = readFileSync(`${capture}.V.txt`, 'utf8');
    const actual = wirelensText(['-r', capture, '-V']);
    expect(compareTlsLayers(expected, actual).differing).toEqual([]);
    const topLines = (text: string): string[] => text.split('\n').filter((l) => l && !l.startsWith(' '));
    expect(topLines(actual).map((l) => l.split(/[ ,]/)[0])).toEqual(topLines(expected).map((l) => l.split(/[ ,]/)[0]));
    expect(actual.split('\n').filter((l) => l.startsWith('            ')).length).toBeGreaterThan(10);
  });

  it('-V shows Ethernet and IPv4 exactly as tshark, and the frame but for the pcap interface id', () => {
    const capture = join(FIXTURES, 'ja4-tls12.pcap');
    const layer = (text: string, top: RegExp): string[] => {
      const lines = text.split('\n');
      const start = lines.findIndex((l) => top.test(l));
      const end = lines.findIndex((l, i) => i > start && !l.startsWith(' '));
      return lines.slice(start, end);
    };
    const expected = readFileSync(`${capture}.V.txt`, 'utf8');
    const actual = wirelensText(['-r', capture, '-V']);
    for (const top of [/^Ethernet II/, /^Internet Protocol Version 4/])
      expect(layer(actual, top)).toEqual(layer(expected, top));
    // tshark shows no interface id for a pcap file (Wirelens does not yet tell pcap from pcapng records).
    expect(layer(actual, /^Frame 1:/).filter((l) => !l.startsWith('    Interface id:'))).toEqual(
      layer(expected, /^Frame 1:/),
    );
  });

  it('-P -x -S prints summary, blank line, hex dump and separator exactly as tshark', () => {
    const capture = join(FIXTURES, 'tls13_wolfssl.pcap');
    const expected = readFileSync(`${capture}.P-x-S.txt`, 'utf8');
    expect(wirelensText(['-r', capture, '-P', '-x', '-S', '=='])).toBe(expected);
  });

  it('-x alone has no summary lines, and a blank line after each packet', () => {
    const capture = join(FIXTURES, 'tls13_wolfssl.pcap');
    const expected = readFileSync(`${capture}.P-x-S.txt`, 'utf8');
    const blocks = expected.split('==\n').filter((b) => b);
    const hexOnly = blocks.map((b) => b.slice(b.indexOf('\n\n') + 2) + '\n').join('');
    expect(wirelensText(['-r', capture, '-x'])).toBe(hexOnly);
  });
});

describe('frame.protocols against recorded tshark 4.0 output', () => {
  const lists = existsSync(FIXTURES) ? readdirSync(FIXTURES).filter((f) => f.endsWith('.protocols.txt')) : [];
  it.each(lists)('%s: tls once per layer, and the certificate layers (x509sat, x509ce, pkix1*, pkcs-1)', (fixture) => {
    const capture = join(FIXTURES, fixture.replace(/\.protocols\.txt$/, ''));
    const expected = readFileSync(join(FIXTURES, fixture), 'utf8');
    expect(wirelensText(['-r', capture, '-T', 'fields', '-e', 'frame.protocols'])).toBe(expected);
  });
});

const haveTshark = tsharkText(['-v']) !== undefined;
const live = haveTshark && existsSync(CAPTURES) ? tcpTlsCaptures() : [];
if (!haveTshark) console.warn('details.test: tshark is not installed: the live TLS -O comparison is skipped');
else if (!existsSync(CAPTURES))
  console.warn(`details.test: ${CAPTURES} is absent: the live TLS -O comparison is skipped`);

/** Per capture, how many frames' TLS layers were byte-identical when last recorded (never to go down). */
const known: Record<string, number> = existsSync(KNOWN_FILE)
  ? (JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as Record<string, number>)
  : {};

describe.skipIf(!live.length)('-O tls against tshark live, every TLS-over-TCP capture', () => {
  const seen: Record<string, number> = {};
  it.each(live)('%s', (name) => {
    const args = ['-r', join(CAPTURES, name), ...keylogArgs(name), '-O', 'tls'];
    const cmp = compareTlsLayers(tsharkText(args)!, wirelensText(args));
    seen[name] = cmp.equal;
    expect(cmp.equal, `frames whose TLS layers differ: ${cmp.differing.join(', ')}`).toBeGreaterThanOrEqual(
      known[name] ?? 0,
    );
    if (process.env.UPDATE_DETAILS_KNOWN && Object.keys(seen).length === live.length)
      writeFileSync(KNOWN_FILE, JSON.stringify(seen, null, 2) + '\n');
  });
});
