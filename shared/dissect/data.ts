/** Bytes no dissector claims: Wireshark's `data` protocol. */
import { slice } from '../bytes.ts';
import type { Dissector } from './context.ts';
import { declareFields } from './fields.ts';

const F = declareFields({
  data: { name: 'Data', type: 'protocol' },
  'data.data': { name: 'Data', type: 'bytes' },
  'data.len': { name: 'Length', type: 'int32' },
});

export const dataDissector: Dissector = (b, offset, length, pkt, parent) => {
  if (length <= 0) return;
  const t = pkt.tree;
  const root = t.add(parent, F.data, offset, length, undefined, {
    label: `Data (${length} byte${length === 1 ? '' : 's'})`,
  });
  pkt.protocols.push('data');
  t.add(root, F['data.data'], offset, length, slice(b, offset, length));
  t.add(root, F['data.len'], offset, 0, length, { generated: true });
};
