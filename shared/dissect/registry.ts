/** The one table that wires every dissector to the link type, EtherType, IP protocol or port it handles. */
import { LINKTYPE } from '../capture/record.ts';
import { ethernet } from './ethernet.ts';
import { fddi } from './fddi.ts';
import { ipv4 } from './ipv4.ts';
import { ipv6 } from './ipv6.ts';
import { linuxSll, linuxSll2 } from './linux-sll.ts';
import { loopLoopback, nullLoopback, rawIp } from './null-loopback.ts';
import { byEtherType, byIpProto, byLinkType, tcpHeuristics, tcpPorts } from './tables.ts';
import { tcp } from './tcp.ts';
import { tlsStream } from './tls/record.ts';
import { TLS_PORTS } from './tls/session.ts';
import { udp } from './udp.ts';

let registered = false;

export function registerDissectors(): void {
  if (registered) return;
  registered = true;
  byLinkType.set(LINKTYPE.ETHERNET, ethernet);
  byLinkType.set(LINKTYPE.NULL, nullLoopback);
  byLinkType.set(LINKTYPE.FDDI, fddi);
  byLinkType.set(LINKTYPE.LOOP, loopLoopback);
  byLinkType.set(LINKTYPE.RAW, rawIp);
  byLinkType.set(LINKTYPE.IPV4, rawIp);
  byLinkType.set(LINKTYPE.IPV6, rawIp);
  byLinkType.set(LINKTYPE.LINUX_SLL, linuxSll);
  byLinkType.set(LINKTYPE.LINUX_SLL2, linuxSll2);

  byEtherType.set(0x0800, ipv4);
  byEtherType.set(0x86dd, ipv6);

  byIpProto.set(6, tcp);
  byIpProto.set(17, udp);

  for (const p of TLS_PORTS) tcpPorts.set(p, tlsStream);
  tcpHeuristics.push(tlsStream);
}
