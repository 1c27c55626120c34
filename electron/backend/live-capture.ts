/**
 * A live capture as the backend runs it: the helper process writes a pcapng file in a private temporary folder,
 * and reports counts; the handler opens that file and follows it as it grows. The backend itself never needs
 * capture rights.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CaptureInterface, CaptureStatus, MethodResults } from '../../shared/protocol/messages.ts';
import { CaptureHelper } from '../capture/helper-process.ts';
import { loadPcapBinding } from '../capture/pcap-binding.ts';

/** The interfaces for the capture dialog, or why live capture is unavailable (one line). */
export function listCaptureInterfaces(): MethodResults['interfaces'] {
  const load = loadPcapBinding();
  if (!load.ok) return { available: false, message: load.message, interfaces: [] };
  try {
    const interfaces: CaptureInterface[] = load.binding.listInterfaces().map((d) => ({
      name: d.name,
      description: d.description,
      addresses: d.addresses,
      loopback: d.loopback,
      up: d.up,
    }));
    return { available: true, interfaces };
  } catch (e) {
    return {
      available: false,
      message: `The capture interfaces could not be listed: ${(e as Error).message}`,
      interfaces: [],
    };
  }
}

/** A file name that keeps the interface recognisable without path separators or odd characters. */
function fileNameFor(iface: string, when: Date): string {
  const safe = iface.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 64) || 'capture';
  const stamp = when.toISOString().replace(/[:.]/g, '-');
  return `wirelens-${safe}-${stamp}.pcapng`;
}

export class LiveCapture {
  status: CaptureStatus;
  /** Resolves with the final status once the helper has exited (stopped, or failed mid-way). */
  readonly finished: Promise<CaptureStatus>;

  private constructor(
    readonly path: string,
    private readonly helper: CaptureHelper,
    iface: string,
    filter: string,
    onStatus: (s: CaptureStatus) => void,
  ) {
    this.status = { state: 'running', iface, filter, captured: 0, dropped: 0 };
    this.finished = helper.done.then((outcome) => {
      this.status = outcome.ok
        ? {
            ...this.status,
            state: 'stopped',
            captured: outcome.counts.captured,
            dropped: outcome.counts.dropped + outcome.counts.ifDropped,
          }
        : { ...this.status, state: 'failed', message: outcome.message };
      onStatus(this.status);
      return this.status;
    });
  }

  /** Starts the helper and waits until it captures; rejects with the helper's one-line message when it can't. */
  static async start(iface: string, filter: string, onStatus: (s: CaptureStatus) => void): Promise<LiveCapture> {
    const load = loadPcapBinding();
    if (!load.ok) throw new Error(load.message);
    const dir = mkdtempSync(join(tmpdir(), 'wirelens-live-'));
    const path = join(dir, fileNameFor(iface, new Date()));
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const holder: { capture?: LiveCapture } = {};
    const helper = CaptureHelper.start(
      { iface, filter: filter || undefined, output: path },
      {
        onStarted: () => started(),
        onStats: (c) => {
          const capture = holder.capture;
          if (!capture || capture.status.state !== 'running') return;
          capture.status = { ...capture.status, captured: c.captured, dropped: c.dropped + c.ifDropped };
          onStatus(capture.status);
        },
      },
    );
    const first = await Promise.race([ready.then(() => undefined), helper.done]);
    if (first && !first.ok) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(first.message);
    }
    holder.capture = new LiveCapture(path, helper, iface, filter, onStatus);
    return holder.capture;
  }

  /** Removes the capture's file once nothing reads it any more (the capture has stopped and its file is closed). */
  discard(): void {
    rmSync(dirname(this.path), { recursive: true, force: true });
  }

  /** Stops the capture; resolves with the final counts. */
  stop(): Promise<CaptureStatus> {
    this.helper.stop();
    return this.finished;
  }
}
