/**
 * TCP SEQ/ACK analysis (acks_frame, ack_rtt, initial_rtt, bytes_in_flight, push_bytes_sent and the
 * `[SEQ/ACK analysis]` subtree): recorded tshark 4.0 output for synthetic captures, and tshark live over every
 * shared capture when tshark and ../shared/captures are present.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Dissection } from '../shared/dissect/packet.ts';
import { tsharkText, wirelensText } from './details-support.ts';
import { CAPTURES, REPO } from './golden-support.ts';
import { pcapOf } from './synthetic.ts';
import { SEQ_ACK_FIELDS, TCP_ANALYSIS_FIXTURES, seqAckLines } from './tcp-analysis-fixtures.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'tcp-analysis');
const BASE = ['-o', 'tcp.desegment_tcp_streams:TRUE'];
const FIELD_ARGS = ['-T', 'fields', ...SEQ_ACK_FIELDS.flatMap((f) => ['-e', f])];
const dir = mkdtempSync(join(tmpdir(), 'wirelens-tcp-analysis-'));

function lines(text: string): string[] {
  return text.trimEnd().split('\n');
}

describe('SEQ/ACK analysis against recorded tshark 4.0 output', () => {
  it.each(Object.keys(TCP_ANALYSIS_FIXTURES))('%s', (name) => {
    const file = join(dir, `${name}.pcap`);
    writeFileSync(file, pcapOf(TCP_ANALYSIS_FIXTURES[name]!()));
    const fields = lines(wirelensText(['-r', file, ...BASE, ...FIELD_ARGS]));
    const expectedFields = lines(readFileSync(join(FIXTURES, `${name}.fields.tsv`), 'utf8'));
    expect(fields).toEqual(expectedFields);
    // The fixtures exercise every field: each column holds some value somewhere.
    for (let col = 1; col < SEQ_ACK_FIELDS.length; col++)
      if (name === 'lossy-transfer') expect(fields.some((row) => row.split('\t')[col] !== '')).toBe(true);
    const subtree = seqAckLines(wirelensText(['-r', file, ...BASE, '-O', 'tcp']));
    expect(subtree).toEqual(lines(readFileSync(join(FIXTURES, `${name}.seqack.txt`), 'utf8')));
  });

  it('filters on the new fields as tshark does', () => {
    const file = join(dir, 'lossy-transfer.pcap');
    writeFileSync(file, pcapOf(TCP_ANALYSIS_FIXTURES['lossy-transfer']!()));
    const run = (filter: string): string =>
      wirelensText(['-r', file, ...BASE, '-T', 'fields', '-e', 'frame.number', '-Y', filter])
        .trim()
        .replace(/\n/g, ',');
    // tshark 4.0 selects the same frames.
    expect(run('tcp.analysis.ack_rtt > 0.04')).toBe('22');
    expect(run('tcp.analysis.bytes_in_flight >= 2500')).toBe('8,9');
    expect(run('tcp.analysis.acks_frame == 16')).toBe('17');
    expect(run('tcp.analysis.push_bytes_sent == 80')).toBe('20');
    expect(run('tcp.analysis && !tcp.analysis.initial_rtt')).toBe('2');
  });
});

describe('SEQ/ACK analysis in passes that read none of its fields', () => {
  it.each(Object.keys(TCP_ANALYSIS_FIXTURES))('%s: the same analysis flags, in the Info column', (name) => {
    // The columns-only pass tracks no unACKed segments: its flags (and the Info prefixes they give) must not change.
    const infos = (d: Dissection): string[] =>
      TCP_ANALYSIS_FIXTURES[name]!().map((p, i) => {
        const rec = {
          dataOffset: 0,
          caplen: p.data.length,
          origlen: p.data.length,
          tsSec: p.tsSec,
          tsNsec: p.tsNsec,
          linkType: 1,
          interfaceId: 0,
        };
        return d.dissect(i + 1, rec, p.data).cols.info;
      });
    const full = infos(new Dissection());
    expect(infos(new Dissection(undefined, false))).toEqual(full);
    expect(full.some((info) => info.startsWith('[TCP'))).toBe(true);
  });
});

const haveTshark = tsharkText(['-v']) !== undefined;
const live =
  haveTshark && existsSync(CAPTURES)
    ? readdirSync(CAPTURES)
        .filter((f) => /\.(pcap|pcapng)$/.test(f))
        .sort()
    : [];
if (!haveTshark) console.warn('tcp-analysis.test: tshark is not installed: the live comparison is skipped');
else if (!existsSync(CAPTURES))
  console.warn(`tcp-analysis.test: ${CAPTURES} is absent: the live comparison is skipped`);

describe.skipIf(!live.length)('SEQ/ACK analysis against tshark live, every shared capture', () => {
  it.each(live)('%s', (name) => {
    const args = ['-r', join(CAPTURES, name), ...BASE];
    expect(wirelensText([...args, ...FIELD_ARGS])).toBe(tsharkText([...args, ...FIELD_ARGS]));
    expect(seqAckLines(wirelensText([...args, '-O', 'tcp']))).toEqual(seqAckLines(tsharkText([...args, '-O', 'tcp'])!));
  });
});
