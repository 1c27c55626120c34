/** Detail-tree helpers: stable node ids, expansion keys, flattening for display, and byte-to-node lookup. */
import type { TreeNode } from '../../shared/protocol/messages.ts';

export interface FlatNode {
  /** Path of child indexes, e.g. "4.0.2": stable for one packet. */
  id: string;
  node: TreeNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

/**
 * What remembers a subtree's expanded state across packets (like Wireshark's per-subtree-type memory): the field
 * name, or for text lines the label without its numbers.
 */
export function expansionKey(n: TreeNode): string {
  return n.abbrev ?? `text:${n.label.replace(/\d+/g, '#')}`;
}

export function flatten(tree: readonly TreeNode[], expanded: ReadonlySet<string>): FlatNode[] {
  const out: FlatNode[] = [];
  const visit = (nodes: readonly TreeNode[], depth: number, prefix: string): void => {
    nodes.forEach((node, i) => {
      const id = prefix ? `${prefix}.${i}` : String(i);
      const hasChildren = !!node.children?.length;
      const isOpen = hasChildren && expanded.has(expansionKey(node));
      out.push({ id, node, depth, hasChildren, expanded: isOpen });
      if (isOpen) visit(node.children!, depth + 1, id);
    });
  };
  visit(tree, 0, '');
  return out;
}

export function nodeById(tree: readonly TreeNode[], id: string): TreeNode | undefined {
  let nodes: readonly TreeNode[] | undefined = tree;
  let node: TreeNode | undefined;
  for (const part of id.split('.')) {
    node = nodes?.[Number(part)];
    if (!node) return undefined;
    nodes = node.children;
  }
  return node;
}

/** Ids of a node's ancestors, outermost first. */
export function ancestorIds(id: string): string[] {
  const parts = id.split('.');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** The deepest node whose bytes in `source` cover `offset` (the most specific field for a clicked byte). */
export function deepestAt(tree: readonly TreeNode[], source: number, offset: number): string | undefined {
  let best: { id: string; depth: number; length: number } | undefined;
  const visit = (nodes: readonly TreeNode[], depth: number, prefix: string): void => {
    nodes.forEach((n, i) => {
      const id = prefix ? `${prefix}.${i}` : String(i);
      if (n.source === source && n.length > 0 && offset >= n.offset && offset < n.offset + n.length) {
        if (!best || depth > best.depth || (depth === best.depth && n.length < best.length))
          best = { id, depth, length: n.length };
      }
      if (n.children) visit(n.children, depth + 1, id);
    });
  };
  visit(tree, 0, '');
  return best?.id;
}

/** Every expansion key in the tree (for Expand All). */
export function allKeys(tree: readonly TreeNode[]): string[] {
  const keys: string[] = [];
  const visit = (nodes: readonly TreeNode[]): void => {
    for (const n of nodes)
      if (n.children?.length) {
        keys.push(expansionKey(n));
        visit(n.children);
      }
  };
  visit(tree);
  return keys;
}

/** The filter expression for a node: `field == value`, or the field name alone for protocols and labels. */
export function filterFor(n: TreeNode): string | undefined {
  if (!n.abbrev) return undefined;
  if (n.value === undefined || n.value === '') return n.abbrev;
  const v = /^[\w.:/-]+$/.test(n.value) ? n.value : JSON.stringify(n.value);
  return `${n.abbrev} == ${v}`;
}

/** Id of the first node (in tree order) that satisfies `pred`. */
export function findId(tree: readonly TreeNode[], pred: (n: TreeNode) => boolean): string | undefined {
  const visit = (nodes: readonly TreeNode[], prefix: string): string | undefined => {
    for (let i = 0; i < nodes.length; i++) {
      const id = prefix ? `${prefix}.${i}` : String(i);
      const n = nodes[i]!;
      if (pred(n)) return id;
      const inner = n.children && visit(n.children, id);
      if (inner) return inner;
    }
    return undefined;
  };
  return visit(tree, '');
}
