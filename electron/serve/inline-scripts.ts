/**
 * The page's inline scripts and their CSP hashes. The renderer's first script (early-socket.js, which opens the
 * WebSocket) is inlined into index.html at build time so it runs as the page is parsed, without a request of its
 * own; the Content-Security-Policy then allows exactly that script by its hash, beside script-src 'self'.
 */
import { createHash } from 'node:crypto';

/** The CSP source expression for an inline script with this text (exactly what lies between the tags). */
export function scriptHash(code: string): string {
  return `'sha256-${createHash('sha256').update(code, 'utf8').digest('base64')}'`;
}

/** The texts of the classic inline scripts in a page (script elements without src, not modules). */
export function inlineScripts(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script\s*>/gi)) {
    const attrs = m[1] ?? '';
    if (/\ssrc\s*=/i.test(attrs) || /\stype\s*=\s*["']?module/i.test(attrs)) continue;
    if (m[2]!.trim()) found.push(m[2]!);
  }
  return found;
}

/**
 * index.html with `<script defer src="…/early-socket.js"></script>` replaced by the script's text, and the hash of
 * that text added to the meta CSP's script-src. Throws when the page has no such tag or CSP (the build must not
 * silently lose the early socket).
 */
export function inlineEarlySocket(html: string, code: string): string {
  const tag = /<script\s+defer\s+src="[^"]*early-socket\.js"><\/script>/;
  if (!tag.test(html)) throw new Error('index.html has no <script defer src="…early-socket.js"> to inline');
  if (/<\/script/i.test(code)) throw new Error('early-socket.js cannot be inlined: it contains "</script"');
  if (!html.includes("script-src 'self'")) throw new Error("index.html's CSP has no script-src 'self'");
  return html
    .replace(tag, () => `<script>${code}</script>`)
    .replace("script-src 'self'", () => `script-src 'self' ${scriptHash(code)}`);
}
