import { describe, expect, it } from 'vitest';
import { declareFields } from './fields.ts';
import { FieldGroup, FieldTree, findAll } from './tree.ts';

const A = declareFields({
  treetest: { name: 'Tree Test', type: 'protocol' },
  'treetest.kept': { name: 'Kept', type: 'uint8' },
  'treetest.dropped': { name: 'Dropped', type: 'uint8' },
});

describe('FieldTree', () => {
  it('keeps every node and wants every protocol for the whole tree', () => {
    const t = new FieldTree(true);
    expect([t.build, t.labels, t.wants('treetest'), t.keeps('treetest.dropped')]).toEqual([true, true, true, true]);
    const root = t.add(null, A.treetest, 0, 2, undefined);
    t.add(root, A['treetest.kept'], 0, 1, 7);
    expect(root.children?.map((n) => n.label)).toEqual(['Kept: 7']);
  });

  it('keeps nothing and wants nothing for the columns only', () => {
    const t = new FieldTree(false);
    expect([t.build, t.labels, t.wants('treetest'), t.keeps('treetest.kept')]).toEqual([false, false, false, false]);
    t.add(null, A['treetest.kept'], 0, 1, 7);
    expect(t.roots).toEqual([]);
  });

  it('keeps only the named fields, flat, and wants only their protocols', () => {
    const names = new Set(['treetest.kept', 'treetest.later']);
    const t = new FieldTree(names);
    expect([t.build, t.labels, t.wants('treetest'), t.wants('ip')]).toEqual([true, false, true, false]);
    expect([t.keeps('treetest.kept'), t.keeps('treetest.dropped')]).toEqual([true, false]);
    const root = t.add(null, A.treetest, 0, 2, undefined);
    const kept = t.add(root, A['treetest.kept'], 0, 1, 7);
    t.add(root, A['treetest.dropped'], 1, 1, 8);
    // A field declared after the kept set was first used is still found by name.
    const L = declareFields({ 'treetest.later': { name: 'Later', type: 'uint8' } });
    t.add(kept, L['treetest.later'], 1, 1, 9);
    expect(t.roots.map((n) => [n.def?.abbrev, n.value])).toEqual([
      ['treetest.kept', 7],
      ['treetest.later', 9],
    ]);
    expect(findAll(new FieldTree(names), 'treetest.kept')).toEqual([]);
  });

  it('tells whether any field of a group is kept, by name or by prefix', () => {
    const group = new FieldGroup(new Set(['treetest.kept']), ['treetest.fam.']);
    expect(new FieldTree(true).keepsAnyOf(group)).toBe(true);
    expect(new FieldTree(false).keepsAnyOf(group)).toBe(false);
    expect(new FieldTree(new Set(['treetest.kept', 'ip'])).keepsAnyOf(group)).toBe(true);
    expect(new FieldTree(new Set(['treetest.fam.a'])).keepsAnyOf(group)).toBe(true);
    expect(new FieldTree(new Set(['treetest.fam', 'treetest.dropped'])).keepsAnyOf(group)).toBe(false);
    // The answer is kept per set of names: asking again for another tree over the same set gives the same.
    const names = new Set(['treetest.dropped']);
    expect([new FieldTree(names).keepsAnyOf(group), new FieldTree(names).keepsAnyOf(group)]).toEqual([false, false]);
    // Two passes with different sets, asking in turn, each get their own answer.
    const other = new Set(['treetest.fam.b']);
    const answers = [names, other, names, other].map((set) => new FieldTree(set).keepsAnyOf(group));
    expect(answers).toEqual([false, true, false, true]);
  });
});
