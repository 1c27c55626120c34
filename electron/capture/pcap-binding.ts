/**
 * The optional libpcap addon (native/): its types and a loader that never throws. When the addon was not built or
 * cannot be loaded, `loadPcapBinding()` says so in one line and everything else goes on without live capture.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PcapInterface {
  name: string;
  description: string;
  /** Numeric IPv4/IPv6 addresses. */
  addresses: string[];
  loopback: boolean;
  up: boolean;
  running: boolean;
  wireless: boolean;
}

export interface PcapOpenOptions {
  snaplen?: number;
  promisc?: boolean;
  /** Kernel buffer size in bytes. */
  bufferSize?: number;
  /** Read timeout in milliseconds (how long the kernel may hold packets before handing over a batch). */
  timeoutMs?: number;
  /**
   * Deliver each packet at once (default false). On Linux that switches libpcap to TPACKET_V2, whose ring holds only
   * buffer size / snaplen packets: bursts are dropped. Without it packets arrive within `timeoutMs`.
   */
  immediate?: boolean;
  /** BPF capture filter (tcpdump syntax); a bad one fails with code EFILTER and libpcap's message. */
  filter?: string;
}

/** One read: `count` packets whose bytes follow each other in `data`; `meta` holds 4 numbers per packet. */
export interface PcapBatch {
  count: number;
  data: Uint8Array;
  /** Per packet: seconds, fraction (nanoseconds when the handle is `nanosecond`, else microseconds), caplen, len. */
  meta: Float64Array;
  /** True when the read ended because the capture was closed. */
  stopped: boolean;
}

export interface PcapStats {
  received: number;
  dropped: number;
  ifDropped: number;
}

export interface PcapHandle {
  /** Waits for the next batch (at most `maxPackets`); one read at a time. */
  read(maxPackets?: number): Promise<PcapBatch>;
  stats(): PcapStats;
  /**
   * Stops: the read in progress (or else the next one) resolves with `stopped` and the packets the kernel had
   * already queued, and the handle is released after it (or when garbage-collected if no read follows).
   */
  close(): void;
  readonly linkType: number;
  readonly nanosecond: boolean;
  /** pcap_activate's warning, if any (e.g. promiscuous mode not supported). */
  readonly warning: string;
}

export interface PcapBinding {
  listInterfaces(): PcapInterface[];
  libVersion(): string;
  Capture: new (name: string, options: PcapOpenOptions) => PcapHandle;
}

export type BindingLoad = { ok: true; binding: PcapBinding } | { ok: false; message: string };

const ADDON = 'wirelens_pcap.node';

/** Where the addon may be: WIRELENS_PCAP_ADDON, the checkout's native/build, or beside the bundled app. */
function candidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const list = [
    join(here, '..', '..', 'native', 'build', 'Release', ADDON),
    join(here, '..', '..', '..', 'native', 'build', 'Release', ADDON),
    join(here, ADDON),
  ];
  const fromEnv = process.env.WIRELENS_PCAP_ADDON;
  return fromEnv ? [fromEnv, ...list] : list;
}

/** Loads the first addon of `paths` that exists; never throws. */
export function loadPcapBindingFrom(paths: readonly string[]): BindingLoad {
  const path = paths.find((p) => existsSync(p));
  if (!path)
    return {
      ok: false,
      message: 'Live capture is not available: the libpcap module is not built (run "npm run native:build").',
    };
  try {
    const binding = createRequire(import.meta.url)(path) as PcapBinding;
    if (typeof binding.listInterfaces !== 'function' || typeof binding.Capture !== 'function')
      throw new Error('it does not export listInterfaces and Capture');
    return { ok: true, binding };
  } catch (e) {
    const why = ((e as Error).message || String(e)).split('\n')[0];
    return { ok: false, message: `Live capture is not available: the libpcap module could not be loaded (${why}).` };
  }
}

let loaded: BindingLoad | undefined;

/** The addon of this checkout or app, loaded once. */
export function loadPcapBinding(): BindingLoad {
  loaded ??= loadPcapBindingFrom(candidates());
  return loaded;
}
