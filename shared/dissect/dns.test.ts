import { describe, expect, it } from 'vitest';
import {
  be16,
  be32,
  bytes,
  dissectFrames,
  ethernet,
  ipv4,
  summary,
  TcpFlow,
  udp,
  values,
  type Bytes,
} from './test-frames.ts';

function name(n: string): number[] {
  if (n === '') return [0];
  const out: number[] = [];
  for (const label of n.split('.')) out.push(label.length, ...new TextEncoder().encode(label));
  out.push(0);
  return out;
}
const PTR_QNAME = [0xc0, 12];
const question = (n: string, type: number, cls = 1): number[] => [...name(n), ...be16(type), ...be16(cls)];
function rr(owner: number[] | string, type: number, rdata: Bytes, cls = 1, ttl = 300): Uint8Array {
  const r = bytes(rdata);
  return bytes(typeof owner === 'string' ? name(owner) : owner, be16(type), be16(cls), be32(ttl), be16(r.length), r);
}
function message(id: number, flags: number, qd: Bytes[], an: Bytes[] = [], ns: Bytes[] = [], ar: Bytes[] = []) {
  return bytes(
    be16(id),
    be16(flags),
    be16(qd.length),
    be16(an.length),
    be16(ns.length),
    be16(ar.length),
    ...qd,
    ...an,
    ...ns,
    ...ar,
  );
}
const query = (m: Uint8Array, port = 53) => ethernet(0x0800, ipv4('10.0.0.1', '10.0.0.53', 17, udp(40000, port, m)));
const reply = (m: Uint8Array, port = 53) => ethernet(0x0800, ipv4('10.0.0.53', '10.0.0.1', 17, udp(port, 40000, m)));

describe('DNS over UDP', () => {
  it('summarises queries and answers as tshark does', () => {
    const [q, r] = dissectFrames([
      query(message(0x0e58, 0x0100, [question('apps.identrust.com', 1)])),
      reply(
        message(
          0x0e58,
          0x8180,
          [question('apps.identrust.com', 1)],
          [
            rr(PTR_QNAME, 5, name('identrust.edgesuite.net')),
            rr('identrust.edgesuite.net', 5, name('a1952.dscq.akamai.net')),
            rr('a1952.dscq.akamai.net', 1, [23, 222, 12, 9]),
          ],
        ),
      ),
    ]);
    expect(summary(q!)).toBe('DNS Standard query 0x0e58 A apps.identrust.com');
    expect(summary(r!)).toBe(
      'DNS Standard query response 0x0e58 A apps.identrust.com CNAME identrust.edgesuite.net CNAME a1952.dscq.akamai.net A 23.222.12.9',
    );
    expect(values(q!, 'dns.id')).toEqual([0x0e58]);
    expect(values(q!, 'dns.flags.response')).toEqual([false]);
    expect(values(q!, 'dns.count.queries')).toEqual([1]);
    expect(values(q!, 'dns.qry.name')).toEqual(['apps.identrust.com']);
    expect(values(q!, 'dns.qry.type')).toEqual([1]);
    expect(values(q!, 'dns.qry.name.len')).toEqual([18]);
    expect(values(q!, 'dns.count.labels')).toEqual([3]);
    expect(values(r!, 'dns.flags.response')).toEqual([true]);
    expect(values(r!, 'dns.resp.name')).toEqual([
      'apps.identrust.com',
      'identrust.edgesuite.net',
      'a1952.dscq.akamai.net',
    ]);
    expect(values(r!, 'dns.resp.type')).toEqual([5, 5, 1]);
    expect(values(r!, 'dns.cname')).toEqual(['identrust.edgesuite.net', 'a1952.dscq.akamai.net']);
    expect(values(r!, 'dns.a')).toEqual(['23.222.12.9']);
    // One pass: the response names its request; the request never names the response.
    expect(values(r!, 'dns.response_to')).toEqual([1]);
    expect(values(r!, 'dns.time')).toEqual(['1.000000000']);
    expect(values(q!, 'dns.response_in')).toEqual([]);
  });

  it('names the root <Root> and lists OPT, AAAA, SOA, HTTPS and RRSIG records by type', () => {
    const svcb = bytes(be16(1), [0], be16(1), be16(3), [2], 'h2');
    const rrsig = bytes(be16(2), [8, 0], be32(518400), be32(1405209600), be32(1404601200), be16(8230), [0], [1, 2]);
    const [q, r] = dissectFrames([
      query(message(0x273b, 0x0120, [question('', 2)], [], [], [rr('', 41, [], 4096, 0x8000)])),
      reply(
        message(
          0x273b,
          0x8500,
          [question('', 2)],
          [rr(PTR_QNAME, 2, name('a.root-servers.net')), rr(PTR_QNAME, 46, rrsig), rr('x', 65, svcb)],
          [
            rr(
              'example',
              6,
              bytes(name('ns.example'), name('host.example'), be32(1), be32(2), be32(3), be32(4), be32(5)),
            ),
          ],
          [rr('a.root-servers.net', 28, [0x20, 1, 5, 3, 0xba, 0x3e, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x30])],
        ),
      ),
    ]);
    expect(summary(q!)).toBe('DNS Standard query 0x273b NS <Root> OPT');
    expect(summary(r!)).toBe(
      'DNS Standard query response 0x273b NS <Root> NS a.root-servers.net RRSIG HTTPS SOA ns.example AAAA 2001:503:ba3e::2:30',
    );
    expect(values(q!, 'dns.qry.name.len')).toEqual([6]);
    expect(values(q!, 'dns.rr.udp_payload_size')).toEqual([4096]);
    expect(values(q!, 'dns.resp.z.do')).toEqual([true]);
    expect(values(r!, 'dns.aaaa')).toEqual(['2001:503:ba3e::2:30']);
    expect(values(r!, 'dns.soa.mname')).toEqual(['ns.example']);
    expect(values(r!, 'dns.rrsig.signers_name')).toEqual(['<Root>']);
    expect(values(r!, 'dns.svcb.svcparam.alpn')).toEqual(['h2']);
  });

  it('reports errors, inverse queries and retransmissions', () => {
    const ps = dissectFrames([
      query(message(2, 0x0100, [question('nx.example', 28)])),
      reply(message(2, 0x8183, [question('nx.example', 28)])),
      query(message(3, 0x0900, [], [rr('', 1, [4, 3, 2, 1], 1, 31337)])),
      query(message(4, 0x0100, [question('r.example', 1)])),
      query(message(4, 0x0100, [question('r.example', 1)])),
    ]);
    expect(summary(ps[1]!)).toBe('DNS Standard query response 0x0002 No such name AAAA nx.example');
    expect(values(ps[1]!, 'dns.flags.rcode')).toEqual([3]);
    expect(summary(ps[2]!)).toBe('DNS Inverse query 0x0003 A 4.3.2.1');
    expect(values(ps[4]!, 'dns.retransmission')).toEqual([true]);
    expect(values(ps[4]!, 'dns.retransmit_request_in')).toEqual([4]);
  });

  it('follows compression pointers and stops at a pointer loop', () => {
    const [p] = dissectFrames([query(message(7, 0x0100, [[1, 0x61, 0xc0, 12, 0, 1, 0, 1]]))]);
    expect(summary(p!)).toBe('DNS Standard query 0x0007 A <Name contains a pointer that loops>');
    expect(p!.malformed).toBe(false);
  });

  it('marks a record that runs past the message as malformed after what was read', () => {
    const m = message(10, 0x8180, [question('t.example', 1)], [rr(PTR_QNAME, 1, [1, 2, 3, 4])]);
    const [p] = dissectFrames([reply(m.subarray(0, m.length - 2))]);
    expect(summary(p!)).toBe('DNS Standard query response 0x000a A t.example A[Malformed Packet]');
    expect(p!.malformed).toBe(true);
  });

  it('shows mDNS questions and cache-flush records', () => {
    const [q, r] = dissectFrames([
      query(message(0, 0, [question('host.local', 1, 0x8001)]), 5353),
      reply(message(0, 0x8400, [], [rr('host.local', 1, [10, 0, 0, 2], 0x8001, 120)]), 5353),
    ]);
    expect(summary(q!)).toBe('MDNS Standard query 0x0000 A host.local, "QU" question');
    expect(values(q!, 'dns.qry.qu')).toEqual([true]);
    expect(summary(r!)).toBe('MDNS Standard query response 0x0000 A, cache flush 10.0.0.2');
    expect(values(r!, 'dns.resp.cache_flush')).toEqual([true]);
  });
});

describe('DNS over TCP', () => {
  it('reassembles a message whose length prefix came alone, and shows the last message of a segment', () => {
    const frames: Uint8Array[] = [];
    const flow = new TcpFlow(frames, 25000, 53).handshake();
    const q = message(0x87ee, 0x0900, [], [rr('', 1, [4, 3, 2, 1])]);
    const r = message(0x87ee, 0x8980, [question('[4.3.2.1]', 1)], [rr('', 1, [4, 3, 2, 1])]);
    const q2 = message(0x22, 0x0100, [question('b.example', 28)]);
    flow
      .c(be16(q.length))
      .c(q)
      .s(bytes(be16(r.length), r))
      .c(bytes(be16(q2.length), q2, be16(q2.length), q2));
    const ps = dissectFrames(frames);
    expect(summary(ps[3]!)).toBe(
      'TCP 25000 → 53 [PSH, ACK] Seq=1 Ack=1 Win=65535 Len=2 [TCP segment of a reassembled PDU]',
    );
    expect(summary(ps[4]!)).toBe('DNS Inverse query 0x87ee A 4.3.2.1');
    expect(values(ps[4]!, 'dns.length')).toEqual([q.length]);
    expect(summary(ps[5]!)).toBe('DNS Inverse query response 0x87ee A [4.3.2.1] A 4.3.2.1');
    expect(values(ps[5]!, 'dns.response_to')).toEqual([5]);
    expect(summary(ps[6]!)).toBe('DNS Standard query 0x0022 AAAA b.example');
    expect(values(ps[6]!, 'dns.qry.name')).toEqual(['b.example', 'b.example']);
    // The second copy in the same segment is already a retransmission to tshark.
    expect(values(ps[6]!, 'dns.retransmit_request_in')).toEqual([7]);
  });
});
