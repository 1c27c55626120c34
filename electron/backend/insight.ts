/**
 * TLS sessions, findings and statistics of a capture file, in one pass over its packets (whole field trees).
 * Runs in the backend process; a capture large enough to make that slow belongs in the index worker.
 */
import { CONVERSATION_KINDS, ConversationsBuilder } from '../../shared/analysis/conversations.ts';
import { FINDING_KINDS, FindingsBuilder } from '../../shared/analysis/findings.ts';
import { IoGraphBuilder } from '../../shared/analysis/io-graph.ts';
import { ProtocolHierarchyBuilder } from '../../shared/analysis/protocol-hierarchy.ts';
import { TlsSessionsBuilder } from '../../shared/analysis/tls-sessions.ts';
import { sessionJson } from '../../shared/analysis/tls-sessions-export.ts';
import { Dissection } from '../../shared/dissect/packet.ts';
import type { IoSeries } from '../../shared/analysis/io-graph.ts';
import type { InsightResult } from '../../shared/protocol/insight.ts';
import type { DisplayFilter } from './display-filter.ts';
import { forEachPacket, openCaptureFile } from './capture-file.ts';

export function computeInsight(path: string): InsightResult {
  const started = performance.now();
  const cap = openCaptureFile(path, { freshWindows: true });
  const dissection = new Dissection();
  const sessions = new TlsSessionsBuilder();
  const findings = new FindingsBuilder();
  const conversations = new ConversationsBuilder();
  const hierarchy = new ProtocolHierarchyBuilder();
  const io = new IoGraphBuilder();
  try {
    forEachPacket(cap, (n, rec, bytes) => {
      const p = dissection.dissect(n, rec, bytes);
      sessions.add(p);
      findings.add(p);
      conversations.add(p);
      hierarchy.add(p);
      io.add(p);
      return true;
    });
  } finally {
    cap.source.close();
  }
  const byKind = <T>(f: (k: (typeof CONVERSATION_KINDS)[number]) => T) =>
    Object.fromEntries(CONVERSATION_KINDS.map((k) => [k, f(k)])) as Record<(typeof CONVERSATION_KINDS)[number], T>;
  return {
    sessions: sessions.sessions().map(sessionJson),
    findings: findings.findings().map((f) => ({ ...f, ...FINDING_KINDS[f.kind] })),
    hierarchy: hierarchy.roots(),
    conversations: byKind((k) => conversations.conversations(k)),
    endpoints: byKind((k) => conversations.endpoints(k)),
    io: io.series(),
    elapsedMs: performance.now() - started,
  };
}

/** The I/O graph of the packets `filter` matches, bucketed like `whole` (the capture's unfiltered series). */
export function computeFilteredIoGraph(path: string, filter: DisplayFilter, whole: IoSeries): IoSeries {
  const cap = openCaptureFile(path, { freshWindows: true });
  const dissection = new Dissection();
  const io = new IoGraphBuilder();
  try {
    forEachPacket(cap, (n, rec, bytes) => {
      const p = dissection.dissect(n, rec, bytes);
      if (filter.matches(p.tree, bytes)) io.add(p);
      return true;
    });
  } finally {
    cap.source.close();
  }
  return io.series(whole.intervalSec, whole.packets.length);
}
