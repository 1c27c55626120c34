/**
 * TLS keys in the desktop app: the main process shows the Open dialog, reads the chosen key log or RSA key itself
 * and hands it to the backend handler (the renderer never sees a key), and remembers the paths in the settings so
 * the next start decrypts with them again.
 */
import { type BrowserWindow, dialog } from 'electron';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { ProtocolHandler } from '../backend/handler.ts';
import type { TlsKeyConfig } from '../backend/tls-key-config.ts';
import type { SettingsFile, TlsKeySettings } from './settings.ts';

const MAX_KEY_FILE = 16 * 1024 * 1024;

function readSmallFile(path: string): string {
  if (statSync(path).size > MAX_KEY_FILE) throw new Error(`"${basename(path)}" is too large for a key file.`);
  return readFileSync(path, 'utf8');
}

/** The saved keys, read again from their files (files that went missing are skipped). */
export function savedTlsKeys(saved: TlsKeySettings): TlsKeyConfig {
  const config: TlsKeyConfig = { keylogs: [], rsaKeys: [] };
  for (const path of saved.keylogFiles) {
    try {
      config.keylogs.push({ name: basename(path), text: readSmallFile(path) });
    } catch {
      // Gone or unreadable: left out until the user adds it again.
    }
  }
  for (const k of saved.rsaKeys) {
    try {
      config.rsaKeys.push({ name: basename(k.path), pem: readSmallFile(k.path), password: k.password });
    } catch {
      // As above.
    }
  }
  return config;
}

/** Adds a key file by path and remembers it; problems go to the window as an error event. */
export async function addTlsKeyFile(
  win: BrowserWindow,
  handler: ProtocolHandler,
  settings: SettingsFile,
  kind: 'keylog' | 'rsa',
  path: string,
  password = '',
): Promise<void> {
  try {
    const text = readSmallFile(path);
    if (kind === 'keylog') await handler.addKeyLogText(basename(path), text);
    else await handler.addRsaKeyPem(basename(path), text, password);
    const tls = settings.data.tls;
    if (kind === 'keylog') tls.keylogFiles = [...tls.keylogFiles.filter((p) => p !== path), path];
    else tls.rsaKeys = [...tls.rsaKeys.filter((k) => k.path !== path), { path, password }];
    settings.save();
  } catch (e) {
    const message = (e as { problem?: { message: string } }).problem?.message ?? (e as Error).message;
    win.webContents.send('wirelens:message', { kind: 'event', event: { type: 'error', error: { message } } });
  }
}

export async function chooseTlsKeyFile(
  win: BrowserWindow,
  handler: ProtocolHandler,
  settings: SettingsFile,
  kind: 'keylog' | 'rsa',
  password: string,
): Promise<void> {
  const r = await dialog.showOpenDialog(win, {
    title: kind === 'keylog' ? 'TLS Key Log File' : 'RSA Private Key',
    properties: ['openFile'],
    filters:
      kind === 'keylog'
        ? [{ name: 'All files', extensions: ['*'] }]
        : [
            { name: 'PEM keys', extensions: ['pem', 'key'] },
            { name: 'All files', extensions: ['*'] },
          ],
  });
  if (!r.canceled && r.filePaths[0]) await addTlsKeyFile(win, handler, settings, kind, r.filePaths[0], password);
}
