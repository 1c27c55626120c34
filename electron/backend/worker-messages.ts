/** Messages between a CaptureSession (main thread) and its index worker. Internal: both ends are trusted code. */
import type { FileInfo, PacketDetail, Problem, Row, SortColumn } from '../../shared/protocol/messages.ts';
import type { FollowTlsStream, TlsDecryptionSummary } from '../../shared/protocol/tls.ts';
import type { IndexProgress, IndexSummary } from './capture-index.ts';
import type { TlsKeyConfig } from './tls-key-config.ts';

export type ToWorker =
  /**
   * Opens `path` and indexes it (with TLS keys; following a growing file); with `holdAfter`, indexing pauses once
   * that many packets are in until `resume`.
   */
  | { t: 'open'; path: string; keys?: TlsKeyConfig; follow?: boolean; holdAfter?: number }
  | { t: 'stopFollowing' }
  | { t: 'resume' }
  | { t: 'rows'; id: number; from: number; count: number }
  | { t: 'rowsAt'; id: number; indexes: Uint32Array }
  | { t: 'packet'; id: number; number: number }
  | { t: 'filter'; id: number; text: string }
  | { t: 'cancel'; id: number }
  /** Sorts `indexes` (or every packet when null) by a column; answered with `sorted`. */
  | { t: 'sort'; id: number; column: SortColumn; descending: boolean; indexes: Uint32Array | null }
  | { t: 'followTls'; id: number; number: number }
  | { t: 'tlsSummary'; id: number }
  | { t: 'close' };

export interface FilterOutcome {
  /** 0-based indexes of the matching packets; empty when cancelled or invalid. */
  matches: Uint32Array;
  total: number;
  elapsedMs: number;
  cancelled: boolean;
  error?: { message: string; column: number; length: number };
}

export type FromWorker =
  | { t: 'opened'; file: FileInfo }
  | { t: 'openFailed'; error: Problem }
  | { t: 'progress'; progress: IndexProgress }
  | { t: 'indexed'; summary: IndexSummary }
  | { t: 'indexFailed'; error: Problem }
  | { t: 'filterProgress'; id: number; done: number; total: number }
  | { t: 'rows'; id: number; rows: Row[] }
  | { t: 'packet'; id: number; packet: PacketDetail }
  | { t: 'filter'; id: number; outcome: FilterOutcome }
  | { t: 'sorted'; id: number; order: Uint32Array }
  | { t: 'followTls'; id: number; stream: FollowTlsStream }
  | { t: 'tlsSummary'; id: number; summary: TlsDecryptionSummary }
  /** While following a growing file: packets (0-based) added since the last report that match the last filter. */
  | { t: 'liveMatches'; filterId: number; matches: Uint32Array; total: number }
  | { t: 'failed'; id: number; message: string }
  | { t: 'closed' };
