/** Messages between a CaptureSession (main thread) and its index worker. Internal: both ends are trusted code. */
import type { FileInfo, PacketDetail, Problem, Row } from '../../shared/protocol/messages.ts';
import type { IndexProgress, IndexSummary } from './capture-index.ts';

export type ToWorker =
  | { t: 'open'; path: string; follow?: boolean }
  | { t: 'stopFollowing' }
  | { t: 'rows'; id: number; from: number; count: number }
  | { t: 'rowsAt'; id: number; indexes: Uint32Array }
  | { t: 'packet'; id: number; number: number }
  | { t: 'filter'; id: number; text: string }
  | { t: 'cancel'; id: number }
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
  /** While following a growing file: packets (0-based) added since the last report that match the last filter. */
  | { t: 'liveMatches'; filterId: number; matches: Uint32Array; total: number }
  | { t: 'failed'; id: number; message: string }
  | { t: 'closed' };
