/** Durations in seconds as Wireshark words them in TLS labels: `100800 seconds (1 day, 4 hours)`. */

const UNITS: readonly [number, string][] = [
  [86400, 'day'],
  [3600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** `1 day, 4 hours`: the non-zero days, hours, minutes and seconds, largest first; `0 seconds` for zero. */
export function durationWords(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.length ? parts.join(', ') : '0 seconds';
}

/** The label of a session ticket's lifetime hint: `300 seconds (5 minutes)`, or `0 seconds`. */
export function lifetimeHintLabel(seconds: number): string {
  return `Session Ticket Lifetime Hint: ${seconds} seconds${seconds ? ` (${durationWords(seconds)})` : ''}`;
}
