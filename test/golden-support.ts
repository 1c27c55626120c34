/** Shared by the golden test and the script that records known differences: run the CLI as the goldens were made. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../electron/cli/run.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CAPTURES = resolve(REPO, '..', 'shared', 'captures');
export const KNOWN_FILE = join(REPO, 'test', 'golden-known-differences.json');

/** tshark's -T fields options as the goldens use them (header, tab separator, all occurrences joined by commas). */
export function fieldsArgs(fields: readonly string[]): string[] {
  return [
    '-T',
    'fields',
    '-E',
    'header=y',
    '-E',
    'separator=/t',
    '-E',
    'occurrence=a',
    '-E',
    'aggregator=,',
    ...fields.flatMap((f) => ['-e', f]),
  ];
}

/** The fields of the goldens' tshark command (see ../shared/captures/README.md). */
export const GOLDEN_ARGS = [
  '-o',
  'tcp.desegment_tcp_streams:TRUE',
  ...fieldsArgs([
    'frame.number',
    'frame.time_relative',
    '_ws.col.Source',
    '_ws.col.Destination',
    '_ws.col.Protocol',
    'frame.len',
    '_ws.col.Info',
    'tls.record.content_type',
    'tls.record.version',
    'tls.record.length',
    'tls.handshake.type',
    'tls.handshake.ciphersuite',
    'tls.handshake.extensions_server_name',
    'tls.alert_message.level',
    'tls.alert_message.desc',
  ]),
];

export function goldenCaptures(): string[] {
  if (!existsSync(CAPTURES)) return [];
  return readdirSync(CAPTURES)
    .filter((f) => f.endsWith('.tshark.tsv'))
    .map((f) => f.slice(0, -'.tshark.tsv'.length))
    .sort();
}

export function runGolden(capture: string): { out: string; err: string; code: number } {
  let out = '';
  let err = '';
  const code = runCli(['-r', join(CAPTURES, capture), ...GOLDEN_ARGS], {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
  });
  return { out, err, code };
}

export interface RowDiff {
  frame: number;
  protocol: string;
  expected: string;
  actual: string;
}

/** Compares our output with the golden row by row (rows keyed by frame number). */
export function compareGolden(capture: string, out: string): { rows: number; diffs: RowDiff[]; header: boolean } {
  const golden = readFileSync(join(CAPTURES, `${capture}.tshark.tsv`), 'utf8').split('\n');
  const ours = out.split('\n');
  const diffs: RowDiff[] = [];
  let rows = 0;
  for (let i = 1; i < golden.length; i++) {
    const g = golden[i]!;
    if (!g) continue;
    rows++;
    const a = ours[i] ?? '';
    if (a !== g) diffs.push({ frame: i, protocol: g.split('\t')[4] ?? '', expected: g, actual: a });
  }
  return { rows, diffs, header: golden[0] === ours[0] };
}

export type KnownDifferences = Record<string, number[]>;

export function readKnown(): KnownDifferences {
  return existsSync(KNOWN_FILE) ? (JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) as KnownDifferences) : {};
}
