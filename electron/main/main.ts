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
  shell,
  type MenuItemConstructorOptions,
} from 'electron';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureStatus, ServerMessage } from '../../shared/protocol/messages.ts';
import { ProtocolHandler } from '../backend/handler.ts';
import { captureMenu } from './capture-menu.ts';
import { SettingsFile } from './settings.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
/** In the bundle (dist/electron/) the renderer is at ../renderer. */
const RENDERER = join(here, '..', 'renderer', 'index.html');
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

function isCaptureFile(p: string): boolean {
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
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (w.maximized) win.maximize();
  const contents = win.webContents;
  const current = win;
  handler = new ProtocolHandler({
    allowOpenPath: false,
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

/** Only our own window's main frame may talk to the backend. */
function fromOurWindow(e: Electron.IpcMainEvent): boolean {
  return !!win && e.sender === win.webContents && e.senderFrame === win.webContents.mainFrame;
}

function wireIpc(): void {
  ipcMain.on('wirelens:request', (e, msg: unknown) => {
    if (fromOurWindow(e)) void handler?.handle(msg);
  });
  ipcMain.on('wirelens:open-dialog', (e) => {
    if (fromOurWindow(e)) void showOpenDialog();
  });
  ipcMain.on('wirelens:open-dropped', (e, path: unknown) => {
    if (fromOurWindow(e) && typeof path === 'string' && path.length < 4096 && isCaptureFile(path)) void openFile(path);
  });
}

// Pages never navigate away or open windows; links to the web open in the browser.
app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (ev) => ev.preventDefault());
  contents.on('will-attach-webview', (ev) => ev.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
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
