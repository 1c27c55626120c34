// Starts a shard worker from its TypeScript source (tests, a checkout that was never built): bundled builds run
// shard-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./shard-worker.ts');
