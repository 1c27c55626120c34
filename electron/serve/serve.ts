/** `npm run serve -- [--port N] [--host H] [FILE]`: the app in a browser, backed by this machine. */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { rendererBuilt, startServer } from './server.ts';

const USAGE = 'usage: npm run serve -- [--port N] [--host ADDRESS] [--token] [FILE]';

async function main(): Promise<number> {
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      options: {
        port: { type: 'string', short: 'p', default: '5757' },
        host: { type: 'string', short: 'H', default: '127.0.0.1' },
        token: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      allowPositionals: true,
    }));
  } catch (e) {
    process.stderr.write(`wirelens serve: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`wirelens serve: --port must be a number from 0 to 65535\n`);
    return 2;
  }
  if (positionals.length > 1) {
    process.stderr.write(`wirelens serve: give at most one capture file\n${USAGE}\n`);
    return 2;
  }
  const file = positionals[0] !== undefined ? resolve(positionals[0]) : undefined;
  if (file !== undefined && !existsSync(file)) {
    process.stderr.write(`wirelens serve: The file "${positionals[0]}" doesn't exist.\n`);
    return 2;
  }
  if (!rendererBuilt())
    process.stderr.write('wirelens serve: the renderer is not built yet; run `npm run build` first.\n');
  try {
    const server = await startServer({ port, host: values.host, file, alwaysToken: values.token });
    process.stdout.write(`Wirelens is serving at ${server.url}\n`);
    const stop = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    process.stderr.write(`wirelens serve: can't listen on ${values.host}:${port}: ${(e as Error).message}\n`);
    return 1;
  }
  return -1;
}

const code = await main();
if (code >= 0) process.exit(code);
