/** DiffServ code points and ECN values (RFC 2474, 2597, 3246, 3168, 8622) with Wireshark's long and short names. */

/** [long name, short name] by DSCP value. */
const DSCP: ReadonlyMap<number, readonly [string, string]> = new Map([
  [0, ['Default', 'CS0']],
  [1, ['Lower Effort', 'LE']],
  [8, ['Class Selector 1', 'CS1']],
  [10, ['Assured Forwarding 11', 'AF11']],
  [12, ['Assured Forwarding 12', 'AF12']],
  [14, ['Assured Forwarding 13', 'AF13']],
  [16, ['Class Selector 2', 'CS2']],
  [18, ['Assured Forwarding 21', 'AF21']],
  [20, ['Assured Forwarding 22', 'AF22']],
  [22, ['Assured Forwarding 23', 'AF23']],
  [24, ['Class Selector 3', 'CS3']],
  [26, ['Assured Forwarding 31', 'AF31']],
  [28, ['Assured Forwarding 32', 'AF32']],
  [30, ['Assured Forwarding 33', 'AF33']],
  [32, ['Class Selector 4', 'CS4']],
  [34, ['Assured Forwarding 41', 'AF41']],
  [36, ['Assured Forwarding 42', 'AF42']],
  [38, ['Assured Forwarding 43', 'AF43']],
  [40, ['Class Selector 5', 'CS5']],
  [44, ['Voice Admit', 'VA']],
  [46, ['Expedited Forwarding', 'EF']],
  [48, ['Class Selector 6', 'CS6']],
  [56, ['Class Selector 7', 'CS7']],
]);

/** The DSCP names the detail pane shows (`ip.dsfield.dscp`). */
export const dscpNames: ReadonlyMap<number, string> = new Map([...DSCP].map(([v, [long]]) => [v, long]));

/** ECN names (`ip.dsfield.ecn`). */
export const ecnNames: ReadonlyMap<number, string> = new Map([
  [0, 'Not ECN-Capable Transport'],
  [1, "ECN-Capable Transport codepoint '01'"],
  [2, "ECN-Capable Transport codepoint '10'"],
  [3, 'Congestion Experienced'],
]);

const ECN_SHORT = ['Not-ECT', 'ECT(1)', 'ECT(0)', 'CE'];

/** The DS field's label: `Differentiated Services Field: 0x00 (DSCP: CS0, ECN: Not-ECT)`. */
export function dsFieldLabel(ds: number): string {
  const dscp = DSCP.get(ds >> 2)?.[1] ?? 'Unknown';
  return `Differentiated Services Field: 0x${ds.toString(16).padStart(2, '0')} (DSCP: ${dscp}, ECN: ${ECN_SHORT[ds & 3]})`;
}
