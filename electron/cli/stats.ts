/**
 * `-z` statistics: tshark's conv,eth|ip|ipv6|tcp|udp, endpoints,eth|ip|ipv6|tcp|udp and io,phs (same text as tshark 4.0), and Wirelens's
 * tls,sessions (a text table, or JSON with -T json). Each may carry its own display filter (`-z conv,tcp,tls`):
 * only packets it matches are counted. -Y does not limit statistics, as in tshark.
 */
import { ConversationsBuilder, type ConversationKind } from '../../shared/analysis/conversations.ts';
import { ProtocolHierarchyBuilder } from '../../shared/analysis/protocol-hierarchy.ts';
import { conversationsText, endpointsText, hierarchyText } from '../../shared/analysis/stats-text.ts';
import { TlsSessionsBuilder } from '../../shared/analysis/tls-sessions.ts';
import { sessionJson, sessionsText } from '../../shared/analysis/tls-sessions-export.ts';
import type { DissectedPacket } from '../../shared/dissect/packet.ts';
import { compileDisplayFilter } from './filter.ts';

interface Statistic {
  /** Counts one packet (already checked against the statistic's own filter). */
  add(p: DissectedPacket): void;
  /** The text printed after the packets. */
  text(json: boolean): string;
}

interface FilteredStatistic {
  stat: Statistic;
  matches: ((p: DissectedPacket, bytes: Uint8Array) => boolean) | undefined;
}

const CONVERSATION_TYPES: Readonly<Record<string, ConversationKind>> = {
  eth: 'eth',
  ip: 'ip',
  ipv6: 'ipv6',
  tcp: 'tcp',
  udp: 'udp',
};

function conversationStat(kind: ConversationKind, filter: string | undefined): Statistic {
  const b = new ConversationsBuilder();
  return { add: (p) => b.add(p), text: () => conversationsText(kind, b.conversations(kind), filter) };
}

function endpointStat(kind: ConversationKind, filter: string | undefined): Statistic {
  const b = new ConversationsBuilder();
  return { add: (p) => b.add(p), text: () => endpointsText(kind, b.endpoints(kind), filter) };
}

function hierarchyStat(filter: string | undefined): Statistic {
  const b = new ProtocolHierarchyBuilder();
  return { add: (p) => b.add(p), text: () => hierarchyText(b.roots(), filter) };
}

function sessionsStat(): Statistic {
  const b = new TlsSessionsBuilder();
  return {
    add: (p) => b.add(p),
    text: (json) => (json ? JSON.stringify(b.sessions().map(sessionJson), null, 2) + '\n' : sessionsText(b.sessions())),
  };
}

export class StatsError extends Error {}

/** The statistics asked for with -z, in the order given. */
export class Statistics {
  private readonly stats: FilteredStatistic[] = [];

  constructor(specs: readonly string[]) {
    for (const spec of specs) {
      const parts = spec.split(',');
      const [group, name] = parts;
      const filter = parts.length > 2 ? parts.slice(2).join(',') : undefined;
      let stat: Statistic | undefined;
      if (group === 'conv' && name !== undefined && CONVERSATION_TYPES[name])
        stat = conversationStat(CONVERSATION_TYPES[name], filter);
      else if (group === 'endpoints' && name !== undefined && CONVERSATION_TYPES[name])
        stat = endpointStat(CONVERSATION_TYPES[name], filter);
      else if (group === 'io' && name === 'phs') stat = hierarchyStat(filter);
      else if (group === 'tls' && name === 'sessions' && filter === undefined) stat = sessionsStat();
      if (!stat)
        throw new StatsError(
          `invalid -z argument "${spec}"; supported: conv,eth|ip|ipv6|tcp|udp[,FILTER], endpoints,eth|ip|ipv6|tcp|udp[,FILTER], io,phs[,FILTER], tls,sessions, follow,tls,ascii|hex|raw,STREAM`,
        );
      let matches: FilteredStatistic['matches'];
      if (filter !== undefined) {
        const compiled = compileDisplayFilter(filter);
        if (!compiled.ok) throw new StatsError(compiled.message);
        matches = (p, bytes) => compiled.matches(p, bytes);
      }
      this.stats.push({ stat, matches });
    }
  }

  get any(): boolean {
    return this.stats.length > 0;
  }

  add(p: DissectedPacket, bytes: Uint8Array): void {
    for (const s of this.stats) if (!s.matches || s.matches(p, bytes)) s.stat.add(p);
  }

  /** tshark prints the statistics last asked for first. */
  text(json: boolean): string {
    return this.stats
      .slice()
      .reverse()
      .map((s) => s.stat.text(json))
      .join('');
  }
}
