/** Serve mode's transport: static files, the WebSocket's origin/host/token checks, and a protocol round trip. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { appFixturePackets, writeFixture } from '../../test/app-fixtures.ts';
import { CaptureSession } from '../backend/session.ts';
import { startServer, type RunningServer } from './server.ts';

function rendererDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wirelens-renderer-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>test page</title>');
  writeFileSync(join(dir, 'app.js'), 'console.log(1)');
  return dir;
}

/** Connects and collects messages; resolves with the socket once open, rejects with the HTTP status if refused. */
function connect(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; got: ServerMessage[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const got: ServerMessage[] = [];
    ws.on('message', (d) => got.push(JSON.parse(d.toString()) as ServerMessage));
    ws.on('open', () => resolve({ ws, got }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

/** A GET with the path sent exactly as written (fetch would normalize `..` away). */
function rawGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function until<T>(f: () => T | undefined): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out');
}

describe('serve mode on loopback', () => {
  let server: RunningServer;
  const file = writeFixture();
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', file, rendererDir: rendererDir() });
  });
  afterAll(() => server.close());

  it('prints a URL without a token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.token).toBeNull();
  });

  it('serves the page with a content security policy, and nothing outside its folder', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('test page');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${server.url}app.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    expect((await fetch(`${server.url}..%2f..%2fpackage.json`)).status).not.toBe(200);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('opens the file given on the command line for each connection and answers requests', async () => {
    const { ws, got } = await connect(`ws://127.0.0.1:${server.port}/ws`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    try {
      await until(() => got.find((m) => m.kind === 'event' && m.event.type === 'indexed'));
      expect(got[0]).toMatchObject({ kind: 'event', event: { type: 'opened', file: { name: 'fixture.pcap' } } });
      ws.send(JSON.stringify({ id: 1, method: 'rows', params: { from: 0, count: 3 } }));
      const r = await until(() => got.find((m) => m.kind === 'response' && m.id === 1));
      expect(r).toMatchObject({ ok: true, result: { from: 0, rows: [{ number: 1 }, { number: 2 }, { number: 3 }] } });
      ws.send('not json');
      ws.send(JSON.stringify({ id: 2, method: 'rows', params: { from: 0 } }));
      const bad = await until(() => got.find((m) => m.kind === 'response' && m.id === 2));
      expect(bad).toMatchObject({ ok: false });
      expect(got.some((m) => m.kind === 'response' && m.id === null && !m.ok)).toBe(true);
    } finally {
      ws.close();
    }
  });

  it('starts opening the capture when the page is served, and pushes its first rows on connection', async () => {
    expect((await fetch(server.url)).status).toBe(200);
    const { ws, got } = await connect(`ws://127.0.0.1:${server.port}/ws`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    try {
      const pushed = await until(() => got.find((m) => m.kind === 'event' && m.event.type === 'rows'));
      const rows = pushed.kind === 'event' && pushed.event.type === 'rows' ? pushed.event.rows : [];
      // As many as were indexed by then: a prefix of the capture.
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => i + 1));
      const indexed = await until(() => got.find((m) => m.kind === 'event' && m.event.type === 'indexed'));
      expect(indexed).toMatchObject({ event: { type: 'indexed', total: appFixturePackets().length } });
    } finally {
      ws.close();
    }
  });

  it('never serves a file outside the renderer folder, however the path is written', async () => {
    const attempts = [
      '/../package.json',
      '/../../../../etc/passwd',
      '/%2e%2e/package.json',
      '/%2E%2E%2Fpackage.json',
      '/..%2f..%2fpackage.json',
      '/..%5c..%5cpackage.json',
      '/%252e%252e%252fpackage.json',
      '/.%2e/.%2e/etc/passwd',
      '/%c0%ae%c0%ae/etc/passwd',
      '/app.js%00.html',
      '//etc/passwd',
    ];
    for (const path of attempts) {
      const r = await rawGet(server.port, path);
      expect(r.body, path).not.toMatch(/"name": "wirelens"|root:/);
      expect([200, 400, 403, 404], path).toContain(r.status);
      // Anything served is the page itself (the single-page fallback), never another file.
      if (r.status === 200) expect(r.body, path).toContain('test page');
    }
  });

  it('exports through the WebSocket and lets the browser download the file once', async () => {
    const { ws, got } = await connect(`ws://127.0.0.1:${server.port}/ws`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    try {
      await until(() => got.find((m) => m.kind === 'event' && m.event.type === 'indexed'));
      ws.send(JSON.stringify({ id: 5, method: 'export', params: { format: 'csv', range: { kind: 'all' } } }));
      const r = await until(() => got.find((m) => m.kind === 'response' && m.id === 5));
      expect(r).toMatchObject({ ok: true, result: { saved: true, name: 'fixture-export.csv' } });
      const download = r.kind === 'response' && r.ok && r.method === 'export' ? r.result.download! : '';
      expect(download).toMatch(/^\/download\/[0-9a-f]{32}$/);
      const res = await fetch(`http://127.0.0.1:${server.port}${download}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="fixture-export.csv"');
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await res.text();
      expect(text.split('\n')[0]).toBe(
        '_ws.col.No.,_ws.col.Time,_ws.col.Source,_ws.col.Destination,_ws.col.Protocol,_ws.col.Length,_ws.col.Info',
      );
      expect((await fetch(`http://127.0.0.1:${server.port}${download}`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/download/${'0'.repeat(32)}`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${server.port}/download/../package.json`)).status).not.toBe(200);
    } finally {
      ws.close();
    }
  });

  it('takes a key log larger than other requests in one upload, never sends it back, keeps it for reloads', async () => {
    const { ws, got } = await connect(`ws://127.0.0.1:${server.port}/ws`, {
      Origin: `http://127.0.0.1:${server.port}`,
    });
    try {
      const line = (i: number): string => `CLIENT_RANDOM ${i.toString(16).padStart(64, '0')} ${'ab'.repeat(48)}\n`;
      const text = Array.from({ length: 2000 }, (_, i) => line(i)).join('');
      expect(text.length).toBeGreaterThan(256 * 1024);
      ws.send(JSON.stringify({ id: 7, method: 'addKeyLog', params: { name: 'big.keylog', text } }));
      const r = await until(() => got.find((m) => m.kind === 'response' && m.id === 7));
      expect(r).toMatchObject({ ok: true, result: { sources: [{ kind: 'keylog', name: 'big.keylog', keys: 2000 }] } });
      expect(JSON.stringify(got)).not.toContain('ab'.repeat(48));
    } finally {
      ws.close();
    }
    // A new connection (the page reloaded) finds the keys still loaded.
    const again = await connect(`ws://127.0.0.1:${server.port}/ws`, { Origin: `http://127.0.0.1:${server.port}` });
    try {
      again.ws.send(JSON.stringify({ id: 1, method: 'tlsKeys', params: {} }));
      const r = await until(() => again.got.find((m) => m.kind === 'response' && m.id === 1));
      expect(r).toMatchObject({ ok: true, result: { sources: [{ name: 'big.keylog', keys: 2000 }] } });
    } finally {
      again.ws.close();
    }
  });

  it('refuses WebSocket upgrades from other origins or host names', async () => {
    for (const origin of [
      'null',
      `http://127.0.0.1:${server.port + 1}`,
      `http://localhost.evil.example:${server.port}`,
      'file://',
    ])
      await expect(connect(`ws://127.0.0.1:${server.port}/ws`, { Origin: origin })).rejects.toThrow('HTTP 403');
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`, { Origin: 'https://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    await expect(
      connect(`ws://127.0.0.1:${server.port}/ws`, { Host: `rebound.example:${server.port}` }),
    ).rejects.toThrow('HTTP 403');
    await expect(connect(`ws://127.0.0.1:${server.port}/other`)).rejects.toThrow('HTTP 404');
  });
});

describe('serve mode with a token', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, host: '127.0.0.1', alwaysToken: true, rendererDir: rendererDir() });
  });
  afterAll(() => server.close());

  it('puts the token in the URL and requires it on the WebSocket', async () => {
    expect(server.token).toMatch(/^[0-9a-f]{48}$/);
    expect(server.url).toContain(`?token=${server.token}`);
    await expect(connect(`ws://127.0.0.1:${server.port}/ws`)).rejects.toThrow('HTTP 401');
    await expect(connect(`ws://127.0.0.1:${server.port}/ws?token=wrong`)).rejects.toThrow('HTTP 401');
    const { ws } = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    ws.close();
  });

  it('opens its capture ahead only for a page request that carries the token', async () => {
    const withFile = await startServer({
      port: 0,
      host: '127.0.0.1',
      alwaysToken: true,
      file: writeFixture(),
      rendererDir: rendererDir(),
    });
    const ahead = vi.spyOn(CaptureSession, 'openAhead');
    try {
      await fetch(`http://127.0.0.1:${withFile.port}/?token=wrong`);
      await fetch(`http://127.0.0.1:${withFile.port}/`);
      expect(ahead).not.toHaveBeenCalled();
      await fetch(withFile.url);
      expect(ahead).toHaveBeenCalledTimes(1);
    } finally {
      ahead.mockRestore();
      await withFile.close();
    }
  });

  it('requires the token to download an export as well', async () => {
    const file = writeFixture();
    const { ws, got } = await connect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    try {
      ws.send(JSON.stringify({ id: 1, method: 'open', params: { path: file } }));
      await until(() => got.find((m) => m.kind === 'event' && m.event.type === 'indexed'));
      ws.send(JSON.stringify({ id: 2, method: 'export', params: { format: 'pcap', range: { kind: 'all' } } }));
      const r = await until(() => got.find((m) => m.kind === 'response' && m.id === 2));
      const download = r.kind === 'response' && r.ok && r.method === 'export' ? r.result.download! : '';
      expect(download).toContain(`?token=${server.token}`);
      const bare = download.replace(/\?.*$/, '');
      expect((await fetch(`http://127.0.0.1:${server.port}${bare}`)).status).toBe(401);
      expect((await fetch(`http://127.0.0.1:${server.port}${bare}?token=wrong`)).status).toBe(401);
      const res = await fetch(`http://127.0.0.1:${server.port}${download}`);
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer()).subarray(0, 4)).toEqual(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1));
    } finally {
      ws.close();
    }
  });
});
