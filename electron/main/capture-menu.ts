/** The Capture menu: Interfaces… (the renderer's dialog), Start, Stop, Restart and Save Capture As… after a stop. */
import { dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { CaptureStatus } from '../../shared/protocol/messages.ts';
import type { ProtocolHandler } from '../backend/handler.ts';
import { saveCaptureAs } from '../backend/save-capture.ts';

export interface CaptureMenuContext {
  handler: ProtocolHandler | null;
  win: BrowserWindow | null;
  /** The last capture started in this window (Start repeats it; the dialog chooses another). */
  last: CaptureStatus | undefined;
  /** Shows a one-line problem in the renderer's banner. */
  report(message: string): void;
}

async function saveAs(ctx: CaptureMenuContext): Promise<void> {
  const source = ctx.handler?.captureFile;
  if (!ctx.win || !source) return;
  const r = await dialog.showSaveDialog(ctx.win, {
    title: 'Save Capture As',
    defaultPath: source.split(/[\\/]/).pop(),
    filters: [
      { name: 'pcapng', extensions: ['pcapng'] },
      { name: 'pcap', extensions: ['pcap'] },
    ],
  });
  if (r.canceled || !r.filePath) return;
  try {
    saveCaptureAs(source, r.filePath, r.filePath.toLowerCase().endsWith('.pcap') ? 'pcap' : 'pcapng');
  } catch (e) {
    ctx.report(`The capture could not be saved: ${(e as Error).message}`);
  }
}

export function captureMenu(ctx: CaptureMenuContext): MenuItemConstructorOptions {
  const status = ctx.handler?.captureStatus;
  const running = status?.state === 'running';
  const start = (s: CaptureStatus | undefined): void => {
    if (!ctx.handler) return;
    if (!s) return ctx.handler.showCaptureDialog();
    ctx.handler.startCapture(s.iface, s.filter).catch((e: unknown) => ctx.report((e as Error).message));
  };
  return {
    label: '&Capture',
    submenu: [
      { label: '&Interfaces…', accelerator: 'CmdOrCtrl+K', click: () => ctx.handler?.showCaptureDialog() },
      { label: '&Start', accelerator: 'CmdOrCtrl+E', enabled: !running, click: () => start(ctx.last) },
      {
        label: 'S&top',
        accelerator: 'CmdOrCtrl+Shift+E',
        enabled: running,
        click: () => void ctx.handler?.stopCapture(),
      },
      {
        label: '&Restart',
        accelerator: 'CmdOrCtrl+R',
        enabled: status !== undefined,
        click: () => void ctx.handler?.stopCapture().then(() => start(status)),
      },
      { type: 'separator' },
      {
        label: 'Save Capture &As…',
        enabled: status !== undefined && !running,
        click: () => void saveAs(ctx),
      },
    ],
  };
}
