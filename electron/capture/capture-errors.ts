/** Turns the addon's errors into one clear message: which interface, what went wrong, what to do about it. */

export interface CaptureFailure {
  code: string;
  message: string;
}

/** What to do to get capture rights, for the platform the helper runs on. */
export function permissionAdvice(platform: NodeJS.Platform, helperExecutable: string): string {
  if (platform === 'darwin')
    return (
      'The capture helper needs read access to /dev/bpf*: install Wireshark\'s "ChmodBPF" launch daemon ' +
      '(or run "sudo chgrp admin /dev/bpf* && sudo chmod g+rw /dev/bpf*") and try again.'
    );
  if (platform === 'win32')
    return (
      'Install Npcap (https://npcap.com); if it was installed with "Restrict Npcap driver\'s access to ' +
      'Administrators only", run Wirelens as Administrator.'
    );
  return (
    'Give the capture helper the capture capabilities once with ' +
    `"sudo setcap cap_net_raw,cap_net_admin=eip ${helperExecutable}" (or capture as root).`
  );
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'EPCAP';
}

/** One line for a failure to open `iface` (bad name, bad filter, no permission, anything else libpcap says). */
export function describeOpenError(
  e: unknown,
  iface: string,
  filter: string | undefined,
  platform: NodeJS.Platform = process.platform,
  helperExecutable: string = process.execPath,
): CaptureFailure {
  const code = codeOf(e);
  const detail = e instanceof Error ? e.message : String(e);
  switch (code) {
    case 'ENODEV':
      return { code, message: `There is no device named "${iface}" (${detail}).` };
    case 'EFILTER':
      return {
        code,
        message: `Invalid capture filter "${filter ?? ''}" for interface "${iface}": ${detail}.`,
      };
    case 'EPERM':
      return {
        code,
        message: `You don't have permission to capture on "${iface}" (${detail}). ${permissionAdvice(platform, helperExecutable)}`,
      };
    case 'ENETDOWN':
      return { code, message: `The interface "${iface}" is not up (${detail}).` };
    default:
      return { code, message: `The capture on "${iface}" could not be started: ${detail}.` };
  }
}
