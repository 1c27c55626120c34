import { describe, expect, it } from 'vitest';
import { depthFor } from './depth.ts';

describe('depthFor', () => {
  it('needs no dissector for frame fields', () => {
    expect(depthFor(['frame.len', 'frame.time_relative'])).toBe('frame');
    expect(depthFor(['frame.protocols'])).toBe('all');
  });

  it('needs only each header for fields the header itself gives', () => {
    expect(depthFor(['ip.addr', 'tcp.port'])).toBe('headers');
    expect(depthFor(['eth.src', 'tcp.flags.syn', 'tcp.len', 'frame.len'])).toBe('headers');
  });

  it('needs TCP/UDP state for stream, relative and analysis fields', () => {
    expect(depthFor(['tcp.port', 'tcp.stream'])).toBe('transport');
    expect(depthFor(['tcp.seq'])).toBe('transport');
    expect(depthFor(['tcp.analysis.retransmission'])).toBe('transport');
    expect(depthFor(['udp.port'])).toBe('transport');
  });

  it('goes all the way up for payloads and application protocols', () => {
    expect(depthFor(['tcp.port', 'tcp.payload'])).toBe('all');
    expect(depthFor(['tls'])).toBe('all');
    expect(depthFor(['_ws.malformed'])).toBe('all');
  });
});
