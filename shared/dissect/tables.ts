/** Dispatch tables: which dissector handles a link type, an EtherType, an IP protocol number. Filled by registry.ts. */
import type { Dissector } from './context.ts';
import type { StreamProtocol } from './stream.ts';

export const byLinkType = new Map<number, Dissector>();
export const byEtherType = new Map<number, Dissector>();
export const byIpProto = new Map<number, Dissector>();
/** Stream protocols by well-known TCP port, and those found by looking at the data. */
export const tcpPorts = new Map<number, StreamProtocol>();
export const tcpHeuristics: StreamProtocol[] = [];
/** Datagram protocols by UDP port. */
export const udpPorts = new Map<number, Dissector>();
/** Datagram protocols found by looking at the payload (tried in order when no port matches): true = claimed. */
export type DatagramHeuristic = (...args: Parameters<Dissector>) => boolean;
export const udpHeuristics: DatagramHeuristic[] = [];

export const etherTypeNames: ReadonlyMap<number, string> = new Map([
  [0x0800, 'IPv4'],
  [0x0806, 'ARP'],
  [0x86dd, 'IPv6'],
  [0x8100, '802.1Q Virtual LAN'],
  [0x88a8, '802.1ad Provider Bridge (Q-in-Q)'],
  [0x9100, 'VLAN-tagged frame (Q-in-Q)'],
  [0x8035, 'RARP'],
  [0x888e, '802.1X Authentication'],
  [0x88cc, '802.1 Link Layer Discovery Protocol (LLDP)'],
  [0x8847, 'MPLS label switched packet'],
  [0x8864, 'PPPoE Session'],
]);
