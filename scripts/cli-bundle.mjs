// The CLI as one esbuild bundle (dist/cli/wirelens.js), so `npm run cli` and the `wirelens` command start without
// transpiling every TypeScript module, with the scripts it starts as processes or workers bundled beside it.
// dist/cli/wirelens.inputs.json lists every file they were built from (the sources, the npm modules they inline, and
// this file); the bundles are used only while they are at least as new as all of them. `npm run build` writes them;
// the launcher (bin/wirelens.mjs) rebuilds them when they are stale.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = 'electron/cli/wirelens.ts';
const OUT_DIR = 'dist/cli';
export const CLI_BUNDLE = `${OUT_DIR}/wirelens.js`;
/** The helper process of live captures, found beside the module that starts it (electron/capture/helper-process.ts). */
export const CLI_HELPER_BUNDLE = `${OUT_DIR}/capture-helper.js`;
export const CLI_INPUTS = `${OUT_DIR}/wirelens.inputs.json`;
/**
 * Every bundle in dist/cli/: the CLI last (see buildCliBundle). A module that starts a script of its own finds it
 * beside itself (`new URL('./NAME.js', import.meta.url)` in the bundle): such a script is listed here.
 */
const ENTRIES = [
  { in: 'electron/capture/helper.ts', out: 'capture-helper' },
  // The worker threads of -T fields on several cores (electron/backend/sharded-run.ts).
  { in: 'electron/backend/shard-worker.ts', out: 'shard-worker' },
  { in: CLI_ENTRY, out: 'wirelens' },
];
const bundlePath = (e) => `${OUT_DIR}/${e.out}.js`;
const THIS_FILE = fileURLToPath(import.meta.url);

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Whether `root`'s CLI bundle exists and is at least as new as every file it was built from. */
export function cliBundleIsFresh(root) {
  const bundles = ENTRIES.map((e) => mtimeMs(join(root, bundlePath(e))));
  if (bundles.includes(Infinity)) return false;
  const built = Math.min(...bundles);
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(join(root, CLI_INPUTS), 'utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return false;
  return inputs.every((p) => typeof p === 'string' && mtimeMs(join(root, p)) <= built);
}

/** Writes `text` to `path` through a temporary file, so a concurrent reader sees the old file or the new one. */
function writeAtomically(path, text, mtime) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  if (mtime) utimesSync(tmp, mtime, mtime);
  renameSync(tmp, path);
}

/** Bundles the CLI of `root` and its capture helper with esbuild (which must be installed) and records the inputs. */
export async function buildCliBundle(root) {
  const { build } = await import('esbuild');
  // Dated when the sources were read: a source saved while the build runs leaves the bundle stale, as it is.
  const started = new Date();
  const result = await build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: OUT_DIR,
    logLevel: 'error',
    // Some bundled CommonJS code calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const inputs = [...Object.keys(result.metafile.inputs), relative(root, THIS_FILE)];
  // The input list first: a bundle is only trusted with a list beside it, and an older list names the same files.
  writeAtomically(join(root, CLI_INPUTS), JSON.stringify(inputs));
  // In ENTRIES' order, the CLI last: a CLI bundle that is new has the scripts it starts beside it.
  for (const e of ENTRIES) {
    const path = join(root, bundlePath(e));
    const out = result.outputFiles.find((f) => f.path === path);
    if (!out) throw new Error(`esbuild wrote no ${bundlePath(e)}`);
    writeAtomically(path, out.contents, started);
  }
}
