/** Files that are not good captures: each gets one clear message (what and where) and the intact prefix opens. */
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, writeFileSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../electron/cli/run.ts';
import { PcapngWriter, PcapWriter } from '../shared/capture/writer.ts';
import { oneConnection, pcapOf } from './synthetic.ts';

const dir = mkdtempSync(join(tmpdir(), 'wirelens-bad-'));

function cli(path: string): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(['-r', path, '-T', 'fields', '-e', 'frame.number'], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  });
  return { out, err, code };
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const good = pcapOf(oneConnection());
const lines = (s: string): number => s.split('\n').filter(Boolean).length;

describe('bad capture files', () => {
  it('an empty file', () => {
    const r = cli(file('empty.pcap', ''));
    expect(r).toMatchObject({ code: 2, out: '' });
    expect(r.err).toBe(`wirelens: The file "${join(dir, 'empty.pcap')}" could not be read: the file is empty.\n`);
  });

  it('a PNG, a text file and a wrong magic', () => {
    const png = file('image.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, ...new Uint8Array(40)));
    expect(cli(png).err).toMatch(
      /isn't a capture file in a format Wirelens understands \(not a pcap file: magic 0x89504e47 at offset 0\)/,
    );
    expect(cli(file('notes.txt', 'hello, this is a text file and no capture\n')).code).toBe(2);
    const wrong = good.slice();
    wrong[0] = 0x00;
    expect(cli(file('wrong-magic.pcap', wrong)).err).toMatch(/magic 0x00c3b2a1 at offset 0/);
  });

  it('snaplen 0 in the header still reads the records', () => {
    const w = new PcapWriter({ linkType: 1, snaplen: 0 });
    for (const p of oneConnection()) w.add(p);
    const r = cli(file('snaplen0.pcap', w.bytes()));
    expect(r.code).toBe(0);
    expect(lines(r.out)).toBe(oneConnection().length);
  });

  it('a record length past the end of the file: the prefix, a warning with the offset', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(24 + 8, 0x00ffffff, true);
    new DataView(bad.buffer).setUint32(24 + 12, 0x00ffffff, true);
    const r = cli(file('long-record.pcap', bad));
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/cut short in the middle of a packet at offset 24 \(record needs 16777215 bytes/);
  });

  it('a pcapng with an unknown block type is read around it', () => {
    const w = new PcapngWriter();
    w.section();
    w.iface({ linkType: 1 });
    const packets = oneConnection();
    packets.forEach((p, i) => {
      w.packet(0, p);
      if (i === 2) w.rawBlock(0x40000bad, new Uint8Array(16));
    });
    const r = cli(file('unknown-block.pcapng', w.bytes()));
    expect(r.code).toBe(0);
    expect(lines(r.out)).toBe(packets.length);
  });

  it('a file cut mid-record', () => {
    const cutAt = good.length - 7;
    const r = cli(file('cut.pcap', good.subarray(0, cutAt)));
    expect(r.code).toBe(0);
    expect(lines(r.out)).toBe(oneConnection().length - 1);
    expect(r.err).toMatch(/appears to have been cut short in the middle of a packet at offset \d+/);
  });

  it('a directory and a missing file', () => {
    const d = join(dir, 'folder.pcap');
    mkdirSync(d);
    expect(cli(d)).toMatchObject({ code: 2, err: `wirelens: "${d}" is a directory (folder), not a file.\n` });
    expect(cli(join(dir, 'nope.pcap')).code).toBe(2);
  });

  it.skipIf(process.getuid?.() === 0)('a file without read permission (skipped as root: root reads everything)', () => {
    const p = file('secret.pcap', good);
    chmodSync(p, 0o000);
    expect(cli(p)).toMatchObject({
      code: 2,
      err: `wirelens: The file "${p}" could not be opened due to a lack of permission.\n`,
    });
  });

  it('a 10 GB sparse file is rejected from its first bytes, without reading it whole', () => {
    const p = join(dir, 'sparse.pcap');
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 10 * 1024 ** 3);
    closeSync(fd);
    const t0 = Date.now();
    const r = cli(p);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/magic 0x00000000 at offset 0/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
