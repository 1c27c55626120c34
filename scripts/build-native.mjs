// Builds the optional libpcap addon in native/ with node-gyp against the local Node headers. Live capture is
// optional: when the build fails (no compiler, no libpcap headers) this prints one line and exits 0.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const strict = process.argv.includes('--strict');

/** npm hands its bundled node-gyp to scripts; outside npm, look beside the running npm. */
function nodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp;
  if (fromNpm && existsSync(fromNpm)) return fromNpm;
  const beside = join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js',
  );
  return existsSync(beside) ? beside : undefined;
}

/** Local headers (Debian's nodejs ships them in /usr/include/node) spare node-gyp a download. */
function nodeDir() {
  const prefix = join(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? prefix : undefined;
}

const gyp = nodeGyp();
if (!gyp) {
  console.log('wirelens: live capture not built: node-gyp not found (capture stays unavailable)');
  process.exit(strict ? 1 : 0);
}
const args = [gyp, 'rebuild', '-C', join(root, 'native')];
const dir = nodeDir();
if (dir) args.push(`--nodedir=${dir}`);
const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
if (r.status === 0) {
  console.log('wirelens: live capture addon built (native/build/Release/wirelens_pcap.node)');
  process.exit(0);
}
const why = `${r.stderr}${r.stdout}`
  .split('\n')
  .find((l) => /error|not found|No such file/i.test(l))
  ?.trim();
console.log(`wirelens: live capture not built (${why ?? `node-gyp exited with ${r.status}`}); everything else works`);
process.exit(strict ? 1 : 0);
