/**
 * Live capture on this machine's loopback: a real TLS server and client (Node's tls) on 127.0.0.1, captured by
 * the helper process on `lo` with a BPF filter for the server's port. The file must show the ClientHello with
 * the expected SNI and the ServerHello, the same in Wirelens as in tshark (when tshark is installed).
 */
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ProtocolHandler } from '../electron/backend/handler.ts';
import { CaptureHelper } from '../electron/capture/helper-process.ts';
import type { BackendEvent, PacketDetail, Row, ServerMessage, TreeNode } from '../shared/protocol/messages.ts';
import { runCommand } from '../electron/cli/live.ts';
import { runCli } from '../electron/cli/run.ts';
import { loopbackCaptureUnavailable, SNI, startTlsServer, tlsExchange } from './live-capture-support.ts';

const unavailable = loopbackCaptureUnavailable();
if (unavailable) console.warn(`live capture tests skipped: ${unavailable}`);
const hasTshark = spawnSync('tshark', ['-v'], { stdio: 'ignore' }).status === 0;

const HELPER = join(import.meta.dirname, '..', 'electron', 'capture', 'helper.ts');

/** Root with runuser, and a checkout that the unprivileged user `nobody` can read (to show the permission error). */
function nobodyCanRunHelper(): boolean {
  if (process.getuid?.() !== 0) return false;
  const files = [HELPER, fileURLToPath(import.meta.resolve('tsx'))];
  const check = `for (const f of ${JSON.stringify(files)}) require('fs').accessSync(f)`;
  const r = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', check], {
    stdio: 'ignore',
    cwd: tmpdir(),
  });
  return r.status === 0;
}

const dir = mkdtempSync(join(tmpdir(), 'wirelens-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HELLO_ARGS = [
  '-Y',
  'tls.handshake.type == 1 || tls.handshake.type == 2',
  '-T',
  'fields',
  '-e',
  'frame.number',
  '-e',
  'tcp.srcport',
  '-e',
  'tls.handshake.type',
  '-e',
  'tls.handshake.extensions_server_name',
];

function wirelensRows(file: string): string {
  let out = '';
  let err = '';
  const code = runCli(['-r', file, ...HELLO_ARGS], { stdout: (s) => (out += s), stderr: (s) => (err += s) });
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

describe.skipIf(unavailable !== undefined)('live capture on lo', () => {
  it('captures a real TLS handshake with its SNI through the helper', async () => {
    const { server, port } = await startTlsServer();
    const output = join(dir, 'tls.pcapng');
    try {
      let started!: () => void;
      const ready = new Promise<void>((r) => (started = r));
      const helper = CaptureHelper.start(
        { iface: 'lo', filter: `tcp port ${port}`, output },
        { onStarted: () => started() },
      );
      await Promise.race([ready, helper.done]);
      await tlsExchange(port);
      // The kernel hands packets over within the read timeout (100 ms).
      await new Promise((r) => setTimeout(r, 400));
      helper.stop();
      const outcome = await helper.done;
      expect(outcome).toMatchObject({ ok: true });
      if (!outcome.ok) return;
      expect(outcome.counts.captured).toBeGreaterThanOrEqual(8);
    } finally {
      server.close();
    }
    const out = wirelensRows(output);
    const rows = out.replace(/\n$/, '').split('\n');
    expect(rows).toHaveLength(2);
    const [client, serverHello] = rows.map((r) => r.split('\t'));
    expect(client![1]).not.toBe(String(port));
    expect(client![2]).toBe('1');
    expect(client![3]).toBe(SNI);
    expect(serverHello![1]).toBe(String(port));
    expect(serverHello![2]).toBe('2');
    if (hasTshark) {
      const tshark = spawnSync('tshark', ['-r', output, ...HELLO_ARGS], { encoding: 'utf8' });
      expect(tshark.stdout).toBe(out);
    }
  });

  it('reports a bad interface and a bad capture filter in one line each', async () => {
    const noDevice = await CaptureHelper.start({ iface: 'wirelens-nope0', output: join(dir, 'x.pcapng') }).done;
    expect(noDevice).toMatchObject({ ok: false, code: 'ENODEV' });
    if (!noDevice.ok) expect(noDevice.message).toMatch(/^There is no device named "wirelens-nope0"/);
    const badFilter = await CaptureHelper.start({ iface: 'lo', filter: 'tcp port', output: join(dir, 'y.pcapng') })
      .done;
    expect(badFilter).toMatchObject({ ok: false, code: 'EFILTER' });
    if (!badFilter.ok) {
      expect(badFilter.message).toContain('Invalid capture filter "tcp port" for interface "lo"');
      expect(badFilter.message).toContain('syntax error');
      expect(badFilter.message).not.toContain('\n');
    }
  });

  it('shows the packets live in the app backend, with the display filter applied to new rows', async () => {
    const { server, port } = await startTlsServer();
    const events: BackendEvent[] = [];
    const responses = new Map<number, ServerMessage>();
    const handler = new ProtocolHandler({
      allowOpenPath: false,
      allowCapture: true,
      send: (m) => {
        if (m.kind === 'event') events.push(m.event);
        else if (m.id !== null) responses.set(m.id, m);
      },
    });
    let nextId = 1;
    const call = async <T>(method: string, params: object): Promise<T> => {
      const id = nextId++;
      await handler.handle({ id, method, params });
      const r = responses.get(id);
      if (!r || r.kind !== 'response' || !r.ok) throw new Error(`${method} failed: ${JSON.stringify(r)}`);
      return r.result as T;
    };
    try {
      const state = await call<{ capture?: { state: string } }>('startCapture', {
        iface: 'lo',
        filter: `tcp port ${port}`,
      });
      expect(state.capture?.state).toBe('running');
      await call('filter', { text: 'tls.handshake.type == 1' });
      await tlsExchange(port);
      const end = Date.now() + 10_000;
      const shown = (): boolean =>
        events.some((e) => e.type === 'count' && e.filter === 'tls.handshake.type == 1' && e.displayed === 1);
      while (!shown() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(shown()).toBe(true);
      // Still capturing: the row arrived live.
      expect(handler.captureStatus?.state).toBe('running');
      const { rows } = await call<{ rows: Row[] }>('rows', { from: 0, count: 10 });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.info).toContain('Client Hello');
      const detail = await call<PacketDetail>('packet', { number: rows[0]!.number });
      const values = (nodes: readonly TreeNode[]): string[] =>
        nodes.flatMap((n) => [n.value ?? '', ...values(n.children ?? [])]);
      expect(values(detail.tree)).toContain(SNI);
      const stopped = await call<{ state: string; captured: number }>('stopCapture', {});
      expect(stopped.state).toBe('stopped');
      expect(stopped.captured).toBeGreaterThanOrEqual(8);
      expect(events.some((e) => e.type === 'capture' && e.status.state === 'stopped')).toBe(true);
      const file = handler.captureFile;
      expect(file && existsSync(file)).toBe(true);
      await handler.handle({ id: nextId++, method: 'close', params: {} });
      // The temporary capture file goes with the session.
      expect(existsSync(file!)).toBe(false);
    } finally {
      await handler.dispose();
      server.close();
    }
  });

  it('captures from the command line like tshark -i … -w, then reads the file back', async () => {
    const { server, port } = await startTlsServer();
    const output = join(dir, 'cli.pcapng');
    let err = '';
    try {
      const run = runCommand(['-i', 'lo', '-f', `tcp port ${port}`, '-a', 'duration:3', '-w', output], {
        stdout: () => undefined,
        stderr: (s) => (err += s),
      });
      // The helper creates the file (with its pcapng header) once it captures.
      const end = Date.now() + 10_000;
      while (!(existsSync(output) && statSync(output).size > 0) && Date.now() < end)
        await new Promise((r) => setTimeout(r, 50));
      await tlsExchange(port);
      expect(await run).toBe(0);
    } finally {
      server.close();
    }
    const lines = err.trimEnd().split('\n');
    expect(lines[0]).toBe("Capturing on 'Loopback: lo'");
    expect(lines.at(-1)).toMatch(/^\d+ packets captured$/);
    expect(Number(lines.at(-1)!.split(' ')[0])).toBeGreaterThanOrEqual(8);
    const out = wirelensRows(output);
    expect(out.split('\n')[0]!.split('\t')[3]).toBe(SNI);
  });

  it.skipIf(!nobodyCanRunHelper())('tells an unprivileged helper exactly what to do', () => {
    const request = JSON.stringify({ iface: 'lo', output: join(tmpdir(), 'wirelens-unprivileged.pcapng') });
    const r = spawnSync(
      'runuser',
      ['-u', 'nobody', '--', process.execPath, '--import', import.meta.resolve('tsx'), HELPER, request],
      { encoding: 'utf8', cwd: tmpdir() },
    );
    expect(r.status).toBe(1);
    const event = JSON.parse(r.stdout.trim()) as { t: string; code: string; message: string };
    expect(event).toMatchObject({ t: 'failed', code: 'EPERM' });
    expect(event.message).toMatch(/^You don't have permission to capture on "lo" \(/);
    expect(event.message).toContain(`sudo setcap cap_net_raw,cap_net_admin=eip ${process.execPath}`);
  });

  it('keeps every packet of a burst sent just before Stop', async () => {
    const sink = createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
    const port = sink.address().port;
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const helper = CaptureHelper.start(
      { iface: 'lo', filter: `udp port ${port}`, output: join(dir, 'burst.pcapng') },
      { onStarted: () => started() },
    );
    await Promise.race([ready, helper.done]);
    const sender = createSocket('udp4');
    for (let i = 0; i < 500; i++)
      await new Promise<void>((r) => sender.send(`burst ${i}`, port, '127.0.0.1', () => r()));
    helper.stop();
    const outcome = await helper.done;
    sender.close();
    sink.close();
    expect(outcome).toEqual({ ok: true, counts: { captured: 500, dropped: 0, ifDropped: 0 } });
  });
});
