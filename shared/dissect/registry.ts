/** The one table that wires every dissector to the link type, EtherType, IP protocol or port it handles. */
import { LINKTYPE } from '../capture/record.ts';
import { ajp13Stream } from './ajp13.ts';
import { arp } from './arp.ts';
import type { Dissector } from './context.ts';
import { dissectDnsMessage, dnsTcp, dnsUdp, llmnrUdp, mdnsUdp } from './dns.ts';
import { ethernet } from './ethernet.ts';
import { fddi } from './fddi.ts';
import { HTTP_PORTS, httpHeuristic, httpMediaTypes, httpStream } from './http.ts';
import { icmp } from './icmp.ts';
import { IMAP_PORTS, imapStream } from './imap.ts';
import { IRC_PORTS, ircStream } from './irc.ts';
import { icmpv6 } from './icmpv6.ts';
import { ipv4 } from './ipv4.ts';
import { ipv6 } from './ipv6.ts';
import { linuxSll, linuxSll2 } from './linux-sll.ts';
import { nbssStream } from './nbss.ts';
import { dissectOcsp } from './ocsp.ts';
import { loopLoopback, nullLoopback, rawIp } from './null-loopback.ts';
import { POP_PORTS, popStream } from './pop.ts';
import { quicHeuristic } from './quic/quic.ts';
import { SMTP_PORTS, smtpStream } from './smtp.ts';
import { dataDissector } from './data.ts';
import { ssdp } from './ssdp.ts';
import { STUN_UDP_PORT, stunHeuristic } from './stun.ts';
import {
  byEtherType,
  byIpProto,
  byLinkType,
  type DatagramHeuristic,
  tcpHeuristics,
  tcpPorts,
  udpHeuristics,
  udpPorts,
} from './tables.ts';
import { tcp } from './tcp.ts';
import { DTLS_UDP_PORTS, dtlsHeuristic } from './tls/dtls.ts';
import { tlsStream } from './tls/record.ts';
import { TLS_PORTS } from './tls/session.ts';
import { udp } from './udp.ts';
import { XMPP_PORTS, xmppStream } from './xmpp.ts';

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
  byEtherType.set(0x0806, arp);
  byEtherType.set(0x8035, arp);

  byIpProto.set(6, tcp);
  byIpProto.set(17, udp);
  byIpProto.set(1, icmp);
  byIpProto.set(58, icmpv6);

  for (const p of TLS_PORTS) tcpPorts.set(p, tlsStream);
  tcpHeuristics.push(tlsStream);

  udpPorts.set(53, dnsUdp);
  udpPorts.set(5353, mdnsUdp);
  udpPorts.set(5355, llmnrUdp);
  tcpPorts.set(53, dnsTcp);
  tcpPorts.set(5353, dnsTcp);
  for (const p of HTTP_PORTS) tcpPorts.set(p, httpStream);
  tcpHeuristics.push(httpHeuristic);
  httpMediaTypes.set('application/dns-message', (b, o, len, pkt, parent) =>
    dissectDnsMessage(b, o, len, pkt, parent, 'doh', 'http'),
  );
  httpMediaTypes.set('application/ocsp-request', (b, o, len, pkt, parent) =>
    dissectOcsp(b, o, len, pkt, parent, 'request'),
  );
  httpMediaTypes.set('application/ocsp-response', (b, o, len, pkt, parent) =>
    dissectOcsp(b, o, len, pkt, parent, 'response'),
  );
  udpPorts.set(1900, ssdp);
  udpHeuristics.push(quicHeuristic);
  tcpPorts.set(8009, ajp13Stream);
  tcpPorts.set(139, nbssStream);
  tcpPorts.set(445, nbssStream);
  for (const p of SMTP_PORTS) tcpPorts.set(p, smtpStream);
  for (const p of IMAP_PORTS) tcpPorts.set(p, imapStream);
  for (const p of POP_PORTS) tcpPorts.set(p, popStream);
  for (const p of XMPP_PORTS) tcpPorts.set(p, xmppStream);
  for (const p of IRC_PORTS) tcpPorts.set(p, ircStream);
  // On their ports first; what does not look like the protocol goes to the heuristics, then stays data.
  const portFirst =
    (claim: DatagramHeuristic): Dissector =>
    (b, o, len, pkt, parent) => {
      if (claim(b, o, len, pkt, parent)) return;
      if (!udpHeuristics.some((h) => h(b, o, len, pkt, parent))) dataDissector(b, o, len, pkt, parent);
    };
  for (const p of DTLS_UDP_PORTS) udpPorts.set(p, portFirst(dtlsHeuristic));
  udpPorts.set(STUN_UDP_PORT, portFirst(stunHeuristic));
  udpHeuristics.push(stunHeuristic, dtlsHeuristic);
}
