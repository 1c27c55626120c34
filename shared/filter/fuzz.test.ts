// Robustness: compileFilter never throws, errors always point inside the text, matches() stays fast.
import { describe, expect, it } from 'vitest';
import { completeFilter, compileFilter, type CompiledFilter } from './index.ts';
import { CAPTURE, packet } from './test-packets.ts';

/** A small seeded PRNG (mulberry32), so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIELDS = [
  'tcp.port',
  'tcp.srcport',
  'frame.len',
  'ip.src',
  'ip.addr',
  'eth.src',
  'tls.handshake.type',
  'tls.record.content_type',
  'tls.record.version',
  'tcp.flags',
  'tcp.flags.syn',
  'tcp.payload',
  'frame.protocols',
  'tls',
  'tcp',
  'frame',
  'ip.ttl',
  'tcp.window_size_scalefactor',
  'frame.time_relative',
  'tls.handshake.random',
  'tls.record',
  'frame.marked',
  'tls.handshake.extensions_server_name',
  'ssl.record',
  'ipv6.src',
  'x509af.algorithm.id',
  'foo',
  'tcp.foo',
];
const LITERALS = [
  '0',
  '1',
  '66',
  '443',
  '0x1bb',
  '070',
  '65536',
  '-1',
  '+2',
  '"tcp"',
  '"Handshake"',
  '"\\x16\\x03"',
  "'a'",
  "'B'",
  '00:1b',
  '16:03',
  'c0.a8',
  '192.168.18.50',
  '192.168.0.0/16',
  '10.0.0.1',
  'handshake',
  'foo',
  'true',
  'True',
  'Set',
  '"client hello"',
  '1.5',
  '64:66:b3:0b:8f:82',
  '"eth:ethertype:ip:tcp"',
  '::1',
  '2001:db8::/32',
  '1e2',
  '"(a|b)*c"',
];
const OPS = [
  '==',
  '!=',
  '===',
  '!==',
  '~=',
  '>',
  '<',
  '>=',
  '<=',
  'eq',
  'ne',
  'contains',
  'matches',
  '~',
  'gt',
  'le',
  '&',
];
const FUNCS = ['len', 'count', 'lower', 'upper', 'string', 'abs', 'max', 'min', 'nope'];
const SLICES = ['[0]', '[0:2]', '[1-2]', '[-1]', '[2:]', '[:1]', '[0,2]', '[-2:1]', '#1', '#[1-2]'];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function operand(r: () => number): string {
  const x = r();
  if (x < 0.45) return pick(r, FIELDS);
  if (x < 0.6) return pick(r, FIELDS) + pick(r, SLICES);
  if (x < 0.75) return `${pick(r, FUNCS)}(${pick(r, FIELDS)}${r() < 0.2 ? ', ' + pick(r, LITERALS) : ''})`;
  if (x < 0.85) return `${pick(r, FIELDS)} ${pick(r, ['+', '-', '*', '/', '%', '&'])} ${pick(r, LITERALS)}`;
  if (x < 0.9) return '-' + pick(r, FIELDS);
  return pick(r, LITERALS);
}

function expr(r: () => number, depth = 0): string {
  const x = r();
  if (depth < 3 && x < 0.15)
    return `${expr(r, depth + 1)} ${pick(r, ['and', 'or', '&&', '||', 'xor'])} ${expr(r, depth + 1)}`;
  if (depth < 3 && x < 0.22) return pick(r, ['not ', '!']) + expr(r, depth + 1);
  if (depth < 3 && x < 0.28) return `(${expr(r, depth + 1)})`;
  if (x < 0.38) return operand(r);
  if (x < 0.48) {
    const items = Array.from({ length: 1 + Math.floor(r() * 3) }, () =>
      r() < 0.7 ? pick(r, LITERALS) : `${pick(r, LITERALS)}..${pick(r, LITERALS)}`,
    );
    return `${operand(r)} ${r() < 0.5 ? 'in' : 'not in'} {${items.join(', ')}}`;
  }
  return `${pick(r, ['', '', 'any ', 'all '])}${operand(r)} ${pick(r, OPS)} ${r() < 0.7 ? pick(r, LITERALS) : operand(r)}`;
}

function mutate(r: () => number, s: string): string {
  if (!s) return s;
  const i = Math.floor(r() * s.length);
  const k = r();
  if (k < 0.33) return s.slice(0, i) + s.slice(i + 1);
  if (k < 0.66) return s.slice(0, i) + pick(r, [...'(){}[]",:.-!&|=<>~#$ 0a\\\'é\u0000']) + s.slice(i);
  return (
    s.slice(0, i) +
    s
      .slice(i + 1, i + 3)
      .split('')
      .reverse()
      .join('') +
    s.slice(i + 3)
  );
}

function checkResult(text: string): CompiledFilter | undefined {
  let res: ReturnType<typeof compileFilter>;
  expect(() => (res = compileFilter(text)), JSON.stringify(text)).not.toThrow();
  res = compileFilter(text);
  if (res.ok) return res.filter;
  const e = res.error;
  expect(typeof e.message, JSON.stringify(text)).toBe('string');
  expect(e.message.length, JSON.stringify(text)).toBeGreaterThan(0);
  expect(e.column, JSON.stringify(text)).toBeGreaterThanOrEqual(0);
  expect(e.length, JSON.stringify(text)).toBeGreaterThanOrEqual(0);
  expect(e.column + e.length, JSON.stringify(text)).toBeLessThanOrEqual(text.length + 1);
  expect(e.message.startsWith('Internal error'), `${JSON.stringify(text)}: ${e.message}`).toBe(false);
  return undefined;
}

describe('fuzz', () => {
  it('never throws on random character soup', () => {
    const r = rng(1);
    const alphabet = 'abcdefxyz0123456789 .:-_/()[]{}<>=!~&|^#$@%*+,"\'\\\t\né€\u0000';
    for (let n = 0; n < 3000; n++) {
      const len = Math.floor(r() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(r() * alphabet.length)];
      checkResult(s);
    }
  });

  it('never throws on generated filters, and matches() stays fast', () => {
    const r = rng(2);
    let compiled = 0;
    const t0 = performance.now();
    for (let n = 0; n < 3000; n++) {
      let text = expr(r);
      if (r() < 0.3) text = mutate(r, text);
      const f = checkResult(text);
      if (!f) continue;
      compiled++;
      for (const p of CAPTURE) expect(typeof f.matches(p)).toBe('boolean');
    }
    expect(compiled).toBeGreaterThan(300);
    expect(performance.now() - t0).toBeLessThan(20000);
  });

  it('survives pathological sizes and nesting', () => {
    const deep = '('.repeat(20000) + 'tls' + ')'.repeat(20000);
    const nots = '!'.repeat(50000) + 'tls';
    const ors = Array.from({ length: 5000 }, (_, i) => `tcp.port == ${i}`).join(' or ');
    for (const text of [
      deep,
      nots,
      ors,
      'a'.repeat(200000),
      '"' + 'x'.repeat(200000) + '"',
      'frame[' + '0,'.repeat(10000) + '0]',
    ]) {
      checkResult(text);
    }
    const r = compileFilter(ors);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.filter.matches(CAPTURE[2]!)).toBe(true);
  });

  it('bounds regular-expression matching on large frames', () => {
    const p = packet({ number: 1, extra: new TextEncoder().encode('a'.repeat(1 << 18)) });
    for (const re of ['.*a.*b', '(a+)+b', '(a|aa)*c', '^(\\w+\\s?)*$']) {
      // Inside a filter string a backslash must itself be escaped.
      const r = compileFilter(`frame matches "${re.replace(/\\/g, '\\\\')}"`);
      expect(r.ok, re).toBe(true);
      if (!r.ok) continue;
      const t0 = performance.now();
      r.filter.matches(p);
      expect(performance.now() - t0, re).toBeLessThan(5000);
    }
  });

  it('completes at any cursor without throwing', () => {
    const r = rng(3);
    for (let n = 0; n < 500; n++) {
      const text = mutate(r, expr(r));
      const cursor = Math.floor(r() * (text.length + 3)) - 1;
      expect(() => completeFilter(text, cursor)).not.toThrow();
    }
  });
});
