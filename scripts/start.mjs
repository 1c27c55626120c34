// `npm start -- [FILE]`: the desktop app when the Electron binary is installed, otherwise serve mode (the same app
// in the browser, at the URL it prints). Builds first when dist/ is missing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

if (!existsSync(`${root}dist/renderer/index.html`) || !existsSync(`${root}dist/electron/main.js`)) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The Electron binary's path, or undefined when only the npm package (without its download) is present. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

const electron = electronBinary();
const child = electron
  ? spawn(electron, [`${root}dist/electron/main.js`, ...args], { stdio: 'inherit' })
  : (console.log('Electron is not installed here; starting serve mode (open the URL below in a browser).'),
    spawn(process.execPath, [require.resolve('tsx/cli'), `${root}electron/serve/serve.ts`, ...args], {
      stdio: 'inherit',
    }));
child.on('exit', (code) => process.exit(code ?? 0));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
