/** `wirelens`: a command-line twin of tshark that prints what the Wirelens decoder sees. */
import { runCommand } from './live.ts';

// Ctrl-C during a live capture stops it cleanly (the packets so far are printed or kept).
const interrupt = new AbortController();
process.on('SIGINT', () => interrupt.abort());

process.exitCode = await runCommand(
  process.argv.slice(2),
  {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  },
  interrupt.signal,
);
