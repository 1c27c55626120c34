/**
 * The CLI computes columns and loads Ethernet vendor names only when the output or the filter reads them
 * (electron/cli/work-needed.ts), and prints the same either way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs } from '../electron/cli/args.ts';
import { runCli } from '../electron/cli/run.ts';
import { columnsNeeded, vendorNamesNeeded } from '../electron/cli/work-needed.ts';
import { setVendorLookup } from '../shared/dissect/vendors.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const columns = (...argv: string[]): boolean => columnsNeeded(parseCliArgs(['-r', 'f', ...argv]));
const vendors = (filterFields: string[], ...argv: string[]): boolean =>
  vendorNamesNeeded(parseCliArgs(['-r', 'f', ...argv]), filterFields);

describe('work a CLI run needs', () => {
  it('computes the columns for text output, statistics and column fields only', () => {
    expect(columns()).toBe(true);
    expect(columns('-V')).toBe(true);
    expect(columns('-T', 'fields', '-e', 'frame.number', '-z', 'io,phs')).toBe(true);
    expect(columns('-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Info')).toBe(true);
    expect(columns('-T', 'fields', '-e', '_ws.col.Source')).toBe(true);
    expect(columns('-T', 'fields', '-e', 'frame.number')).toBe(false);
    expect(columns('-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Length', '-e', '_ws.col.Time')).toBe(false);
    expect(columns('-T', 'json')).toBe(false);
  });

  it('loads vendor names when an address column, a resolved name or an Ethernet label can show', () => {
    expect(vendors([])).toBe(true);
    expect(vendors([], '-T', 'json')).toBe(true);
    expect(vendors([], '-T', 'fields', '-e', '_ws.col.Destination')).toBe(true);
    expect(vendors([], '-T', 'fields', '-e', 'eth.src_resolved')).toBe(true);
    expect(vendors([], '-T', 'fields', '-e', 'eth')).toBe(true);
    expect(vendors(['eth.addr_resolved'], '-T', 'fields', '-e', 'frame.number')).toBe(true);
    expect(vendors([], '-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info')).toBe(
      false,
    );
    expect(vendors(['tls.handshake.type'], '-T', 'fields', '-e', 'frame.number', '-e', 'eth.src')).toBe(false);
  });
});

/** Two non-IP frames (an IEEE 802.3 length field, so no network layer replaces the link addresses) from Apple. */
function nonIpCapture(): Uint8Array {
  const frame = (n: number): Uint8Array => {
    const b = new Uint8Array(60);
    b.set([0x00, 0x1b, 0x63, 0x01, 0x02, n, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x2e]);
    return b;
  };
  return pcapOf([
    { tsSec: 1, tsNsec: 0, data: frame(1) },
    { tsSec: 1, tsNsec: 1000, data: frame(2) },
  ]);
}

describe('output with and without the optional work', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-work-'));
  const tls = join(dir, 'tls.pcap');
  const nonIp = join(dir, 'non-ip.pcap');
  writeFileSync(tls, pcapOf(oneConnection()));
  writeFileSync(nonIp, nonIpCapture());
  const run = (...argv: string[]): string => {
    let out = '';
    expect(runCli(argv, { stdout: (s) => (out += s), stderr: () => undefined })).toBe(0);
    return out;
  };

  it('names the vendor in the Destination column of a link-layer frame', () => {
    setVendorLookup(undefined);
    expect(run('-r', nonIp, '-T', 'fields', '-e', '_ws.col.Destination', '-e', 'eth.dst_resolved')).toBe(
      'Apple_01:02:01\tApple_01:02:01\nApple_01:02:02\tApple_01:02:02\n',
    );
  });

  it('filters on a resolved name', () => {
    setVendorLookup(undefined);
    expect(run('-r', nonIp, '-Y', 'eth.addr_resolved == "Apple_01:02:02"', '-T', 'fields', '-e', 'frame.number')).toBe(
      '2\n',
    );
  });

  it('gives the same fields whether the columns are computed or not', () => {
    const fields = ['-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tls.handshake.type', '-e', 'tls.record.length'];
    const lean = run('-r', tls, '-T', 'fields', ...fields);
    const withColumns = run('-r', tls, '-T', 'fields', ...fields, '-e', '_ws.col.Info');
    expect(lean.split('\n').length).toBeGreaterThan(10);
    expect(lean).toBe(
      withColumns
        .split('\n')
        .map((l) => l.replace(/\t[^\t]*$/, ''))
        .join('\n'),
    );
    const filtered = run('-r', tls, '-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'frame.number');
    expect(filtered).toBe('4\n');
  });
});
