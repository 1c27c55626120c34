/** Expert items as Wireshark shows them in the tree: `[Expert Info (Warning/Protocol): message]` with its details. */
import type { ExpertNote, PacketContext } from './context.ts';
import { declareFields, type FieldDef } from './fields.ts';
import { F as FRAME } from './frame.ts';
import type { FieldNode } from './tree.ts';

const F = declareFields({
  '_ws.expert.severity': { name: 'Severity level', type: 'string' },
  '_ws.expert.group': { name: 'Group', type: 'string' },
});

const SEVERITY: Record<ExpertNote['severity'], string> = {
  chat: 'Chat',
  note: 'Note',
  warn: 'Warning',
  error: 'Error',
};

const GROUP: Record<ExpertNote['group'], string> = {
  malformed: 'Malformed',
  sequence: 'Sequence',
  protocol: 'Protocol',
  undecoded: 'Undecoded',
  comment: 'Comment',
  checksum: 'Checksum',
  security: 'Security',
  decryption: 'Decryption',
};

/** Adds an expert item for `def` under `parent` and records the note for the packet. */
export function addExpert(
  pkt: PacketContext,
  parent: FieldNode | null,
  def: FieldDef,
  offset: number,
  length: number,
  severity: ExpertNote['severity'],
  group: ExpertNote['group'],
  message: string,
): FieldNode {
  const t = pkt.tree;
  const sev = SEVERITY[severity];
  const grp = GROUP[group];
  const node = t.add(parent, def, offset, length, undefined, {
    label: `[Expert Info (${sev}/${grp}): ${message}]`,
  });
  t.add(node, FRAME['_ws.expert.message'], offset, 0, message, { label: `[${message}]` });
  t.add(node, F['_ws.expert.severity'], offset, 0, sev, { label: `[Severity level: ${sev}]` });
  t.add(node, F['_ws.expert.group'], offset, 0, grp, { label: `[Group: ${grp}]` });
  pkt.notes.push({ severity, group, message });
  return node;
}
