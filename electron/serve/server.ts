/**
 * Serve mode's transport: an HTTP server for the built renderer and a WebSocket (`/ws`) carrying the renderer
 * protocol, each connection with its own ProtocolHandler. Listens on loopback by default; on any other address a
 * random token is required (it is part of the printed URL). WebSocket upgrades must come from the page itself
 * (same Origin and Host), so other web pages in the user's browser can't drive the backend.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { ProtocolHandler } from '../backend/handler.ts';
import { CaptureSession } from '../backend/session.ts';
import { dropSpareIndexWorker, prewarmIndexWorker } from '../backend/worker-start.ts';
import { ExportDownloads } from './downloads.ts';
import { emptyTlsKeyConfig } from '../backend/tls-key-config.ts';
import { MAX_KEYLOG_BYTES } from '../../shared/protocol/tls.ts';
import { inlineScripts, scriptHash } from './inline-scripts.ts';

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  host: string;
  /** A capture each new connection opens. */
  file?: string;
  /** Folder of the built renderer (default dist/renderer). */
  rendererDir?: string;
  /** Require the token even on loopback. */
  alwaysToken?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string | null;
  close(): Promise<void>;
}

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../dist/renderer/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function securityHeaders(res: ServerResponse, host: string, scriptHashes: readonly string[]): void {
  res.setHeader(
    'Content-Security-Policy',
    [
      "default-src 'self'",
      ["script-src 'self'", ...scriptHashes].join(' '),
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      `connect-src 'self' ws://${host} wss://${host}`,
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; '),
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Wirelens</title>
<p>The renderer hasn't been built yet: run <code>npm run build</code>, then reload.</p>`;

/**
 * Serves a file of the built renderer; `onPage` is called when the page itself is served (its WebSocket will
 * follow).
 */
function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, onPage: () => void): void {
  const host = req.headers.host ?? '';
  securityHeaders(res, host, []);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://x');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end();
    return;
  }
  if (rel.endsWith('/')) rel += 'index.html';
  const path = normalize(join(root, rel));
  if (!(path + sep).startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  let file = path;
  if (!existsSync(file) || !statSync(file).isFile()) {
    // Single-page app: unknown paths without an extension get the page.
    if (extname(rel) === '') file = join(root, 'index.html');
    else {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
  }
  if (!existsSync(file)) {
    res.writeHead(503, { 'Content-Type': 'text/html; charset=utf-8' }).end(NOT_BUILT);
    return;
  }
  const body = readFileSync(file);
  const isPage = file.endsWith('.html');
  // The page's own inline script (the early WebSocket, inlined by the build) is allowed by its hash.
  if (isPage) securityHeaders(res, host, inlineScripts(body.toString('utf8')).map(scriptHash));
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
    'Cache-Control': isPage ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
  if (isPage && req.method === 'GET') onPage();
}

/** Starts the server; resolves once it listens. */
export function startServer(opts: ServeOptions): Promise<RunningServer> {
  const root = resolve(opts.rendererDir ?? DEFAULT_RENDERER_DIR) + sep;
  const token = opts.alwaysToken || !isLoopback(opts.host) ? randomBytes(24).toString('hex') : null;
  const downloads = new ExportDownloads(mkdtempSync(join(tmpdir(), 'wirelens-exports-')), token);
  const http = createServer((req, res) => {
    if (downloads.handles(req)) downloads.serve(req, res, (r) => securityHeaders(r, req.headers.host ?? '', []));
    else serveStatic(root, req, res, () => openFileAhead(req));
  });
  // Requests are small, except a TLS key log uploaded from Preferences → TLS (once, up to MAX_KEYLOG_BYTES,
  // plus room for JSON escapes).
  const wss = new WebSocketServer({ noServer: true, maxPayload: Math.ceil(MAX_KEYLOG_BYTES * 1.25) });
  const handlers = new Set<ProtocolHandler>();
  let tlsKeys = emptyTlsKeyConfig();
  // The first rows must be on screen within moments of the page loading: the index worker is loaded before any
  // page is asked for, and the capture given on the command line starts opening while the page loads (the
  // connection's handler then takes that session over).
  prewarmIndexWorker();
  const openFileAhead = (req: IncomingMessage): void => {
    // Only for a page that will be allowed to connect: with a token, the page's URL must carry it.
    const given = new URL(req.url ?? '/', 'http://x').searchParams.get('token');
    if (opts.file && (token === null || sameToken(given, token))) CaptureSession.openAhead(opts.file);
  };

  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const host = req.headers.host ?? '';
    const origin = req.headers.origin;
    const refuse = (code: number, why: string): void => {
      socket.end(`HTTP/1.1 ${code} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (origin !== undefined && origin !== `http://${host}` && origin !== `https://${host}`)
      return refuse(403, 'Forbidden');
    if (token !== null && !sameToken(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
    if (token === null) {
      // Loopback without a token: only accept loopback Host names (no DNS rebinding).
      const name = host.replace(/:\d+$/, '');
      if (!isLoopback(name)) return refuse(403, 'Forbidden');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (m: ServerMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const handler = new ProtocolHandler({
      send,
      allowOpenPath: true,
      // Live capture runs the capture helper on this machine: only for a server that listens on loopback.
      allowCapture: isLoopback(opts.host),
      // Exports are written by the backend into its own folder; the browser then downloads them once.
      exportTarget: (name, format) => Promise.resolve(downloads.reserve(name, format)),
      // Uploaded TLS keys last as long as the server (in memory only), so reloading the page keeps them.
      tlsKeys,
      onTlsKeys: (keys) => (tlsKeys = keys),
    });
    handlers.add(handler);
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        send({ kind: 'response', id: null, ok: false, error: { message: 'Invalid request: binary frame' } });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString());
      } catch {
        send({ kind: 'response', id: null, ok: false, error: { message: 'Invalid request: not JSON' } });
        return;
      }
      void handler.handle(raw);
    });
    ws.on('close', () => {
      handlers.delete(handler);
      void handler.dispose();
    });
    if (opts.file) {
      handler.openPath(opts.file).catch((e: unknown) =>
        send({
          kind: 'event',
          event: { type: 'error', error: (e as { problem?: { message: string } }).problem ?? { message: String(e) } },
        }),
      );
    }
  });

  return new Promise((resolvePromise, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => {
      http.off('error', reject);
      const port = (http.address() as AddressInfo).port;
      const shownHost = opts.host.includes(':') && !opts.host.startsWith('[') ? `[${opts.host}]` : opts.host;
      const url = `http://${shownHost}:${port}/${token ? `?token=${token}` : ''}`;
      resolvePromise({
        url,
        port,
        token,
        close: async () => {
          for (const c of wss.clients) c.terminate();
          await Promise.all([...handlers].map((h) => h.dispose()));
          await Promise.all([CaptureSession.dropOpenedAhead(), dropSpareIndexWorker()]);
          await new Promise<void>((r) => wss.close(() => r()));
          await new Promise<void>((r) => http.close(() => r()));
          downloads.dispose();
        },
      });
    });
  });
}

export function rendererBuilt(dir = DEFAULT_RENDERER_DIR): boolean {
  return existsSync(join(dir, 'index.html'));
}
