/** The detail tree's right-click menu: what each item does for a node, or null when it is disabled. */
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { isCertificateNode, type CertificateExport } from './certificate-export.ts';
import { filterFor } from './tree.ts';

export type MenuAction =
  | { kind: 'apply'; filter: string }
  | { kind: 'prepare'; filter: string }
  | { kind: 'copy'; text: string }
  | { kind: 'export-certificate'; what: CertificateExport };

export interface MenuItem {
  label: string;
  id:
    | 'apply'
    | 'prepare'
    | 'copy-value'
    | 'copy-name'
    | 'copy-line'
    | 'export-cert-der'
    | 'export-cert-pem'
    | 'export-chain';
  /** Null: shown greyed out (text-only lines have no field to filter on or name to copy). */
  action: MenuAction | null;
}

/** On a certificate (tls.handshake.certificate): save it as DER or PEM, or its message's whole chain as PEM. */
function certificateItems(n: TreeNode): MenuItem[] {
  if (!isCertificateNode(n)) return [];
  return [
    { id: 'export-cert-der', label: 'Export Certificate as DER…', action: { kind: 'export-certificate', what: 'der' } },
    { id: 'export-cert-pem', label: 'Export Certificate as PEM…', action: { kind: 'export-certificate', what: 'pem' } },
    { id: 'export-chain', label: 'Export Chain as PEM…', action: { kind: 'export-certificate', what: 'chain' } },
  ];
}

export function treeMenuItems(n: TreeNode): MenuItem[] {
  const filter = filterFor(n);
  return [
    { id: 'apply', label: 'Apply as Filter', action: filter ? { kind: 'apply', filter } : null },
    { id: 'prepare', label: 'Prepare as Filter', action: filter ? { kind: 'prepare', filter } : null },
    { id: 'copy-value', label: 'Copy Value', action: { kind: 'copy', text: n.value ?? n.label } },
    { id: 'copy-name', label: 'Copy Field Name', action: n.abbrev ? { kind: 'copy', text: n.abbrev } : null },
    { id: 'copy-line', label: 'Copy Line', action: { kind: 'copy', text: n.label } },
    ...certificateItems(n),
  ];
}
