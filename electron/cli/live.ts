/** The CLI's live side: `-D` lists interfaces like `tshark -D`, `-i` captures through the helper process. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureHelper } from '../capture/helper-process.ts';
import { loadPcapBinding, type PcapInterface } from '../capture/pcap-binding.ts';
import { parseCliArgs, UsageError, type CliOptions } from './args.ts';
import { runCli, runWithOptions, type CliIO } from './run.ts';
import { runFieldsSharded } from './sharded-fields.ts';

/**
 * tshark -D's lines: "N. name", with "(Loopback)" for loopback interfaces; libpcap's generic descriptions are not
 * shown on Linux (as tshark does), but are on Windows and macOS where they are the only readable name.
 */
export function interfaceListText(
  list: readonly PcapInterface[],
  platform: NodeJS.Platform = process.platform,
): string {
  return list
    .map((d, i) => {
      const label = d.loopback ? 'Loopback' : platform === 'linux' ? '' : d.description;
      return `${i + 1}. ${d.name}${label ? ` (${label})` : ''}\n`;
    })
    .join('');
}

/** How tshark names an interface in "Capturing on '…'". */
export function interfaceDisplayName(d: PcapInterface | undefined, name: string): string {
  return d?.loopback ? `Loopback: ${name}` : name;
}

function listInterfaces(io: CliIO): number {
  const load = loadPcapBinding();
  if (!load.ok) {
    io.stderr(`wirelens: ${load.message}\n`);
    return 1;
  }
  try {
    io.stdout(interfaceListText(load.binding.listInterfaces()));
    return 0;
  } catch (e) {
    io.stderr(`wirelens: The capture interfaces could not be listed: ${(e as Error).message}\n`);
    return 2;
  }
}

/** Captures with the helper, then prints the file like `-r` would (or leaves it at `-w`). */
async function capture(opts: CliOptions, io: CliIO, stopSignal?: AbortSignal): Promise<number> {
  const iface = opts.iface!;
  const load = loadPcapBinding();
  if (!load.ok) {
    io.stderr(`wirelens: ${load.message}\n`);
    return 1;
  }
  let known: PcapInterface | undefined;
  try {
    known = load.binding.listInterfaces().find((d) => d.name === iface);
  } catch {
    known = undefined;
  }
  const tempDir = opts.write ? undefined : mkdtempSync(join(tmpdir(), 'wirelens-capture-'));
  const output = opts.write ?? join(tempDir!, 'live.pcapng');
  try {
    io.stderr(`Capturing on '${interfaceDisplayName(known, iface)}'\n`);
    const helper = CaptureHelper.start({
      iface,
      filter: opts.captureFilter,
      count: opts.count,
      durationSec: opts.durationSec,
      output,
    });
    const stop = (): void => helper.stop();
    stopSignal?.addEventListener('abort', stop);
    const outcome = await helper.done;
    stopSignal?.removeEventListener('abort', stop);
    if (!outcome.ok) {
      io.stderr(`wirelens: ${outcome.message}\n`);
      return 2;
    }
    let code = 0;
    if (!opts.write) code = runWithOptions({ ...opts, read: output, iface: undefined }, io);
    const dropped = outcome.counts.dropped + outcome.counts.ifDropped;
    const n = outcome.counts.captured;
    io.stderr(`${n} packet${n === 1 ? '' : 's'} captured${dropped ? ` (${dropped} dropped)` : ''}\n`);
    return code;
  } finally {
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

/** The whole command line: live capture options here, everything else through `runCli`. */
export async function runCommand(argv: string[], io: CliIO, stopSignal?: AbortSignal): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCliArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return runCli(argv, io);
    throw e;
  }
  if (opts.help || opts.version) return runCli(argv, io);
  if (opts.listInterfaces) return listInterfaces(io);
  if (opts.iface !== undefined) return capture(opts, io, stopSignal);
  return (await runFieldsSharded(opts, io)) ?? runCli(argv, io);
}
