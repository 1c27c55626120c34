/** What the CLI says, and the exit code it gives, when reading a capture stopped on a problem (as tshark does). */
import type { CaptureProblem } from '../../shared/capture/record.ts';

export function problemExitCode(
  path: string,
  problem: CaptureProblem | undefined,
  io: { stderr(s: string): void },
): number {
  if (!problem) return 0;
  io.stderr(`wirelens: The file "${path}" ${problem.message.replace(/^the capture file /, '')}.\n`);
  return problem.fatal && problem.message.includes('cut short') ? 0 : 2;
}
