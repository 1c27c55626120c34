/** Live capture requests through the protocol handler that need no capture rights: refusals and the interface list. */
import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { ProtocolHandler } from './handler.ts';

function handlerWith(allowCapture: boolean): { handler: ProtocolHandler; sent: ServerMessage[] } {
  const sent: ServerMessage[] = [];
  return { handler: new ProtocolHandler({ allowOpenPath: true, allowCapture, send: (m) => sent.push(m) }), sent };
}

describe('capture requests', () => {
  it('refuses to start a capture on a transport that does not allow it', async () => {
    const { handler, sent } = handlerWith(false);
    await handler.handle({ id: 1, method: 'startCapture', params: { iface: 'lo' } });
    expect(sent).toEqual([
      { kind: 'response', id: 1, ok: false, error: { message: 'Live capture is not available here.' } },
    ]);
    expect(handler.state.capture).toBeUndefined();
  });

  it('says so when there is no capture to stop', async () => {
    const { handler, sent } = handlerWith(true);
    await handler.handle({ id: 2, method: 'stopCapture', params: {} });
    expect(sent[0]).toMatchObject({ id: 2, ok: false, error: { message: 'No live capture is running.' } });
  });

  it('lists interfaces, or says in one line why capture is unavailable', async () => {
    const { handler, sent } = handlerWith(true);
    await handler.handle({ id: 3, method: 'interfaces', params: {} });
    const r = sent[0];
    expect(r).toMatchObject({ id: 3, ok: true, method: 'interfaces' });
    if (r?.kind !== 'response' || !r.ok || r.method !== 'interfaces') return;
    if (r.result.available) expect(r.result.interfaces.length).toBeGreaterThan(0);
    else expect(r.result.message).toMatch(/^Live capture is not available: [^\n]+$/);
  });
});
