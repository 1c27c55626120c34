/**
 * For the stores' unit tests: a Transport that records each request and answers it on the next microtask through
 * `answer`, which each test's subclass writes for the methods it exercises.
 */
import type { BackendEvent, Method, MethodResults, Request, ServerMessage } from '../../shared/protocol/messages.ts';
import type { Transport } from '../backend.ts';

export abstract class FakeTransport implements Transport {
  readonly requests: Request[] = [];
  private listener: (m: ServerMessage) => void = () => undefined;

  send(message: unknown): void {
    const req = message as Request;
    this.requests.push(req);
    queueMicrotask(() => this.answer(req));
  }
  onMessage(l: (m: ServerMessage) => void): void {
    this.listener = l;
  }
  onStatus(l: (c: boolean) => void): void {
    queueMicrotask(() => l(true));
  }
  /** Pushes a backend event to the store. */
  emit(event: BackendEvent): void {
    this.listener({ kind: 'event', event });
  }
  protected reply<M extends Method>(req: Request, method: M, result: MethodResults[M]): void {
    this.listener({ kind: 'response', id: req.id, ok: true, method, result } as ServerMessage);
  }
  protected fail(req: Request, message: string): void {
    this.listener({ kind: 'response', id: req.id, ok: false, error: { message } });
  }
  protected abstract answer(req: Request): void;
}
