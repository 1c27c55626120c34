/**
 * The Electron security checklist as plain functions (no `electron` import, so Vitest tests them): which frames may
 * talk to the backend, what each IPC channel accepts, where pages may navigate and which URLs may open in the
 * browser, the permission policy, the window's web preferences and the page's Content Security Policy.
 * main.ts wires them to Electron's events.
 */
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MAX_PATH_LENGTH } from '../../shared/protocol/messages.ts';

/**
 * True when an IPC message comes from our page: the frame's URL is the renderer's own file (same file: URL, query
 * and fragment ignored). Anything else — another file, a remote page, about:blank, a data: URL — is refused.
 */
export function isTrustedSender(frameUrl: string | undefined | null, expectedUrl: string): boolean {
  if (!frameUrl) return false;
  let got: URL;
  let want: URL;
  try {
    got = new URL(frameUrl);
    want = new URL(expectedUrl);
  } catch {
    return false;
  }
  if (got.protocol !== 'file:' || want.protocol !== 'file:') return false;
  if (got.host !== want.host) return false;
  try {
    return fileURLToPath(got) === fileURLToPath(want);
  } catch {
    return false;
  }
}

/** An absolute path of a file dropped on the window. */
function droppedPath() {
  return z
    .string()
    .min(1)
    .max(MAX_PATH_LENGTH)
    .refine((p) => isAbsolute(p) && !p.includes('\0'), 'an absolute path');
}

/** The IPC channels the preload script uses, and the arguments each takes. */
const ipcSchemas = {
  /** A protocol request: validated again, in full, by parseRequest in the handler. */
  'wirelens:request': z.tuple([z.record(z.string(), z.unknown())]),
  'wirelens:open-dialog': z.tuple([]),
  /**
   * The path of a file the user dropped on the window. The page can't forge it: the preload script derives it from
   * a File object with webUtils.getPathForFile, which only has a path for files the user dragged in or picked.
   */
  'wirelens:open-dropped': z.tuple([droppedPath()]),
  /** Preferences → TLS: pick a key file in the main process's dialog (the renderer never names a path). */
  'wirelens:choose-tls-key': z.tuple([z.enum(['keylog', 'rsa']), z.string().max(1024)]),
  /** A key log the user dropped on the window (a path from webUtils.getPathForFile, as for captures). */
  'wirelens:add-dropped-keylog': z.tuple([droppedPath()]),
} as const;

export type IpcChannel = keyof typeof ipcSchemas;
export const IPC_CHANNELS = Object.keys(ipcSchemas) as IpcChannel[];

export type IpcArgs = { [C in IpcChannel]: z.infer<(typeof ipcSchemas)[C]> };

/** Checks the arguments of one IPC message on `channel`; never throws. */
export function validateIpcArgs<C extends IpcChannel>(
  channel: C,
  args: readonly unknown[],
): { ok: true; args: IpcArgs[C] } | { ok: false; message: string } {
  if (!Object.hasOwn(ipcSchemas, channel)) return { ok: false, message: `unknown channel ${String(channel)}` };
  const schema: z.ZodType = ipcSchemas[channel];
  const r = schema.safeParse([...args]);
  // The schema for `channel` produced it, so it has that channel's argument types.
  if (r.success) return { ok: true, args: r.data as IpcArgs[C] };
  const issue = r.error.issues[0];
  return { ok: false, message: `invalid arguments for ${channel}: ${issue?.message ?? 'malformed'}` };
}

/** The page never navigates: it is one document loaded from disk. Dropped files and links must not replace it. */
export function navigationAllowed(_url: string): boolean {
  return false;
}

/** Web pages the app may open in the user's browser (documentation links); nothing from a capture. */
const EXTERNAL_HOSTS: ReadonlySet<string> = new Set([
  'www.wireshark.org',
  'wiki.wireshark.org',
  'datatracker.ietf.org',
  'www.rfc-editor.org',
]);

/** True only for https URLs on the documentation hosts above, without credentials. */
export function externalUrlAllowed(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return u.protocol === 'https:' && u.username === '' && u.password === '' && EXTERNAL_HOSTS.has(u.hostname);
}

/** Every permission request (camera, notifications, clipboard-read, …) is denied: the app needs none. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}

/** The window's web preferences (the preload path is added by main.ts). */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  /** Middle-click must not open links in new windows. */
  disableBlinkFeatures: 'Auxclick',
  webviewTag: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  spellcheck: false,
} as const;

/**
 * The page's Content Security Policy (also in renderer/index.html's meta tag, which a test compares): only the
 * app's own scripts, no eval, no remote origins, no plugins, no framing.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * `csp` with these script hashes ('sha256-…') added to its script-src: the built page's inline script (the early
 * WebSocket of serve mode, which returns at once here) must be allowed by the header as by the page's meta tag.
 */
export function withScriptHashes(csp: string, hashes: readonly string[]): string {
  if (!hashes.length) return csp;
  return csp
    .split('; ')
    .map((d) => (d.startsWith('script-src ') ? [d, ...hashes].join(' ') : d))
    .join('; ');
}

/** Problems with a CSP: unsafe-eval, remote or wildcard sources, missing object-src/script-src restrictions. */
export function cspProblems(csp: string): string[] {
  const problems: string[] = [];
  const directives = new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0]!.toLowerCase(), d.slice(1)] as const),
  );
  for (const [name, sources] of directives) {
    for (const s of sources) {
      if (s === "'unsafe-eval'" || s === "'wasm-unsafe-eval'") problems.push(`${name} allows eval`);
      const remote = s === '*' || /^(https?|wss?):/.test(s) || s.includes('://') || s.startsWith('*.');
      if (remote) problems.push(`${name} allows ${s}`);
      if (name === 'script-src' && s === "'unsafe-inline'") problems.push('script-src allows inline scripts');
    }
  }
  if (!directives.has('default-src')) problems.push('no default-src');
  if (directives.get('object-src')?.join(' ') !== "'none'") problems.push("object-src is not 'none'");
  if (!directives.has('script-src') && directives.get('default-src')?.join(' ') !== "'self'")
    problems.push('scripts are not limited to the app');
  return problems;
}
