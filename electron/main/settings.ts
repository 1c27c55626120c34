/** Small JSON settings in the user's data folder: recent files and the window's size. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Settings {
  recent: string[];
  window: { width: number; height: number; x?: number; y?: number; maximized?: boolean };
}

const DEFAULTS: Settings = { recent: [], window: { width: 1280, height: 860 } };
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
