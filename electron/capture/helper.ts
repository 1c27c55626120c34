/**
 * The capture helper (Wirelens' dumpcap): a small process that alone needs capture rights. It opens one interface
 * through the libpcap addon, appends pcapng blocks to a file batch by batch (whole blocks per write, so a reader
 * following the file never sees half a block for long), and reports start, counts and stop as JSON lines.
 * It stops on SIGINT/SIGTERM, when its stdin closes (the parent went away), at the packet count or the duration.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { concat, PcapngWriter } from '../../shared/capture/writer.ts';
import { describeOpenError } from './capture-errors.ts';
import type { HelperCounts, HelperEvent, HelperRequest } from './helper-messages.ts';
import { loadPcapBinding, type PcapBatch, type PcapHandle } from './pcap-binding.ts';

const STATS_INTERVAL_MS = 500;
/** Counts are also reported after a batch, at most this often, so the UI follows a busy capture closely. */
const BATCH_STATS_MS = 200;
const BATCH = 1024;
/** The kernel hands packets over within the read timeout: wait that long (twice) on Stop so none that came before is lost. */
const READ_TIMEOUT_MS = 100;
const STOP_GRACE_MS = 2 * READ_TIMEOUT_MS;

function emit(e: HelperEvent): void {
  process.stdout.write(JSON.stringify(e) + '\n');
}

function fail(code: string, message: string): never {
  emit({ t: 'failed', code, message });
  process.exit(1);
}

function parseRequest(arg: string | undefined): HelperRequest {
  try {
    const req = JSON.parse(arg ?? '') as HelperRequest;
    if (typeof req.iface === 'string' && typeof req.output === 'string') return req;
  } catch {
    // reported below
  }
  return fail('EUSAGE', 'The capture helper needs one JSON argument with "iface" and "output".');
}

/** Appends a batch's packets (at most `room`) as enhanced packet blocks; returns how many were written. */
function appendBatch(fd: number, writer: PcapngWriter, batch: PcapBatch, nanosecond: boolean, room: number): number {
  const n = Math.min(batch.count, room);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const m = i * 4;
    const caplen = batch.meta[m + 2]!;
    const frac = batch.meta[m + 1]!;
    writer.packet(0, {
      tsSec: batch.meta[m]!,
      tsNsec: nanosecond ? frac : frac * 1000,
      data: batch.data.subarray(offset, offset + caplen),
      origlen: batch.meta[m + 3]!,
    });
    offset += caplen;
  }
  if (n) writeSync(fd, concat(writer.drain()));
  return n;
}

async function main(): Promise<void> {
  const req = parseRequest(process.argv[2]);
  const load = loadPcapBinding();
  if (!load.ok) fail('ENOMODULE', load.message);
  let handle: PcapHandle;
  try {
    handle = new load.binding.Capture(req.iface, {
      snaplen: req.snaplen,
      promisc: req.promisc,
      bufferSize: req.bufferSize,
      filter: req.filter || undefined,
      timeoutMs: READ_TIMEOUT_MS,
    });
  } catch (e) {
    const f = describeOpenError(e, req.iface, req.filter);
    fail(f.code, f.message);
  }
  let fd: number;
  try {
    fd = openSync(req.output, 'w');
  } catch (e) {
    handle.close();
    fail('EOUTPUT', `The capture file "${req.output}" could not be created: ${(e as Error).message}.`);
  }
  const writer = new PcapngWriter();
  writer.section();
  writer.iface({
    linkType: handle.linkType,
    snaplen: req.snaplen ?? 262144,
    tsresol: handle.nanosecond ? 9 : 6,
    name: req.iface,
  });
  writeSync(fd, concat(writer.drain()));
  emit({ t: 'started', iface: req.iface, linkType: handle.linkType, warning: handle.warning });

  const counts: HelperCounts = { captured: 0, dropped: 0, ifDropped: 0 };
  const readStats = (): void => {
    try {
      const s = handle.stats();
      counts.dropped = s.dropped;
      counts.ifDropped = s.ifDropped;
    } catch {
      // closed: keep the last counts
    }
  };
  let stopping = false;
  const close = (): void => {
    readStats();
    handle.close();
  };
  /** Stop on request: packets that arrived before it still come through; at the packet count: at once. */
  const stop = (graceMs = STOP_GRACE_MS): void => {
    if (stopping) return;
    stopping = true;
    if (graceMs > 0) setTimeout(close, graceMs);
    else close();
  };
  const requestStop = (): void => stop();
  process.on('SIGINT', requestStop);
  process.on('SIGTERM', requestStop);
  process.stdin.on('end', requestStop);
  process.stdin.on('error', requestStop);
  process.stdin.resume();
  const durationTimer = req.durationSec ? setTimeout(() => stop(0), req.durationSec * 1000) : undefined;
  let lastStats = 0;
  const reportStats = (): void => {
    readStats();
    lastStats = Date.now();
    emit({ t: 'stats', ...counts });
  };
  const statsTimer = setInterval(reportStats, STATS_INTERVAL_MS);

  const limit = req.count && req.count > 0 ? req.count : Infinity;
  try {
    // After stop(), the last read returns what the kernel had queued, with `stopped`.
    for (;;) {
      const batch = await handle.read(BATCH);
      counts.captured += appendBatch(fd, writer, batch, handle.nanosecond, limit - counts.captured);
      if (counts.captured >= limit) stop(0);
      else if (batch.count && Date.now() - lastStats > BATCH_STATS_MS) reportStats();
      if (batch.stopped) break;
    }
  } catch (e) {
    fail('EREAD', `The capture on "${req.iface}" stopped: ${(e as Error).message}.`);
  } finally {
    clearInterval(statsTimer);
    clearTimeout(durationTimer);
    closeSync(fd);
  }
  emit({ t: 'stopped', ...counts });
  process.exit(0);
}

void main();
