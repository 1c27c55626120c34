/** What the `insight` request returns: TLS sessions, findings and statistics of the open capture. */
import type { Conversation, ConversationKind, Endpoint } from '../analysis/conversations.ts';
import type { Finding, FindingKind } from '../analysis/findings.ts';
import type { IoSeries } from '../analysis/io-graph.ts';
import type { HierarchyNode } from '../analysis/protocol-hierarchy.ts';
import type { TlsSessionJson } from '../analysis/tls-sessions-export.ts';

export type FindingView = Finding & FindingKind;

export interface InsightResult {
  sessions: TlsSessionJson[];
  findings: FindingView[];
  hierarchy: HierarchyNode[];
  conversations: Record<ConversationKind, Conversation[]>;
  endpoints: Record<ConversationKind, Endpoint[]>;
  io: IoSeries;
  elapsedMs: number;
}
