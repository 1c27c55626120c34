// The CLI as one esbuild bundle (dist/cli/wirelens.js), so `npm run cli` and the `wirelens` command start without
// transpiling every TypeScript module. Next to the bundle, dist/cli/wirelens.inputs.json lists every file it was
// built from (the sources, the npm modules it inlines, and this file); the bundle is used only while it is at least as
// new as all of them. `npm run build` writes it; the launcher (bin/wirelens.mjs) rebuilds it when it is stale.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = 'electron/cli/wirelens.ts';
export const CLI_BUNDLE = 'dist/cli/wirelens.js';
export const CLI_INPUTS = 'dist/cli/wirelens.inputs.json';
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
  const built = mtimeMs(join(root, CLI_BUNDLE));
  if (built === Infinity) return false;
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

/** Bundles the CLI of `root` with esbuild (which must be installed) and records its inputs. */
export async function buildCliBundle(root) {
  const { build } = await import('esbuild');
  // Dated when the sources were read: a source saved while the build runs leaves the bundle stale, as it is.
  const started = new Date();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [CLI_ENTRY],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    metafile: true,
    outfile: CLI_BUNDLE,
    logLevel: 'error',
    // Some bundled CommonJS code calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const inputs = [...Object.keys(result.metafile.inputs), relative(root, THIS_FILE)];
  // The input list first: a bundle is only trusted with a list beside it, and an older list names the same files.
  writeAtomically(join(root, CLI_INPUTS), JSON.stringify(inputs));
  writeAtomically(join(root, CLI_BUNDLE), result.outputFiles[0].contents, started);
}
