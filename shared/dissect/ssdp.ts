/** SSDP (UDP 1900): HTTP-format messages in datagrams, shown as SSDP (`M-SEARCH * HTTP/1.1 `). */
import type { Dissector } from './context.ts';
import { dissectHttpDatagram } from './http.ts';

export const ssdp: Dissector = (b, offset, length, pkt, parent) =>
  dissectHttpDatagram(b, offset, length, pkt, parent, 'ssdp');
