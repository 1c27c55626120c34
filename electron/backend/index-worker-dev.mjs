// Starts the index worker from its TypeScript source (tests, serve mode from a checkout): bundled builds run
// index-worker.js directly instead.
import { register } from 'tsx/esm/api';

register();
await import('./index-worker.ts');
