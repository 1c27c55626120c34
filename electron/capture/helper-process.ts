/**
 * Starts the capture helper as a separate process and follows its reports. The caller (CLI or backend) never
 * opens the interface itself, so only the helper needs capture rights.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { isHelperEvent, type HelperCounts, type HelperEvent, type HelperRequest } from './helper-messages.ts';

export type HelperOutcome = { ok: true; counts: HelperCounts } | { ok: false; code: string; message: string };

export interface HelperCallbacks {
  onStarted?(e: Extract<HelperEvent, { t: 'started' }>): void;
  onStats?(c: HelperCounts): void;
}

/** The bundled helper beside this module (packaged app), else the TypeScript source through tsx. */
function helperCommand(): { file: string; execArgv: string[] } {
  const built = fileURLToPath(new URL('./capture-helper.js', import.meta.url));
  if (existsSync(built)) return { file: built, execArgv: [] };
  return {
    file: fileURLToPath(new URL('./helper.ts', import.meta.url)),
    execArgv: ['--import', import.meta.resolve('tsx')],
  };
}

export class CaptureHelper {
  readonly done: Promise<HelperOutcome>;
  private readonly child: ChildProcess;
  private stopped = false;

  private constructor(req: HelperRequest, callbacks: HelperCallbacks) {
    const cmd = helperCommand();
    const env = process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env;
    this.child = spawn(process.execPath, [...cmd.execArgv, cmd.file, JSON.stringify(req)], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
    });
    let failure: HelperOutcome | undefined;
    let last: HelperCounts | undefined;
    let stderrTail = '';
    this.child.stderr?.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString()).slice(-2000);
    });
    const lines = createInterface({ input: this.child.stdout! });
    lines.on('line', (line) => {
      let e: unknown;
      try {
        e = JSON.parse(line);
      } catch {
        return;
      }
      if (!isHelperEvent(e)) return;
      if (e.t === 'started') callbacks.onStarted?.(e);
      else if (e.t === 'failed') failure = { ok: false, code: e.code, message: e.message };
      else {
        last = { captured: e.captured, dropped: e.dropped, ifDropped: e.ifDropped };
        if (e.t === 'stats') callbacks.onStats?.(last);
      }
    });
    this.done = new Promise((resolve) => {
      this.child.on('error', (err) =>
        resolve({ ok: false, code: 'ESPAWN', message: `The capture helper could not be started: ${err.message}.` }),
      );
      const linesClosed = new Promise<void>((r) => lines.on('close', () => r()));
      this.child.on('exit', (code, signal) => {
        void linesClosed.then(() => {
          if (failure) resolve(failure);
          else if (code === 0 && last) resolve({ ok: true, counts: last });
          else {
            const why = stderrTail.trim().split('\n').pop() || `exit ${signal ?? code}`;
            resolve({ ok: false, code: 'EHELPER', message: `The capture helper stopped unexpectedly (${why}).` });
          }
        });
      });
    });
  }

  static start(req: HelperRequest, callbacks: HelperCallbacks = {}): CaptureHelper {
    return new CaptureHelper(req, callbacks);
  }

  /** Asks the helper to stop (it finishes the batch in hand, writes its last counts and exits). */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.child.stdin?.end();
    if (process.platform !== 'win32') this.child.kill('SIGTERM');
  }
}
