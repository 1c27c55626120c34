// eng-disable CSP_GLOBAL_CHECK -- Electronegativity can't read the imported CONTENT_SECURITY_POLICY constant.
/**
 * The Electron main process: window, menu, file opening (menu, command line, OS file association, drag and drop)
 * and the IPC end of the renderer protocol. Thin glue: all capture work is in electron/backend (plain Node).
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  session,
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BackendEvent, CaptureStatus, ExportFormat, ServerMessage } from '../../shared/protocol/messages.ts';
import { ProtocolHandler } from '../backend/handler.ts';
import { prewarmIndexWorker } from '../backend/worker-start.ts';
import {
  CONTENT_SECURITY_POLICY,
  externalUrlAllowed,
  isTrustedSender,
  navigationAllowed,
  permissionAllowed,
  SECURE_WEB_PREFERENCES,
  validateIpcArgs,
  withScriptHashes,
  type IpcChannel,
  type IpcArgs,
} from './security.ts';
import { inlineScripts, scriptHash } from '../serve/inline-scripts.ts';
import { captureMenu } from './capture-menu.ts';
import { SettingsFile } from './settings.ts';
import { addTlsKeyFile, chooseTlsKeyFile, savedTlsKeys } from './tls-keys.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
/** In the bundle (dist/electron/) the renderer is at ../renderer. */
const RENDERER = join(here, '..', 'renderer', 'index.html');
const RENDERER_URL = pathToFileURL(RENDERER).href;
const PRELOAD = join(here, 'preload.cjs');
const CAPTURE_EXTENSIONS = ['pcap', 'pcapng', 'cap'];

let win: BrowserWindow | null = null;
let handler: ProtocolHandler | null = null;
let settings: SettingsFile;
let pendingFile: string | undefined;
let lastCapture: CaptureStatus | undefined;

/** A problem for the renderer's banner. */
function report(message: string): void {
  win?.webContents.send('wirelens:message', { kind: 'event', event: { type: 'error', error: { message } } });
}

function isRegularFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The capture named on the command line, if any (skipping Electron's and Chromium's own arguments). */
function fileFromArgs(argv: readonly string[]): string | undefined {
  const args = argv.slice(app.isPackaged ? 1 : 2);
  const f = args.find((a) => !a.startsWith('-'));
  return f !== undefined ? resolve(f) : undefined;
}

async function openFile(path: string): Promise<void> {
  if (!win || !handler) {
    pendingFile = path;
    return;
  }
  try {
    await handler.openPath(path);
  } catch (e) {
    const problem = (e as { problem?: { message: string; offset?: number } }).problem ?? { message: String(e) };
    win.webContents.send('wirelens:message', { kind: 'event', event: { type: 'error', error: problem } });
  }
}

async function showOpenDialog(): Promise<void> {
  if (!win) return;
  const r = await dialog.showOpenDialog(win, {
    title: 'Open Capture File',
    properties: ['openFile'],
    filters: [
      { name: 'Capture files', extensions: CAPTURE_EXTENSIONS },
      { name: 'All files', extensions: ['*'] },
    ],
  });
  if (!r.canceled && r.filePaths[0]) await openFile(r.filePaths[0]);
}

function sendEvent(event: BackendEvent): void {
  if (win && !win.webContents.isDestroyed()) win.webContents.send('wirelens:message', { kind: 'event', event });
}

const SAVE_FILTERS: Record<ExportFormat, { name: string; extensions: string[] }> = {
  pcap: { name: 'Wireshark/tcpdump - pcap', extensions: ['pcap'] },
  pcapng: { name: 'Wireshark/… - pcapng', extensions: ['pcapng'] },
  csv: { name: 'Comma-separated values', extensions: ['csv'] },
  json: { name: 'JSON', extensions: ['json'] },
};

/** Where an export goes: only ever a path the user picked in the main process's own save dialog. */
async function chooseExportPath(suggestedName: string, format: ExportFormat): Promise<{ path: string } | null> {
  if (!win) return null;
  const folder = settings.data.recent[0] ? join(settings.data.recent[0], '..') : app.getPath('documents');
  const r = await dialog.showSaveDialog(win, {
    title: format === 'pcap' || format === 'pcapng' ? 'Export Specified Packets' : 'Export Packet Dissections',
    defaultPath: join(folder, suggestedName),
    filters: [SAVE_FILTERS[format]],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  });
  return r.canceled || !r.filePath ? null : { path: r.filePath };
}

function buildMenu(): void {
  const mac = process.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] = settings.data.recent.length
    ? [
        ...settings.data.recent.map((p) => ({ label: p, click: () => void openFile(p) })),
        { type: 'separator' as const },
        { label: 'Clear Menu', click: () => (settings.clearRecent(), buildMenu()) },
      ]
    : [{ label: 'No recent files', enabled: false }];
  const theme = (source: 'system' | 'light' | 'dark', label: string): MenuItemConstructorOptions => ({
    label,
    type: 'radio',
    checked: nativeTheme.themeSource === source,
    click: () => (nativeTheme.themeSource = source),
  });
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: '&Open…', accelerator: 'CmdOrCtrl+O', click: () => void showOpenDialog() },
        { label: 'Open &Recent', submenu: recent },
        { type: 'separator' },
        // The renderer asks which packets (all / displayed / selected / range), then the save dialog asks where.
        {
          label: 'Export Specified Packets…',
          click: () => sendEvent({ type: 'exportRequested', format: 'pcapng' }),
        },
        {
          label: 'Export Packet Dissections',
          submenu: [
            { label: 'As CSV…', click: () => sendEvent({ type: 'exportRequested', format: 'csv' }) },
            { label: 'As JSON…', click: () => sendEvent({ type: 'exportRequested', format: 'json' }) },
          ],
        },
        { type: 'separator' },
        {
          label: '&Close',
          accelerator: 'CmdOrCtrl+W',
          click: () => void handler?.handle({ id: 0, method: 'close', params: {} }),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit', label: '&Quit', accelerator: 'CmdOrCtrl+Q' },
      ],
    },
    captureMenu({ handler, win, last: lastCapture, report }),
    {
      label: '&Edit',
      submenu: [
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        {
          label: 'Preferences → &TLS…',
          click: () =>
            win?.webContents.send('wirelens:message', { kind: 'event', event: { type: 'showTlsPreferences' } }),
        },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        {
          label: 'Theme',
          submenu: [theme('system', 'Follow the System'), theme('light', 'Light'), theme('dark', 'Dark')],
        },
        { type: 'separator' },
        { role: 'toggleDevTools' },
      ],
    },
    {
      label: '&Help',
      submenu: [
        {
          label: 'About Wirelens',
          click: () =>
            void dialog.showMessageBox({
              type: 'info',
              title: 'About Wirelens',
              message: `Wirelens ${app.getVersion()}`,
              detail: 'A packet inspector for SSL/TLS traffic, field-compatible with Wireshark.',
            }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  const w = settings.data.window;
  win = new BrowserWindow({
    width: w.width,
    height: w.height,
    x: w.x,
    y: w.y,
    title: 'Wirelens',
    show: false,
    // Written out (not spread) so Electronegativity sees them; `satisfies` makes the compiler hold them to
    // SECURE_WEB_PREFERENCES, which security.test.ts checks. The remote module no longer exists (Electron >= 14),
    // so there is no enableRemoteModule to set (REMOTE_MODULE_JS_CHECK).
    // eng-disable REMOTE_MODULE_JS_CHECK
    webPreferences: {
      // The preload script is ours, sandboxed and context-isolated; it exposes four calls and no Node or
      // ipcRenderer objects (electron/main/preload.ts).
      // eng-disable PRELOAD_JS_CHECK
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    } satisfies typeof SECURE_WEB_PREFERENCES & { preload: string },
  });
  if (w.maximized) win.maximize();
  const contents = win.webContents;
  const current = win;
  handler = new ProtocolHandler({
    allowOpenPath: false,
    tlsKeys: savedTlsKeys(settings.data.tls),
    onTlsKeys: (keys) => {
      // "Remove all keys" forgets the saved files too (added files are remembered in tls-keys.ts).
      if (!keys.keylogs.length && !keys.rsaKeys.length) {
        settings.data.tls = { keylogFiles: [], rsaKeys: [] };
        settings.save();
      }
    },
    allowCapture: true,
    onCaptureStatus: (status) => {
      const changed = status?.state !== lastCapture?.state || status?.iface !== lastCapture?.iface;
      if (status) lastCapture = status;
      if (changed) buildMenu();
    },
    send: (m: ServerMessage) => {
      if (!contents.isDestroyed()) contents.send('wirelens:message', m);
    },
    onOpened: (path) => {
      settings.addRecent(path);
      buildMenu();
      current.setTitle(`${path} — Wirelens`);
    },
    exportTarget: chooseExportPath,
  });
  win.once('ready-to-show', () => win?.show());
  win.on('close', () => {
    const b = current.getNormalBounds();
    settings.data.window = { ...b, maximized: current.isMaximized() };
    settings.save();
  });
  win.on('closed', () => {
    void handler?.dispose();
    handler = null;
    win = null;
  });
  void win.loadFile(RENDERER).then(() => {
    if (pendingFile) {
      const f = pendingFile;
      pendingFile = undefined;
      void openFile(f);
    }
  });
}

/** Only our own window's main frame, showing our own page, may talk to the backend. */
function fromOurWindow(e: Electron.IpcMainEvent): boolean {
  return (
    !!win &&
    e.sender === win.webContents &&
    e.senderFrame === win.webContents.mainFrame &&
    isTrustedSender(e.senderFrame?.url, RENDERER_URL)
  );
}

/** Registers a handler that runs only for our page's messages whose arguments pass the channel's schema. */
function onIpc<C extends IpcChannel>(channel: C, run: (args: IpcArgs[C]) => void): void {
  ipcMain.on(channel, (e, ...args: unknown[]) => {
    if (!fromOurWindow(e)) return;
    const v = validateIpcArgs(channel, args);
    if (v.ok) run(v.args);
    else console.warn(`wirelens: ignored IPC message: ${v.message}`);
  });
}

function wireIpc(): void {
  onIpc('wirelens:request', ([msg]) => void handler?.handle(msg));
  onIpc('wirelens:open-dialog', () => void showOpenDialog());
  onIpc('wirelens:open-dropped', ([path]) => {
    if (isRegularFile(path)) void openFile(path);
  });
  onIpc('wirelens:choose-tls-key', ([kind, password]) => {
    if (win && handler) void chooseTlsKeyFile(win, handler, settings, kind, password);
  });
  onIpc('wirelens:add-dropped-keylog', ([path]) => {
    if (win && handler && isRegularFile(path)) void addTlsKeyFile(win, handler, settings, 'keylog', path);
  });
}

/** The hashes of the built page's inline scripts (none when it can't be read: then nothing inline runs). */
function pageScriptHashes(): string[] {
  try {
    return inlineScripts(readFileSync(RENDERER, 'utf8')).map(scriptHash);
  } catch {
    return [];
  }
}

/** Deny-all permissions and the CSP header (the page also carries it in a meta tag). */
function lockDownSession(): void {
  const s = session.defaultSession;
  const policy = withScriptHashes(CONTENT_SECURITY_POLICY, pageScriptHashes());
  s.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
  s.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
  s.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        // The policy is a constant (security.ts) that security.test.ts parses and checks (see the first line).
        'Content-Security-Policy': [policy],
      },
    }),
  );
}

// Pages never navigate away or open windows; documentation links open in the browser.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev, url) => {
    if (!navigationAllowed(url)) ev.preventDefault();
  });
  contents.on('will-redirect', (ev, url) => {
    if (!navigationAllowed(url)) ev.preventDefault();
  });
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (!externalUrlAllowed(url)) return { action: 'deny' };
    // Only https links to a few documentation hosts, never URLs from a capture (externalUrlAllowed, tested).
    void shell.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK
    return { action: 'deny' };
  });
});

// macOS: files opened from Finder or dropped on the Dock icon.
app.on('open-file', (ev, path) => {
  ev.preventDefault();
  void openFile(path);
});

if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', (_e, argv) => {
    const f = fileFromArgs(argv);
    if (f) void openFile(f);
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  void app.whenReady().then(() => {
    settings = new SettingsFile(app.getPath('userData'));
    // The index worker loads while the window does, so opening a capture doesn't wait for it.
    prewarmIndexWorker();
    lockDownSession();
    pendingFile ??= fileFromArgs(process.argv);
    wireIpc();
    buildMenu();
    createWindow();
    app.on('activate', () => {
      if (!win) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
