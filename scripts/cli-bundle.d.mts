// Types of scripts/cli-bundle.mjs (plain JavaScript, run by the launcher before any TypeScript loader), for the tests.
export const CLI_ENTRY: string;
export const CLI_BUNDLE: string;
export const CLI_HELPER_BUNDLE: string;
export const CLI_INPUTS: string;
/** Whether `root`'s CLI bundle exists and is at least as new as every file it was built from. */
export function cliBundleIsFresh(root: string): boolean;
/** Bundles the CLI of `root` (and the scripts it starts) with esbuild and records the inputs. */
export function buildCliBundle(root: string): Promise<void>;
