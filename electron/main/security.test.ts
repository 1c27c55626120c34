/**
 * The Electron security checklist where it can be tested without Electron: sender checks, IPC argument schemas,
 * navigation/new-window/external-URL policy, deny-all permissions, web preferences, the page's CSP, and that
 * main.ts routes every IPC channel through the checks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  cspProblems,
  externalUrlAllowed,
  IPC_CHANNELS,
  isTrustedSender,
  navigationAllowed,
  permissionAllowed,
  SECURE_WEB_PREFERENCES,
  validateIpcArgs,
  withScriptHashes,
} from './security.ts';
import { inlineEarlySocket, inlineScripts, scriptHash } from '../serve/inline-scripts.ts';

const source = (rel: string): string => readFileSync(fileURLToPath(new URL(rel, import.meta.url)), 'utf8');
const PAGE = pathToFileURL('/opt/Wirelens/resources/app.asar/dist/renderer/index.html').href;

describe('isTrustedSender', () => {
  it('accepts only our page, loaded from disk', () => {
    expect(isTrustedSender(PAGE, PAGE)).toBe(true);
    expect(isTrustedSender(`${PAGE}#/packets`, PAGE)).toBe(true);
    expect(isTrustedSender(`${PAGE}?x=1`, PAGE)).toBe(true);
  });

  it.each([
    ['no frame', undefined],
    ['an empty URL', ''],
    ['about:blank', 'about:blank'],
    ['a remote page', 'https://evil.example/index.html'],
    ['a data: URL', 'data:text/html,<script>1</script>'],
    ['another file', pathToFileURL('/tmp/evil/index.html').href],
    ['a sibling file', PAGE.replace('index.html', 'other.html')],
    ['a traversal', PAGE.replace('/renderer/', '/renderer/../renderer2/')],
    ['a file on another host', PAGE.replace('file:///', 'file://evil.example/')],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isTrustedSender(url, PAGE)).toBe(false);
  });
});

describe('validateIpcArgs', () => {
  it('accepts what the preload script sends', () => {
    expect(validateIpcArgs('wirelens:request', [{ id: 1, method: 'state', params: {} }])).toMatchObject({ ok: true });
    expect(validateIpcArgs('wirelens:open-dialog', [])).toEqual({ ok: true, args: [] });
    expect(validateIpcArgs('wirelens:open-dropped', ['/home/me/trace.pcapng'])).toEqual({
      ok: true,
      args: ['/home/me/trace.pcapng'],
    });
  });

  it.each([
    ['wirelens:request', []],
    ['wirelens:request', ['{"id":1}']],
    ['wirelens:request', [null]],
    ['wirelens:request', [{ id: 1 }, 'extra']],
    ['wirelens:open-dialog', ['/etc/passwd']],
    ['wirelens:open-dropped', []],
    ['wirelens:open-dropped', [42]],
    ['wirelens:open-dropped', ['relative/trace.pcap']],
    ['wirelens:open-dropped', ['/tmp/a\0.pcap']],
    ['wirelens:open-dropped', [`/${'a'.repeat(5000)}`]],
    ['wirelens:open-dropped', ['/a.pcap', '/b.pcap']],
  ] as const)('refuses %s with %j', (channel, args) => {
    expect(validateIpcArgs(channel, args)).toMatchObject({ ok: false, message: expect.stringContaining(channel) });
  });

  it('refuses channels it does not know', () => {
    expect(validateIpcArgs('wirelens:read-file' as never, ['/etc/passwd'])).toMatchObject({ ok: false });
  });
});

describe('navigation, new windows and external links', () => {
  it('never navigates the page', () => {
    for (const url of [PAGE, 'https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)'])
      expect(navigationAllowed(url)).toBe(false);
  });

  it('opens only https documentation links in the browser', () => {
    expect(externalUrlAllowed('https://wiki.wireshark.org/TLS')).toBe(true);
    expect(externalUrlAllowed('https://datatracker.ietf.org/doc/html/rfc8446')).toBe(true);
    for (const url of [
      'http://wiki.wireshark.org/TLS',
      'https://evil.example/',
      'https://wiki.wireshark.org.evil.example/',
      'https://user:pw@wiki.wireshark.org/',
      'file:///etc/passwd',
      'smb://share/x',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(externalUrlAllowed(url), url).toBe(false);
  });

  it('denies every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen'])
      expect(permissionAllowed(p)).toBe(false);
  });
});

describe('web preferences and CSP', () => {
  it('isolates and sandboxes the renderer', () => {
    expect(SECURE_WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });

  it('has a strict policy, the same one the page carries in its meta tag', () => {
    expect(cspProblems(CONTENT_SECURITY_POLICY)).toEqual([]);
    const html = source('../../renderer/index.html');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });

  it("allows the built page's inline early socket by its hash, in the header as in the page's meta tag", () => {
    // What the build makes of the page (vite.config.ts inlines early-socket.js).
    const built = inlineEarlySocket(
      source('../../renderer/index.html'),
      source('../../renderer/public/early-socket.js'),
    );
    const hashes = inlineScripts(built).map(scriptHash);
    expect(hashes).toHaveLength(1);
    const header = withScriptHashes(CONTENT_SECURITY_POLICY, hashes);
    expect(header).toContain(`script-src 'self' ${hashes[0]};`);
    expect(cspProblems(header)).toEqual([]);
    expect(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(built)?.[1]).toBe(header);
    expect(withScriptHashes(CONTENT_SECURITY_POLICY, [])).toBe(CONTENT_SECURITY_POLICY);
  });

  it('finds the weaknesses it looks for', () => {
    expect(cspProblems("default-src 'self'; script-src 'self' 'unsafe-eval'; object-src 'none'")).toContain(
      'script-src allows eval',
    );
    expect(cspProblems("default-src *; object-src 'none'")).toContain('default-src allows *');
    expect(cspProblems("default-src 'self' https://cdn.example; object-src 'none'")).toEqual([
      'default-src allows https://cdn.example',
      'scripts are not limited to the app',
    ]);
    expect(cspProblems("script-src 'unsafe-inline'")).toEqual(
      expect.arrayContaining(['script-src allows inline scripts', 'no default-src', "object-src is not 'none'"]),
    );
  });
});

describe('main.ts wiring', () => {
  const main = source('./main.ts');

  it('registers every IPC channel through the checked wrapper, and no invoke handlers', () => {
    expect(main.match(/ipcMain\.on\(/g)).toHaveLength(1);
    expect(main).toMatch(/function onIpc[\s\S]*?if \(!fromOurWindow\(e\)\) return;[\s\S]*?validateIpcArgs\(/);
    expect(main).not.toMatch(/ipcMain\.(handle|addListener|once)\(/);
    for (const channel of IPC_CHANNELS) expect(main).toContain(`onIpc('${channel}'`);
    const preload = source('./preload.ts');
    const used = [...preload.matchAll(/ipcRenderer\.send\('([^']+)'/g)].map((m) => m[1]);
    expect(used.sort()).toEqual([...IPC_CHANNELS].sort());
  });

  it('denies navigation, new windows, webviews and permissions', () => {
    expect(main).toMatch(/will-navigate/);
    expect(main).toMatch(/will-redirect/);
    expect(main).toMatch(/will-attach-webview', \(ev\) => ev\.preventDefault\(\)/);
    expect(main).toMatch(/setWindowOpenHandler[\s\S]*?action: 'deny'/);
    expect(main).toMatch(/setPermissionRequestHandler/);
    expect(main).toMatch(/setPermissionCheckHandler/);
    expect(main).toMatch(/satisfies typeof SECURE_WEB_PREFERENCES/);
    expect(main).not.toMatch(/nodeIntegration: true|contextIsolation: false|sandbox: false|webSecurity: false/);
  });

  it('exports only to paths from its own save dialog', () => {
    expect(main).toMatch(/exportTarget: chooseExportPath/);
    expect(main).toMatch(/async function chooseExportPath[\s\S]*?dialog\.showSaveDialog/);
  });
});
