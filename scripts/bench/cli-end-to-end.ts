/**
 * The bench's CLI section (issue 7): the columns run and a filter run of `npm run --silent cli`, process start
 * included, against the same tshark commands on the same file; each output goes to a file, and the two files of a
 * pair must be byte-identical.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CLI_COLUMNS_ARGS = ['-T', 'fields', '-e', 'frame.number', '-e', '_ws.col.Protocol', '-e', '_ws.col.Info'];
export const CLI_FILTER_ARGS = ['-Y', 'tls.handshake.type == 1', '-T', 'fields', '-e', 'frame.number'];

export interface CliRunFigures {
  /** The arguments after `-r FILE`. */
  args: string[];
  ms: number;
  outputBytes: number;
  tsharkMs: number;
  speedup: number;
  target: number;
  /** Whether the CLI printed exactly tshark's bytes (undefined without tshark). */
  identical: boolean | undefined;
  error?: string;
}

export interface CliFigures {
  /** `npm run --silent cli -- -r FILE -c 1`: process start, module loading, the first packet. */
  startupMs: number;
  columns: CliRunFigures;
  filter: CliRunFigures;
}

interface Timed {
  ms: number;
  status: number | null;
  stderr: string;
}

/** Runs a command with stdout going to `outFile`; the time spans the whole process, start to exit. */
function timedRun(command: string, args: string[], outFile: string): Timed {
  const fd = openSync(outFile, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(command, args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 24 });
    return { ms: performance.now() - t0, status: r.status, stderr: r.stderr ?? String(r.error ?? '') };
  } finally {
    closeSync(fd);
  }
}

/** Whether two files hold the same bytes. */
export function sameBytes(a: string, b: string): boolean {
  if (statSync(a).size !== statSync(b).size) return false;
  const fa = openSync(a, 'r');
  const fb = openSync(b, 'r');
  try {
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (;;) {
      const na = readSync(fa, ba);
      const nb = readSync(fb, bb);
      if (na !== nb || !ba.subarray(0, na).equals(bb.subarray(0, nb))) return false;
      if (na === 0) return true;
    }
  } finally {
    closeSync(fa);
    closeSync(fb);
  }
}

const npmCli = (file: string, args: string[]): string[] => ['run', '--silent', 'cli', '--', '-r', file, ...args];

function measurePair(file: string, args: string[], target: number, tshark: boolean, dir: string): CliRunFigures {
  const ours = join(dir, 'wirelens.out');
  const theirs = join(dir, 'tshark.out');
  const w = timedRun('npm', npmCli(file, args), ours);
  const t = tshark ? timedRun('tshark', ['-r', file, ...args], theirs) : undefined;
  const figures: CliRunFigures = {
    args,
    ms: w.ms,
    outputBytes: statSync(ours).size,
    tsharkMs: t?.ms ?? NaN,
    speedup: t ? t.ms / w.ms : NaN,
    target,
    identical: t ? sameBytes(ours, theirs) : undefined,
  };
  if (w.status !== 0) figures.error = `wirelens exited with ${w.status}: ${w.stderr.trim().split('\n')[0]}`;
  else if (t && t.status !== 0) figures.error = `tshark exited with ${t.status}`;
  return figures;
}

/**
 * Measures the CLI end to end on `file` (`cwd` must be the repository). The CLI is run once untimed first, so a
 * bundle that is out of date is rebuilt before the clock starts.
 */
export function measureCli(file: string, tshark: boolean): CliFigures {
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-bench-cli-'));
  try {
    timedRun('npm', npmCli(file, ['-c', '1']), join(dir, 'warm.out'));
    const startup = timedRun('npm', npmCli(file, ['-c', '1']), join(dir, 'start.out'));
    return {
      startupMs: startup.ms,
      columns: measurePair(file, CLI_COLUMNS_ARGS, 5, tshark, dir),
      filter: measurePair(file, CLI_FILTER_ARGS, 10, tshark, dir),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
