import { describe, expect, it } from 'vitest';
import { ipv4, tcpFrame } from '../capture/synth.ts';
import { compileFilter } from '../filter/index.ts';
import { fieldsValue } from './format.ts';
import { Dissection } from './packet.ts';
import { walk } from './tree.ts';

const FRAME = tcpFrame({
  src: { mac: Uint8Array.of(0, 1, 2, 3, 4, 5), ip: ipv4(10, 0, 0, 1), port: 50000 },
  dst: { mac: Uint8Array.of(6, 7, 8, 9, 10, 11), ip: ipv4(192, 168, 7, 9), port: 443 },
  seq: 1,
  ack: 0,
  flags: 0x02,
  payload: Uint8Array.of(1, 2, 3),
});

/** Whether the filter matches, whether the packet is malformed, and the values of the fields it reads. */
function outcome(text: string, bytes: Uint8Array, filterPass: boolean): string {
  const r = compileFilter(text);
  if (!r.ok) throw new Error(r.error.message);
  const fields = new Set(r.filter.fields);
  const d = filterPass ? new Dissection(undefined, fields, false) : new Dissection();
  const rec = {
    dataOffset: 0,
    caplen: bytes.length,
    origlen: FRAME.length,
    tsSec: 1,
    tsNsec: 0,
    linkType: 1,
    interfaceId: 0,
  };
  const p = d.dissect(1, rec, bytes);
  const kept: string[] = [];
  for (const n of walk(p.tree.roots))
    if (n.def && fields.has(n.def.abbrev) && n.def.type !== 'protocol')
      kept.push(`${n.def.abbrev}=${fieldsValue(n.def, n.value)}`);
  return `${r.filter.matches({ tree: p.tree, frame: bytes })} ${p.malformed} ${kept.join(' ')}`;
}

describe('IPv4 in a filter pass', () => {
  const filters = ['ip.addr == 10.0.0.0/8', 'ip.dst == 192.168.7.9 && ip.ttl == 64', 'ip.src_host', 'ip.id == 0'];

  it('reads the addresses alone as the full dissection does', () => {
    expect(outcome(filters[0]!, FRAME, true)).toBe('true false ip.addr=10.0.0.1 ip.addr=192.168.7.9');
    for (const f of filters) expect(outcome(f, FRAME, true), f).toBe(outcome(f, FRAME, false));
  });

  it('ends a header cut short at the same place, whichever fields are kept', () => {
    for (let cut = 14; cut < 14 + 24; cut++) {
      const bytes = FRAME.subarray(0, cut);
      for (const f of filters) expect(outcome(f, bytes, true), `${f} cut at ${cut}`).toBe(outcome(f, bytes, false));
    }
  });
});
