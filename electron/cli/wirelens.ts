/** `wirelens`: a command-line twin of tshark that prints what the Wirelens decoder sees. */
import { runCli } from './run.ts';

process.exitCode = runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
