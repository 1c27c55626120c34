/**
 * Tallies TLS records during one ordered pass over a capture (the indexing pass): per connection, how many records
 * were decrypted and which could not be, with the first reason. The app shows this as the decryption summary.
 */
import type { TlsDecryptionProblem, TlsDecryptionSummary } from '../../protocol/tls.ts';
import type { TlsRecordObserver, TlsRecordSeen } from './observer.ts';

interface ConnectionTally {
  decrypted: number;
  failed: number;
  firstFailure: { frame: number; reason: string } | undefined;
}

/** The most problems a summary lists (the rest are counted in failedRecords). */
const MAX_PROBLEMS = 200;

export class TlsDecryptionTally implements TlsRecordObserver {
  private readonly connections = new Map<number, ConnectionTally>();
  private last: { seen: TlsRecordSeen; tally: ConnectionTally } | undefined;

  record(r: TlsRecordSeen): void {
    let tally = this.connections.get(r.stream);
    if (!tally) this.connections.set(r.stream, (tally = { decrypted: 0, failed: 0, firstFailure: undefined }));
    this.last = { seen: r, tally };
  }

  decrypted(): void {
    if (this.last) this.last.tally.decrypted++;
  }

  failed(reason: string): void {
    if (!this.last) return;
    const { tally, seen } = this.last;
    tally.failed++;
    tally.firstFailure ??= { frame: seen.frame, reason };
  }

  summary(keysLoaded: boolean): TlsDecryptionSummary {
    let decryptedConnections = 0;
    let decryptedRecords = 0;
    let failedRecords = 0;
    const problems: TlsDecryptionProblem[] = [];
    for (const [stream, t] of this.connections) {
      if (t.decrypted) decryptedConnections++;
      decryptedRecords += t.decrypted;
      failedRecords += t.failed;
      if (t.firstFailure && problems.length < MAX_PROBLEMS)
        problems.push({ stream, frame: t.firstFailure.frame, reason: t.firstFailure.reason, records: t.failed });
    }
    problems.sort((a, b) => a.frame - b.frame);
    return {
      keysLoaded,
      connections: this.connections.size,
      decryptedConnections,
      decryptedRecords,
      failedRecords,
      problems,
    };
  }
}
