/** Live capture pieces that run without capture rights: messages, the interface list, the addon loader, options. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCliArgs, UsageError } from '../cli/args.ts';
import { interfaceDisplayName, interfaceListText } from '../cli/live.ts';
import { describeOpenError } from './capture-errors.ts';
import type { PcapInterface } from './pcap-binding.ts';
import { loadPcapBindingFrom } from './pcap-binding.ts';

const iface = (name: string, extra: Partial<PcapInterface> = {}): PcapInterface => ({
  name,
  description: '',
  addresses: [],
  loopback: false,
  up: true,
  running: true,
  wireless: false,
  ...extra,
});

const codeError = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('capture errors', () => {
  it('names the interface and says what to do about permissions on each OS', () => {
    const e = codeError("lo: You don't have permission to perform this capture on that device", 'EPERM');
    const linux = describeOpenError(e, 'lo', undefined, 'linux', '/usr/bin/node').message;
    expect(linux).toContain(`You don't have permission to capture on "lo"`);
    expect(linux).toContain('sudo setcap cap_net_raw,cap_net_admin=eip /usr/bin/node');
    expect(describeOpenError(e, 'en0', undefined, 'darwin').message).toMatch(/\/dev\/bpf\*.*ChmodBPF/);
    expect(describeOpenError(e, 'eth0', undefined, 'win32').message).toContain('Npcap');
    for (const m of [linux]) expect(m).not.toContain('\n');
  });

  it('reports bad names and bad filters with libpcap’s words', () => {
    expect(describeOpenError(codeError('No such device exists', 'ENODEV'), 'nope0', undefined).message).toBe(
      'There is no device named "nope0" (No such device exists).',
    );
    expect(
      describeOpenError(codeError("can't parse filter expression: syntax error", 'EFILTER'), 'lo', 'tcp port').message,
    ).toBe(`Invalid capture filter "tcp port" for interface "lo": can't parse filter expression: syntax error.`);
    expect(describeOpenError(new Error('boom'), 'eth0', undefined).message).toBe(
      'The capture on "eth0" could not be started: boom.',
    );
  });
});

describe('interface list', () => {
  it('prints like tshark -D: numbered, Loopback named, libpcap descriptions only off Linux', () => {
    const list = [
      iface('eth0'),
      iface('any', { description: 'Pseudo-device that captures on all interfaces' }),
      iface('lo', { loopback: true }),
    ];
    expect(interfaceListText(list, 'linux')).toBe('1. eth0\n2. any\n3. lo (Loopback)\n');
    expect(interfaceListText([iface('\\Device\\NPF_{1}', { description: 'Ethernet' })], 'win32')).toBe(
      '1. \\Device\\NPF_{1} (Ethernet)\n',
    );
    expect(interfaceDisplayName(list[2], 'lo')).toBe('Loopback: lo');
    expect(interfaceDisplayName(undefined, 'eth9')).toBe('eth9');
  });
});

describe('addon loader', () => {
  it('says in one line that the module is not built, without throwing', () => {
    const r = loadPcapBindingFrom([join(tmpdir(), 'no-such-dir', 'wirelens_pcap.node')]);
    expect(r).toEqual({
      ok: false,
      message: 'Live capture is not available: the libpcap module is not built (run "npm run native:build").',
    });
  });

  it('says in one line that a broken module could not be loaded', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'wirelens-addon-')), 'wirelens_pcap.node');
    writeFileSync(bad, 'not a shared object');
    const r = loadPcapBindingFrom([bad]);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^Live capture is not available: the libpcap module could not be loaded \(/);
      expect(r.message).not.toContain('\n');
    }
  });
});

describe('live capture options', () => {
  it('parses -i, -f, -c, -a duration and -w without -r', () => {
    const o = parseCliArgs(['-i', 'lo', '-f', 'tcp port 443', '-c', '5', '-a', 'duration:3', '-w', 'out.pcapng']);
    expect(o).toMatchObject({
      iface: 'lo',
      captureFilter: 'tcp port 443',
      count: 5,
      durationSec: 3,
      write: 'out.pcapng',
    });
    expect(parseCliArgs(['-D']).listInterfaces).toBe(true);
  });

  it('rejects what tshark rejects', () => {
    expect(() => parseCliArgs(['-i', 'lo', '-a', 'files:3'])).toThrow(UsageError);
    expect(() => parseCliArgs(['-i', 'lo', '-w', 'x.pcapng', '-Y', 'tcp'])).toThrow(/display filters/);
    expect(() => parseCliArgs(['-r', 'x.pcap', '-f', 'tcp'])).toThrow(/-i INTERFACE/);
    expect(() => parseCliArgs(['-r', 'x.pcap', '-i', 'lo'])).toThrow(UsageError);
  });
});
