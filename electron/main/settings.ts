/** Small JSON settings in the user's data folder: recent files and the window's size. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Preferences → TLS: the key files to decrypt with (paths; the files are read again at each start). */
export interface TlsKeySettings {
  keylogFiles: string[];
  rsaKeys: { path: string; password: string }[];
}

export interface Settings {
  recent: string[];
  window: { width: number; height: number; x?: number; y?: number; maximized?: boolean };
  tls: TlsKeySettings;
}

const DEFAULTS: Settings = { recent: [], window: { width: 1280, height: 860 }, tls: { keylogFiles: [], rsaKeys: [] } };

function tlsSettingsOf(raw: unknown): TlsKeySettings {
  const out: TlsKeySettings = { keylogFiles: [], rsaKeys: [] };
  if (typeof raw !== 'object' || raw === null) return out;
  const r = raw as { keylogFiles?: unknown; rsaKeys?: unknown };
  if (Array.isArray(r.keylogFiles)) out.keylogFiles = r.keylogFiles.filter((x): x is string => typeof x === 'string');
  if (Array.isArray(r.rsaKeys))
    for (const k of r.rsaKeys as unknown[])
      if (typeof k === 'object' && k !== null) {
        const { path, password } = k as { path?: unknown; password?: unknown };
        if (typeof path === 'string')
          out.rsaKeys.push({ path, password: typeof password === 'string' ? password : '' });
      }
  return out;
}
const MAX_RECENT = 10;

export class SettingsFile {
  data: Settings;
  private readonly path: string;

  constructor(folder: string) {
    this.path = join(folder, 'wirelens-settings.json');
    this.data = structuredClone(DEFAULTS);
    try {
      if (existsSync(this.path)) {
        const raw = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<Settings>;
        if (Array.isArray(raw.recent)) this.data.recent = raw.recent.filter((x) => typeof x === 'string');
        if (raw.window && typeof raw.window.width === 'number') this.data.window = raw.window;
        this.data.tls = tlsSettingsOf(raw.tls);
      }
    } catch {
      // A damaged settings file is replaced on the next save.
    }
  }

  addRecent(path: string): void {
    this.data.recent = [path, ...this.data.recent.filter((p) => p !== path)].slice(0, MAX_RECENT);
    this.save();
  }

  clearRecent(): void {
    this.data.recent = [];
    this.save();
  }

  save(): void {
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(this.path, JSON.stringify(this.data, null, 2));
    } catch {
      // Not being able to remember settings is not worth interrupting the user.
    }
  }
}
