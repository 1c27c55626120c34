/** The packaged app's Electron fuses, read from the electron-builder configuration. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The `key: value` lines of one top-level block of a YAML file (comments dropped; enough for this config). */
function yamlBlock(text: string, block: string): Record<string, string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `${block}:`);
  if (start < 0) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const m = /^\s+([A-Za-z]\w*):\s*([^#\s]+)/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('electron-builder fuses', () => {
  const config = readFileSync(fileURLToPath(new URL('../../build/electron-builder.yml', import.meta.url)), 'utf8');
  const fuses = yamlBlock(config, 'electronFuses');

  it('turns off run-as-node, NODE_OPTIONS and inspect arguments', () => {
    expect(fuses.runAsNode).toBe('false');
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe('false');
    expect(fuses.enableNodeCliInspectArguments).toBe('false');
  });

  it('encrypts cookies, checks the asar and loads the app only from it', () => {
    expect(fuses.enableCookieEncryption).toBe('true');
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe('true');
    expect(fuses.onlyLoadAppFromAsar).toBe('true');
    expect(config).toMatch(/^asar: true$/m);
  });

  it('reads the block it checks', () => {
    expect(yamlBlock('a:\n  x: 1 # note\n  y: two\nb:\n  z: 3\n', 'a')).toEqual({ x: '1', y: 'two' });
    expect(yamlBlock('a: 1\n', 'missing')).toEqual({});
  });
});
