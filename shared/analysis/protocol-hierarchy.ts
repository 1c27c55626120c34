/**
 * Protocol hierarchy as Wireshark's statistic builds it: the top-level items of each packet's tree after the frame
 * (protocols, and items such as `tcp.segments` that dissectors put at the top), each nested under the one before,
 * counting frames and frame bytes at every level.
 */
import type { DissectedPacket } from '../dissect/packet.ts';
import type { FieldNode } from '../dissect/tree.ts';

/**
 * The names along one packet's path. Wireshark adds a reassembled PDU's segment list after the protocol that reads
 * the PDU, so `tcp.segments` comes after the protocols dissected from the same reassembled data.
 */
export function hierarchyPath(roots: readonly FieldNode[]): string[] {
  const path: string[] = [];
  for (let i = 0; i < roots.length; i++) {
    const root = roots[i]!;
    const name = root.def?.abbrev;
    if (name === undefined || name === 'frame') continue;
    if (name.endsWith('.segments') && root.source !== 0) {
      let j = i + 1;
      for (; j < roots.length && roots[j]!.source === root.source; j++) {
        const inner = roots[j]!.def?.abbrev;
        if (inner !== undefined) path.push(inner);
      }
      // A segment list with nothing read from it belongs to a PDU still being reassembled: tshark leaves it out.
      if (j > i + 1) path.push(name);
      i = j - 1;
      continue;
    }
    path.push(name);
  }
  return path;
}

export interface HierarchyNode {
  name: string;
  frames: number;
  bytes: number;
  /** In the order they were first seen. */
  children: HierarchyNode[];
}

export class ProtocolHierarchyBuilder {
  private readonly top: HierarchyNode[] = [];
  frames = 0;
  bytes = 0;

  add(p: DissectedPacket): void {
    this.frames++;
    this.bytes += p.origlen;
    let level = this.top;
    for (const name of hierarchyPath(p.tree.roots)) {
      let node = level.find((n) => n.name === name);
      if (!node) {
        node = { name, frames: 0, bytes: 0, children: [] };
        level.push(node);
      }
      node.frames++;
      node.bytes += p.origlen;
      level = node.children;
    }
  }

  /** The hierarchy's top level (usually the link layer). */
  roots(): HierarchyNode[] {
    return this.top;
  }
}
