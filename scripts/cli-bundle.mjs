// The CLI as one esbuild bundle (dist/cli/wirelens.js), so `npm run cli` and the `wirelens` command start without
// transpiling every TypeScript module; beside it the live capture helper the CLI starts for -i (capture-helper.js). Next to the bundle, dist/cli/wirelens.inputs.json lists every file it was
// built from (the sources, the npm modules it inlines, and this file); the bundle is used only while it is at least as
// new as all of them. `npm run build` writes it; the launcher (bin/wirelens.mjs) rebuilds it when it is stale.
import { mkdirSync, readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = 'electron/cli/wirelens.ts';
export const CLI_BUNDLE = 'dist/cli/wirelens.js';
/** The helper process of live captures, found beside the module that starts it (electron/capture/helper-process.ts). */
export const CLI_HELPER_BUNDLE = 'dist/cli/capture-helper.js';
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
  const bundles = [CLI_BUNDLE, CLI_HELPER_BUNDLE].map((b) => mtimeMs(join(root, b)));
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
    entryPoints: [
      { in: CLI_ENTRY, out: 'wirelens' },
      { in: 'electron/capture/helper.ts', out: 'capture-helper' },
    ],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    write: false,
    metafile: true,
    outdir: dirname(CLI_BUNDLE),
    logLevel: 'error',
    // Some bundled CommonJS code calls require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const inputs = [...Object.keys(result.metafile.inputs), relative(root, THIS_FILE)];
  // The input list first: a bundle is only trusted with a list beside it, and an older list names the same files.
  writeAtomically(join(root, CLI_INPUTS), JSON.stringify(inputs));
  // The helper before the CLI, so a CLI bundle that looks fresh always has its helper beside it.
  const outputs = [...result.outputFiles].sort(
    (a, b) => Number(a.path.endsWith(CLI_BUNDLE)) - Number(b.path.endsWith(CLI_BUNDLE)),
  );
  for (const f of outputs) writeAtomically(f.path, f.contents, started);
}
