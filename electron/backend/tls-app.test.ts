/**
 * TLS decryption in the app's backend: keys added through the protocol (as serve mode uploads them) re-index the
 * open capture, the decrypted packet carries a "Decrypted TLS" data source the tree points into, Follow TLS Stream
 * returns the decrypted HTTP, and the summary explains what could not be decrypted. The keys never come back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BackendEvent, Method, MethodResults, Response, ServerMessage } from '../../shared/protocol/messages.ts';
import type { TreeNode } from '../../shared/protocol/messages.ts';
import { CAPTURES, REPO } from '../../test/golden-support.ts';
import { CaptureIndex } from './capture-index.ts';
import { followTlsStream } from './follow-tls.ts';
import { ProtocolHandler } from './handler.ts';
import { installTlsKeys } from './tls-key-config.ts';
import { uninstallTlsDecryption } from './tls-crypto.ts';

const FIXTURES = join(REPO, 'test', 'fixtures', 'decryption');
const RSA_CAPTURE = join(FIXTURES, 'rsa-aes128-sha.pcap');
const RSA_KEY = readFileSync(join(FIXTURES, 'rsa-server.key.pem'), 'utf8');

class Harness {
  readonly messages: ServerMessage[] = [];
  readonly handler: ProtocolHandler;
  private id = 1;
  constructor(allowOpenPath = true) {
    this.handler = new ProtocolHandler({ send: (m) => this.messages.push(m), allowOpenPath });
  }
  async call<M extends Method>(method: M, params: unknown): Promise<MethodResults[M]> {
    await this.handler.handle({ id: this.id, method, params });
    const id = this.id++;
    const r = this.messages.find((m): m is Response => m.kind === 'response' && m.id === id)!;
    if (!r.ok) throw new Error(r.error.message);
    return r.result as MethodResults[M];
  }
  events(): BackendEvent[] {
    return this.messages.flatMap((m) => (m.kind === 'event' ? [m.event] : []));
  }
  async indexedCount(n: number): Promise<void> {
    while (this.events().filter((e) => e.type === 'indexed').length < n) await new Promise((r) => setTimeout(r, 10));
  }
}

function text(nodes: TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.label, ...text(n.children ?? [])]);
}

function find(nodes: TreeNode[], abbrev: string): TreeNode | undefined {
  for (const n of nodes) {
    if (n.abbrev === abbrev) return n;
    const c = find(n.children ?? [], abbrev);
    if (c) return c;
  }
  return undefined;
}

function ascii(hex: string): string {
  return Buffer.from(hex, 'hex').toString('latin1');
}

describe('TLS keys in the app backend', () => {
  let h: Harness;
  afterEach(() => h?.handler.dispose());

  it('re-indexes with an uploaded RSA key, shows the decrypted record, follows and summarises', async () => {
    h = new Harness();
    await h.call('open', { path: RSA_CAPTURE });
    await h.indexedCount(1);
    expect((await h.call('rows', { from: 9, count: 1 })).rows[0]!.protocol).toBe('TLSv1.2');
    const before = await h.call('tlsSummary', {});
    expect(before).toMatchObject({ keysLoaded: false, connections: 1, decryptedRecords: 0, problems: [] });

    const state = await h.call('addRsaKey', { name: 'server.pem', pem: RSA_KEY, password: '' });
    expect(state.sources).toEqual([{ kind: 'rsa', name: 'server.pem', keys: 1 }]);
    expect(JSON.stringify(h.messages)).not.toContain('PRIVATE KEY');
    await h.indexedCount(2);
    expect(h.events().some((e) => e.type === 'tlsKeys')).toBe(true);
    const rows = (await h.call('rows', { from: 9, count: 2 })).rows;
    expect(rows.map((r) => r.info)).toEqual(['GET /index.txt HTTP/1.1 ', 'HTTP/1.1 200 OK  (text/plain)']);

    // The request's tree points into its "Decrypted TLS" data source.
    const p = await h.call('packet', { number: 10 });
    const uri = find(p.tree, 'http.request.uri')!;
    expect(uri.value).toBe('/index.txt');
    const src = p.sources[uri.source - 1]!;
    expect(src.name).toMatch(/^Decrypted TLS/);
    expect(ascii(src.hex).slice(uri.offset, uri.offset + uri.length)).toBe('/index.txt');

    const follow = await h.call('followTls', { number: 4 });
    expect(follow.client).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(follow.server).toBe('127.0.0.1:443');
    const app = follow.records.filter((r) => r.hex);
    expect(app.map((r) => [r.frame, r.fromServer])).toEqual([
      [10, false],
      [11, true],
    ]);
    expect(ascii(app[0]!.hex)).toMatch(/^GET \/index\.txt HTTP\/1\.1\r\n/);
    expect(ascii(app[1]!.hex)).toContain('hello from wirelens over RSA key exchange');
    expect(follow.records.map((r) => r.contentType)).toEqual([22, 22, 22, 22, 22, 20, 22, 20, 22, 23, 23, 21, 21]);

    const after = await h.call('tlsSummary', {});
    expect(after).toMatchObject({ keysLoaded: true, connections: 1, decryptedConnections: 1, failedRecords: 0 });
    expect(after.decryptedRecords).toBe(6);

    await h.call('clearTlsKeys', {});
    await h.indexedCount(3);
    expect((await h.call('rows', { from: 9, count: 1 })).rows[0]!.protocol).toBe('TLSv1.2');
  });

  it('explains failures in the summary and on the record', async () => {
    h = new Harness();
    await h.call('open', { path: RSA_CAPTURE });
    await h.indexedCount(1);
    await h.call('addKeyLog', { name: 'other.keylog', text: `CLIENT_RANDOM ${'00'.repeat(32)} ${'11'.repeat(48)}\n` });
    await h.indexedCount(2);
    const summary = await h.call('tlsSummary', {});
    expect(summary.decryptedRecords).toBe(0);
    expect(summary.problems).toEqual([
      {
        stream: 0,
        frame: 8,
        reason: expect.stringMatching(/^no key for client random [0-9a-f]{16}… \(no RSA private key/),
        records: 2,
      },
    ]);
    const p = await h.call('packet', { number: 8 });
    expect(text(p.tree).some((l) => l.startsWith('[Decryption failed: no key for client random'))).toBe(true);
  });

  it('refuses key logs without keys, unreadable PEM, and uploads where the desktop app picks files', async () => {
    h = new Harness();
    await expect(h.call('addKeyLog', { name: 'x.txt', text: 'hello\n' })).rejects.toThrow(/holds no TLS keys/);
    await expect(h.call('addRsaKey', { name: 'k.pem', pem: 'nope', password: '' })).rejects.toThrow(
      /not a readable PEM/,
    );
    await h.handler.dispose();
    h = new Harness(false);
    await expect(
      h.call('addKeyLog', { name: 'a', text: `CLIENT_RANDOM ${'00'.repeat(32)} ${'11'.repeat(48)}` }),
    ).rejects.toThrow(/Preferences/);
    expect((await h.call('tlsKeys', {})).canUpload).toBe(false);
  });
});

const illustrated = join(CAPTURES, 'illustrated-tls12.pcap');

describe.skipIf(!existsSync(illustrated))('Follow TLS Stream on illustrated-tls12.pcap', () => {
  it('shows the decrypted application data of both sides', () => {
    installTlsKeys({
      keylogs: [{ name: 'k', text: readFileSync(join(CAPTURES, 'illustrated-tls12.keylog'), 'utf8') }],
      rsaKeys: [],
    });
    const core = new CaptureIndex(illustrated);
    try {
      while (!core.step(1000));
      const f = followTlsStream(core, 1);
      const data = f.records.filter((r) => r.hex).map((r) => [r.fromServer, ascii(r.hex)]);
      expect(data).toEqual([
        [false, 'ping'],
        [true, 'pong'],
      ]);
      expect(f.clientBytes).toBe(4);
      expect(f.serverBytes).toBe(4);
      // Past the limits the rest is counted, not sent.
      const cut = followTlsStream(core, 1, 1000, 4);
      expect(cut.records.filter((r) => r.hex).map((r) => ascii(r.hex))).toEqual(['ping']);
      expect(cut.truncated).toBeGreaterThan(0);
      expect(followTlsStream(core, 1, 3).records).toHaveLength(3);
    } finally {
      core.close();
      uninstallTlsDecryption();
    }
  });
});

const zeek = join(CAPTURES, 'tls12-decryption.pcap');

describe.skipIf(!existsSync(zeek))('Follow TLS Stream on tls12-decryption.pcap', () => {
  it('shows the decrypted HTTP request and response, client and server apart', () => {
    installTlsKeys({
      keylogs: [{ name: 'k', text: readFileSync(join(FIXTURES, 'tls12-decryption.keylog'), 'utf8') }],
      rsaKeys: [],
    });
    const core = new CaptureIndex(zeek);
    try {
      while (!core.step(1000));
      const f = followTlsStream(core, 10);
      const data = f.records.filter((r) => r.hex);
      expect(data.map((r) => [r.frame, r.fromServer])).toEqual([
        [10, false],
        [11, true],
      ]);
      expect(ascii(data[0]!.hex)).toMatch(/^GET \/ HTTP\/1\.1\r\n/);
      expect(ascii(data[1]!.hex)).toMatch(/^HTTP\/1\.1 301 Moved Permanently\r\n/);
      expect(f.server).toMatch(/:443$/);
    } finally {
      core.close();
      uninstallTlsDecryption();
    }
  });
});
