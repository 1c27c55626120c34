/** The live capture store against a scripted backend: dialog, interfaces, start errors, status events, restart. */
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { CaptureStatus, Request } from '../../shared/protocol/messages.ts';
import { Backend } from '../backend.ts';
import { FakeTransport } from './fake-transport.ts';
import { useLiveCaptureStore } from './live-capture.ts';

const STATE = {
  file: null,
  total: 0,
  displayed: 0,
  indexing: false,
  filter: '',
  loadMs: null,
  warning: null,
  canOpenPath: false,
};

class StoreTransport extends FakeTransport {
  available = true;
  failStart: string | null = null;

  protected answer(req: Request): void {
    switch (req.method) {
      case 'state':
        return this.reply(req, 'state', STATE);
      case 'interfaces':
        return this.reply(
          req,
          'interfaces',
          this.available
            ? {
                available: true,
                interfaces: [
                  { name: 'lo', description: '', addresses: ['127.0.0.1'], loopback: true, up: true },
                  { name: 'eth0', description: '', addresses: ['192.0.2.2'], loopback: false, up: true },
                ],
              }
            : {
                available: false,
                message: 'Live capture is not available: the libpcap module is not built.',
                interfaces: [],
              },
        );
      case 'startCapture': {
        if (this.failStart) {
          this.fail(req, this.failStart);
          return;
        }
        const capture: CaptureStatus = {
          state: 'running',
          iface: req.params.iface,
          filter: req.params.filter ?? '',
          captured: 0,
          dropped: 0,
        };
        return this.reply(req, 'startCapture', { ...STATE, capture });
      }
      case 'stopCapture':
        return this.reply(req, 'stopCapture', {
          state: 'stopped',
          iface: 'eth0',
          filter: 'tcp port 443',
          captured: 5,
          dropped: 1,
        });
      default:
        return;
    }
  }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('live capture store', () => {
  let transport: StoreTransport;
  let live: ReturnType<typeof useLiveCaptureStore>;
  beforeEach(async () => {
    setActivePinia(createPinia());
    transport = new StoreTransport();
    live = useLiveCaptureStore();
    live.attach(new Backend(transport));
    await settle();
  });

  it('opens the dialog from the menu event and preselects an interface that is up and not loopback', async () => {
    transport.emit({ type: 'captureDialog' });
    await settle();
    expect(live.dialogOpen).toBe(true);
    expect(live.interfaces.map((d) => d.name)).toEqual(['lo', 'eth0']);
    expect(live.selected).toBe('eth0');
  });

  it('shows the one-line reason when capture is unavailable', async () => {
    transport.available = false;
    await live.openDialog();
    expect(live.available).toBe(false);
    expect(live.unavailable).toBe('Live capture is not available: the libpcap module is not built.');
  });

  it('starts with the capture filter, follows status events, stops and restarts', async () => {
    await live.openDialog();
    live.captureFilter = ' tcp port 443 ';
    expect(await live.start()).toBe(true);
    expect(transport.requests.find((r) => r.method === 'startCapture')?.params).toEqual({
      iface: 'eth0',
      filter: 'tcp port 443',
    });
    expect(live.dialogOpen).toBe(false);
    expect(live.running).toBe(true);
    transport.emit({ type: 'capture', status: { ...live.status!, captured: 42, dropped: 3 } });
    expect(live.status).toMatchObject({ captured: 42, dropped: 3 });
    await live.stop();
    expect(live.status).toMatchObject({ state: 'stopped', captured: 5, dropped: 1 });
    expect(await live.restart()).toBe(true);
    expect(transport.requests.filter((r) => r.method === 'startCapture')).toHaveLength(2);
    expect(live.running).toBe(true);
  });

  it('keeps the dialog open with the backend’s message when the start fails', async () => {
    transport.failStart = 'You don\'t have permission to capture on "eth0".';
    await live.openDialog();
    expect(await live.start()).toBe(false);
    expect(live.dialogOpen).toBe(true);
    expect(live.error).toBe('You don\'t have permission to capture on "eth0".');
    expect(live.status).toBeNull();
  });
});
