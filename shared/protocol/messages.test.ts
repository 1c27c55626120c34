/** Every message from the renderer is validated before it reaches the backend. */
import { describe, expect, it } from 'vitest';
import { MAX_FILTER_LENGTH, MAX_ROWS_PER_REQUEST, METHODS, parseRequest, parseRequestText } from './messages.ts';

describe('parseRequest', () => {
  const valid: Record<string, unknown> = {
    state: {},
    open: { path: '/tmp/a.pcap' },
    close: {},
    rows: { from: 0, count: 100 },
    packet: { number: 1 },
    filter: { text: 'tls' },
    cancelFilter: {},
    checkFilter: { text: 'tcp.port == 443' },
    complete: { text: 'tls.hand', cursor: 8 },
    locate: { number: 42 },
    sort: { column: 'info', descending: true },
    export: { format: 'pcapng', range: { kind: 'range', text: '1-10,15' } },
    tlsKeys: {},
    addKeyLog: { name: 'sslkeys.log', text: `CLIENT_RANDOM ${'00'.repeat(32)} ${'ab'.repeat(48)}\n` },
    addRsaKey: { name: 'server.key', pem: '-----BEGIN PRIVATE KEY-----\n', password: '' },
    clearTlsKeys: {},
    tlsSummary: {},
    followTls: { number: 4 },
    insight: {},
    ioGraph: { filter: 'tls' },
    interfaces: {},
    startCapture: { iface: 'lo', filter: 'tcp port 443' },
    stopCapture: {},
  };

  it('accepts one well-formed request of every method', () => {
    expect(Object.keys(valid).sort()).toEqual([...METHODS].sort());
    for (const [method, params] of Object.entries(valid)) {
      const r = parseRequest({ id: 7, method, params });
      expect(r, method).toEqual({ ok: true, request: { id: 7, method, params } });
    }
  });

  it.each([
    ['not an object', 'rows', null],
    ['unknown method', { id: 1, method: 'readFile', params: { path: '/etc/passwd' } }, 1],
    ['missing params', { id: 1, method: 'rows' }, 1],
    ['extra keys in params', { id: 1, method: 'rows', params: { from: 0, count: 1, evil: true } }, 1],
    ['extra keys at top level', { id: 1, method: 'state', params: {}, x: 1 }, 1],
    ['negative row', { id: 1, method: 'rows', params: { from: -1, count: 1 } }, 1],
    ['fractional row', { id: 1, method: 'rows', params: { from: 1.5, count: 1 } }, 1],
    ['too many rows', { id: 1, method: 'rows', params: { from: 0, count: MAX_ROWS_PER_REQUEST + 1 } }, 1],
    ['packet number 0', { id: 1, method: 'packet', params: { number: 0 } }, 1],
    ['string number', { id: 1, method: 'packet', params: { number: '1' } }, 1],
    ['empty path', { id: 1, method: 'open', params: { path: '' } }, 1],
    ['non-string filter', { id: 1, method: 'filter', params: { text: 5 } }, 1],
    ['huge filter', { id: 1, method: 'filter', params: { text: 'a'.repeat(MAX_FILTER_LENGTH + 1) } }, 1],
    ['empty interface name', { id: 1, method: 'startCapture', params: { iface: '' } }, 1],
    ['huge interface name', { id: 1, method: 'startCapture', params: { iface: 'x'.repeat(300) } }, 1],
    [
      'capture output path from the renderer',
      { id: 1, method: 'startCapture', params: { iface: 'lo', output: '/etc/x' } },
      1,
    ],
    ['bad id', { id: -1, method: 'state', params: {} }, null],
    ['no id', { method: 'state', params: {} }, null],
    ['sort by an unknown column', { id: 1, method: 'sort', params: { column: 'color', descending: false } }, 1],
    [
      'export with a path',
      { id: 1, method: 'export', params: { format: 'csv', range: { kind: 'all' }, path: '/x' } },
      1,
    ],
    ['export in another format', { id: 1, method: 'export', params: { format: 'exe', range: { kind: 'all' } } }, 1],
    [
      'export range of packet 0',
      { id: 1, method: 'export', params: { format: 'csv', range: { kind: 'selected', number: 0 } } },
      1,
    ],
  ])('rejects %s', (_name, raw, id) => {
    const r = parseRequest(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.id).toBe(id);
      expect(r.message).toMatch(/^Invalid request/);
    }
  });

  it('names the offending field', () => {
    const r = parseRequest({ id: 3, method: 'rows', params: { from: 0, count: 'many' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('params.count');
  });

  it('parses JSON text and rejects what is not JSON', () => {
    expect(parseRequestText('{"id":1,"method":"state","params":{}}').ok).toBe(true);
    expect(parseRequestText('{nope')).toEqual({ ok: false, id: null, message: 'Invalid request: not JSON' });
  });

  it('does not let prototype keys through', () => {
    const r = parseRequest(JSON.parse('{"id":1,"method":"state","params":{"__proto__":{"x":1}}}'));
    expect(r.ok).toBe(false);
  });
});
