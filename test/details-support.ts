/** Shared by the -V tests and the comparison script: cut tshark-style details text into frames and TLS layers. */
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../electron/cli/run.ts';
import { CAPTURES } from './golden-support.ts';

/** The top line of the TLS layer in tshark 4.0's details. */
const TLS_ROOT = /^(Transport Layer Security|Secure Sockets Layer)$/;

/** Splits -V / -O text into frames (each frame's lines, without the empty line that ends it). */
export function splitFrames(text: string): string[][] {
  const frames: string[][] = [];
  let cur: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') {
      if (cur.length) frames.push(cur);
      cur = [];
    } else cur.push(line);
  }
  if (cur.length) frames.push(cur);
  return frames;
}

/** The lines of a frame's TLS layers (top line and everything indented under it), joined. */
export function tlsLayerText(frame: readonly string[]): string {
  const out: string[] = [];
  let inTls = false;
  for (const line of frame) {
    if (!line.startsWith(' ')) inTls = TLS_ROOT.test(line);
    if (inTls) out.push(line);
  }
  return out.join('\n');
}

/** Captures of TLS over TCP (QUIC and DTLS captures are left to their own tests). */
export function tcpTlsCaptures(): string[] {
  if (!existsSync(CAPTURES)) return [];
  return readdirSync(CAPTURES)
    .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
    .filter((f) => !/quic|dtls|webrtc|zeek/i.test(f))
    .sort();
}

/** The capture's key log, when one sits next to it (NAME.keylog for NAME.pcap). */
export function keylogArgs(name: string): string[] {
  const keylog = join(CAPTURES, name.replace(/\.[^.]+$/, '.keylog'));
  return existsSync(keylog) ? ['-o', `tls.keylog_file:${keylog}`] : [];
}

export function wirelensText(args: readonly string[]): string {
  let out = '';
  runCli([...args], { stdout: (s) => (out += s), stderr: () => undefined });
  return out;
}

/** tshark's output for these arguments, or undefined when tshark is not installed. */
export function tsharkText(args: readonly string[]): string | undefined {
  const r = spawnSync('tshark', [...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) return undefined;
  return r.stdout;
}

export interface LayerComparison {
  frames: number;
  tlsFrames: number;
  equal: number;
  /** Frame numbers (1-based) whose TLS layers differ. */
  differing: number[];
}

/** Compares the TLS layers of two details texts frame by frame. */
export function compareTlsLayers(expected: string, actual: string): LayerComparison {
  const a = splitFrames(expected);
  const b = splitFrames(actual);
  const result: LayerComparison = { frames: a.length, tlsFrames: 0, equal: 0, differing: [] };
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = tlsLayerText(a[i] ?? []);
    const y = tlsLayerText(b[i] ?? []);
    if (!x && !y) continue;
    result.tlsFrames++;
    if (x === y) result.equal++;
    else result.differing.push(i + 1);
  }
  return result;
}
