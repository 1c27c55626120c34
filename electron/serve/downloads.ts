/**
 * Serve mode's exports: the backend writes each export into a private folder under a random id, and the browser
 * downloads it once from `/download/<id>` (with the server's token when it has one). Ids are 128-bit random, so
 * another page can't guess them; each file is deleted after its download or after ten minutes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, rmSync, statSync, unlinkSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { ExportFormat } from '../../shared/protocol/messages.ts';
import type { ExportTarget } from '../backend/handler.ts';

const PREFIX = '/download/';
const ID = /^[0-9a-f]{32}$/;
const KEEP_MS = 10 * 60 * 1000;

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  pcap: 'application/vnd.tcpdump.pcap',
  pcapng: 'application/octet-stream',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

interface Pending {
  path: string;
  name: string;
  format: ExportFormat;
  timer: ReturnType<typeof setTimeout>;
}

/** A file name safe in a Content-Disposition header (the stem comes from the capture's name). */
export function safeDownloadName(name: string): string {
  const cleaned = name.replace(/[^\w.+-]+/g, '_').replace(/^\.+/, '');
  return cleaned.slice(-120) || 'export';
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class ExportDownloads {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly dir: string,
    private readonly token: string | null,
  ) {}

  /** A destination for one export and the URL the browser fetches it from. */
  reserve(name: string, format: ExportFormat): ExportTarget {
    const id = randomBytes(16).toString('hex');
    const path = join(this.dir, id);
    const timer = setTimeout(() => this.drop(id), KEEP_MS);
    timer.unref();
    this.pending.set(id, { path, name: safeDownloadName(name), format, timer });
    const query = this.token ? `?token=${this.token}` : '';
    return { path, download: `${PREFIX}${id}${query}` };
  }

  handles(req: IncomingMessage): boolean {
    return (req.url ?? '').startsWith(PREFIX);
  }

  /** Sends the export once, as an attachment, then deletes it. Unknown ids, other methods and bad tokens fail. */
  serve(req: IncomingMessage, res: ServerResponse, headers: (res: ServerResponse) => void): void {
    headers(res);
    const url = new URL(req.url ?? '/', 'http://x');
    const id = url.pathname.slice(PREFIX.length);
    if (req.method !== 'GET') {
      res.writeHead(405, { Allow: 'GET' }).end();
      return;
    }
    if (this.token !== null && !sameToken(url.searchParams.get('token'), this.token)) {
      res.writeHead(401).end();
      return;
    }
    const p = ID.test(id) ? this.pending.get(id) : undefined;
    let size: number;
    try {
      if (!p) throw new Error('unknown');
      size = statSync(p.path).size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
      return;
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[p.format],
      'Content-Length': size,
      'Content-Disposition': `attachment; filename="${p.name}"`,
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(p.path);
    const remove = (): void => {
      try {
        unlinkSync(p.path);
      } catch {
        // Already gone.
      }
    };
    stream.on('error', () => {
      res.destroy();
      remove();
    });
    stream.on('close', remove);
    stream.pipe(res);
  }

  private drop(id: string): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    try {
      unlinkSync(p.path);
    } catch {
      // Never written (the export failed or was not finished).
    }
  }

  /** Deletes every pending export and the folder. */
  dispose(): void {
    for (const id of [...this.pending.keys()]) this.drop(id);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
