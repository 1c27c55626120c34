/** The desktop app's settings file: the TLS key paths survive a restart; damaged entries are dropped. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsFile } from './settings.ts';

describe('SettingsFile TLS keys', () => {
  it('starts without keys, saves them and reads them back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirelens-settings-'));
    const a = new SettingsFile(dir);
    expect(a.data.tls).toEqual({ keylogFiles: [], rsaKeys: [] });
    a.data.tls.keylogFiles.push('/keys/a.keylog');
    a.data.tls.rsaKeys.push({ path: '/keys/server.pem', password: 'pw' });
    a.save();
    expect(new SettingsFile(dir).data.tls).toEqual({
      keylogFiles: ['/keys/a.keylog'],
      rsaKeys: [{ path: '/keys/server.pem', password: 'pw' }],
    });
  });

  it('keeps only well-formed entries of a hand-edited file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wirelens-settings-'));
    writeFileSync(
      join(dir, 'wirelens-settings.json'),
      JSON.stringify({ recent: [], tls: { keylogFiles: ['/ok', 3], rsaKeys: [{ path: '/k.pem' }, { nope: 1 }, 'x'] } }),
    );
    const s = new SettingsFile(dir);
    expect(s.data.tls).toEqual({ keylogFiles: ['/ok'], rsaKeys: [{ path: '/k.pem', password: '' }] });
    s.save();
    expect(JSON.parse(readFileSync(join(dir, 'wirelens-settings.json'), 'utf8'))).toMatchObject({ tls: s.data.tls });
  });
});
