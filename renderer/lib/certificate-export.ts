/**
 * Certificates from the detail tree: the DER bytes of a `tls.handshake.certificate` node, read from the packet's
 * data sources the backend sent (the frame, or a reassembled / decrypted source), and the files the tree's context
 * menu saves (one certificate as DER or PEM, the message's whole chain as PEM) in the sessions view's formats.
 */
import { certificatePem } from '../../shared/analysis/tls-sessions-export.ts';
import type { PacketDetail, TreeNode } from '../../shared/protocol/messages.ts';
import { hexToBytes } from './hex.ts';

export const CERTIFICATE_FIELD = 'tls.handshake.certificate';

export type CertificateExport = 'der' | 'pem' | 'chain';

export interface ExportFile {
  name: string;
  data: string | Uint8Array;
  type: string;
}

export function isCertificateNode(n: TreeNode): boolean {
  return n.abbrev === CERTIFICATE_FIELD && !n.generated && n.length > 0;
}

/** The bytes a node covers, or null when its data source or range is not in the detail. */
export function nodeBytes(detail: PacketDetail, n: TreeNode): Uint8Array | null {
  const hex = n.source === 0 ? detail.frameHex : detail.sources[n.source - 1]?.hex;
  if (hex === undefined || n.offset < 0 || (n.offset + n.length) * 2 > hex.length) return null;
  return hexToBytes(hex.slice(n.offset * 2, (n.offset + n.length) * 2));
}

/** The certificate nodes of the Certificate message holding `node` (its siblings, in order); [node] if not found. */
export function certificateChain(tree: readonly TreeNode[], node: TreeNode): TreeNode[] {
  const parentOf = (nodes: readonly TreeNode[]): TreeNode[] | undefined => {
    for (const n of nodes) {
      if (!n.children) continue;
      if (n.children.includes(node)) return n.children.filter(isCertificateNode);
      const found = parentOf(n.children);
      if (found) return found;
    }
    return undefined;
  };
  return parentOf(tree) ?? [node];
}

/** The file to save for one export of a certificate node, or null when the node holds no certificate bytes. */
export function certificateFile(
  detail: PacketDetail,
  node: TreeNode,
  what: CertificateExport,
  baseName: string,
): ExportFile | null {
  if (!isCertificateNode(node)) return null;
  const chain = certificateChain(detail.tree, node);
  const prefix = `${baseName}-frame${detail.number}`;
  if (what === 'chain') {
    const pems: string[] = [];
    for (const n of chain) {
      const der = nodeBytes(detail, n);
      if (!der) return null;
      pems.push(certificatePem(der));
    }
    return { name: `${prefix}-chain.pem`, data: pems.join(''), type: 'application/x-pem-file' };
  }
  const der = nodeBytes(detail, node);
  if (!der) return null;
  const index = Math.max(0, chain.indexOf(node));
  if (what === 'der') return { name: `${prefix}-cert${index}.der`, data: der, type: 'application/pkix-cert' };
  return { name: `${prefix}-cert${index}.pem`, data: certificatePem(der), type: 'application/x-pem-file' };
}
