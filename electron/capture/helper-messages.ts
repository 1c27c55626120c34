/** What the capture helper is asked to do (one JSON argument) and what it reports (JSON lines on stdout). */

export interface HelperRequest {
  iface: string;
  /** BPF capture filter. */
  filter?: string;
  snaplen?: number;
  promisc?: boolean;
  bufferSize?: number;
  /** Stop after this many packets (0: no limit). */
  count?: number;
  /** Stop after this many seconds (0: no limit). */
  durationSec?: number;
  /** The pcapng file to write; the backend reads it as it grows. */
  output: string;
}

export interface HelperCounts {
  captured: number;
  dropped: number;
  ifDropped: number;
}

export type HelperEvent =
  | { t: 'started'; iface: string; linkType: number; warning: string }
  | ({ t: 'stats' } & HelperCounts)
  | { t: 'failed'; code: string; message: string }
  | ({ t: 'stopped' } & HelperCounts);

export function isHelperEvent(v: unknown): v is HelperEvent {
  const t = (v as { t?: unknown } | null)?.t;
  return t === 'started' || t === 'stats' || t === 'failed' || t === 'stopped';
}
