import { describe, expect, it } from 'vitest';
import { completeFilter } from './index.ts';
import './test-packets.ts'; // declares the fields

const labels = (text: string, cursor = text.length): string[] => completeFilter(text, cursor).items.map((i) => i.label);

describe('completeFilter', () => {
  it('completes field names from the registry', () => {
    const r = completeFilter('tls.hand', 8);
    expect(r.from).toBe(0);
    expect(r.items.map((i) => i.label)).toEqual([
      'tls.handshake.extensions_server_name',
      'tls.handshake.random',
      'tls.handshake.type',
    ]);
    expect(r.items[2]!.detail).toBe('Handshake Type (Unsigned integer (1 byte))');
  });

  it('offers everything on an empty filter, with not and the functions', () => {
    const all = labels('');
    expect(all).toContain('frame');
    expect(all).toContain('tcp.port');
    expect(all).toContain('not');
    expect(all).toContain('len(');
  });

  it('completes the name being typed in the middle of a filter', () => {
    const r = completeFilter('tls and tcp.src == 1', 15);
    expect(r.from).toBe(8);
    expect(r.items.map((i) => i.label)).toEqual(['tcp.srcport']);
    expect(labels('!ip.s')).toEqual(['ip.src']);
    expect(labels('(ip.d')).toEqual(['ip.dst']);
    expect(labels('len(eth.s')).toEqual(['eth.src']);
  });

  it('maps the ssl alias to tls names', () => {
    expect(labels('ssl.handshake.t')).toEqual(['tls.handshake.type']);
  });

  it('completes after a leading dot', () => {
    const r = completeFilter('.tcp.sr', 7);
    expect(r.from).toBe(1);
    expect(r.items.map((i) => i.label)).toEqual(['tcp.srcport']);
  });

  it('offers operators after a field, slice or function', () => {
    expect(labels('tcp.port ')).toContain('==');
    expect(labels('tcp.port ')).toContain('contains');
    expect(labels('tcp.port con')).toEqual(['contains']);
    expect(labels('tcp.port i')).toEqual(['in']);
    expect(labels('frame[0:2] ')).toContain('==');
    expect(labels('len(tls) ')).toContain('>=');
    const r = completeFilter('tcp.port ma', 11);
    expect(r.from).toBe(9);
  });

  it('offers value names after a comparison', () => {
    expect(labels('tls.handshake.type == ')).toEqual([
      '"Client Hello"',
      '"Server Hello"',
      'Certificate',
      '"Server Key Exchange"',
      '"Server Hello Done"',
    ]);
    expect(labels('tls.record.content_type eq h')).toEqual(['Handshake']);
    const r = completeFilter('tls.handshake.type == "Server H', 31);
    expect(r.from).toBe(22);
    expect(r.items.map((i) => i.label)).toEqual(['"Server Hello"', '"Server Hello Done"']);
    expect(labels('tcp.port == ')).toEqual([]);
  });

  it('offers and/or after a value', () => {
    expect(labels('tcp.port == 443 ')).toEqual(['and', 'or']);
    expect(labels('tcp.port == 443 o')).toEqual(['or']);
    expect(labels('frame.protocols == "x" ')).toEqual(['and', 'or']);
    expect(labels('tcp.port in {443} ')).toEqual(['and', 'or']);
  });

  it('offers field names after and/or/not', () => {
    expect(labels('tls and ')).toContain('tcp.port');
    expect(labels('tls or not ')).toContain('ip.src');
  });

  it('clamps the cursor', () => {
    expect(completeFilter('ip.sr', 99).items.map((i) => i.label)).toEqual(['ip.src']);
    expect(completeFilter('ip.sr', -5).from).toBe(0);
  });
});
