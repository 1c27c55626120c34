import { describe, expect, it } from 'vitest';
import type { AlertInfo, TreeNode } from '../../shared/protocol/messages.ts';
import { explainAlert } from './alerts.ts';
import { asciiChar, hexToBytes, offsetText } from './hex.ts';
import { allKeys, ancestorIds, deepestAt, expansionKey, filterFor, findId, flatten, nodeById } from './tree.ts';

const tree: TreeNode[] = [
  { label: 'Frame 1', abbrev: 'frame', offset: 0, length: 60, source: 0, children: [] },
  {
    label: 'Transport Layer Security',
    abbrev: 'tls',
    offset: 20,
    length: 40,
    source: 0,
    children: [
      {
        label: 'TLSv1.2 Record Layer: Handshake Protocol: Server Hello',
        abbrev: 'tls.record',
        offset: 20,
        length: 40,
        source: 0,
        children: [
          {
            label: 'Content Type: Handshake (22)',
            abbrev: 'tls.record.content_type',
            value: '22',
            offset: 20,
            length: 1,
            source: 0,
          },
          {
            label: 'Version: TLS 1.2 (0x0303)',
            abbrev: 'tls.record.version',
            value: '0x0303',
            offset: 21,
            length: 2,
            source: 0,
          },
          {
            label: 'Cipher Suites (2 suites)',
            offset: 30,
            length: 4,
            source: 0,
            children: [
              {
                label: 'Cipher Suite: X (0xc02f)',
                abbrev: 'tls.handshake.ciphersuite',
                value: '0xc02f',
                offset: 30,
                length: 2,
                source: 0,
              },
            ],
          },
          {
            label: 'Server Name: a b',
            abbrev: 'tls.handshake.extensions_server_name',
            value: 'a b',
            offset: 5,
            length: 3,
            source: 1,
          },
        ],
      },
    ],
  },
];

describe('tree helpers', () => {
  it('flattens only what is expanded', () => {
    expect(flatten(tree, new Set()).map((l) => l.id)).toEqual(['0', '1']);
    const open = flatten(tree, new Set(['tls', 'tls.record']));
    expect(open.map((l) => [l.id, l.depth])).toEqual([
      ['0', 0],
      ['1', 0],
      ['1.0', 1],
      ['1.0.0', 2],
      ['1.0.1', 2],
      ['1.0.2', 2],
      ['1.0.3', 2],
    ]);
    expect(open[0]!.hasChildren).toBe(false);
  });

  it('remembers text subtrees without their numbers', () => {
    expect(expansionKey(nodeById(tree, '1.0.2')!)).toBe('text:Cipher Suites (# suites)');
    expect(allKeys(tree)).toEqual(['tls', 'tls.record', 'text:Cipher Suites (# suites)']);
  });

  it('finds the deepest node under a byte, per data source', () => {
    expect(deepestAt(tree, 0, 31)).toBe('1.0.2.0');
    expect(deepestAt(tree, 0, 21)).toBe('1.0.1');
    expect(deepestAt(tree, 0, 5)).toBe('0');
    expect(deepestAt(tree, 1, 6)).toBe('1.0.3');
    expect(deepestAt(tree, 2, 6)).toBeUndefined();
    expect(ancestorIds('1.0.2.0')).toEqual(['1', '1.0', '1.0.2']);
    expect(findId(tree, (n) => n.abbrev === 'tls.record.version')).toBe('1.0.1');
  });

  it('builds filters from fields', () => {
    expect(filterFor(nodeById(tree, '1')!)).toBe('tls');
    expect(filterFor(nodeById(tree, '1.0.1')!)).toBe('tls.record.version == 0x0303');
    expect(filterFor(nodeById(tree, '1.0.3')!)).toBe('tls.handshake.extensions_server_name == "a b"');
    expect(filterFor(nodeById(tree, '1.0.2')!)).toBeUndefined();
  });
});

describe('hex helpers', () => {
  it('decodes and prints', () => {
    expect([...hexToBytes('00ff41')]).toEqual([0, 255, 65]);
    expect(offsetText(2, 100)).toBe('0020');
    expect(offsetText(2, 70000)).toBe('00000020');
    expect(asciiChar(0x41) + asciiChar(0x0a)).toBe('A.');
  });
});

describe('alert decoder text', () => {
  const base: AlertInfo = {
    index: 0,
    encrypted: false,
    sender: 'server (10.0.0.2:443)',
    senderRole: 'server',
    afterApplicationData: false,
    lastTlsRecord: true,
    followedByClose: true,
    offset: 0,
    length: 2,
    source: 0,
  };

  it('names level and description with the code', () => {
    const e = explainAlert({ ...base, level: 2, code: 40 });
    expect(e.title).toBe('fatal · handshake_failure (40)');
    expect(e.severity).toBe('fatal');
    expect(e.text).toMatch(/cipher suite/);
    expect(e.sender).toBe('Sent by server (10.0.0.2:443).');
    expect(explainAlert({ ...base, level: 1, code: 0 }).title).toBe('warning · close_notify (0)');
    expect(explainAlert({ ...base, level: 2, code: 250 }).title).toBe('fatal · unknown_250 (250)');
  });

  it('explains encrypted alerts from where they sit', () => {
    const end = explainAlert({ ...base, encrypted: true, senderRole: 'client', afterApplicationData: true });
    expect(end.title).toBe('Encrypted Alert');
    expect(end.text).toMatch(/close_notify/);
    expect(end.text).toMatch(/the client closes/);
    const early = explainAlert({ ...base, encrypted: true });
    expect(early.text).toMatch(/during the handshake/);
    const middle = explainAlert({ ...base, encrypted: true, afterApplicationData: true, lastTlsRecord: false });
    expect(middle.text).toMatch(/middle of the session/);
  });
});
