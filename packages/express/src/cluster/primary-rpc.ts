import cluster, { type Worker } from 'node:cluster';

/**
 * A small request/answer channel between cluster workers and their primary,
 * over node:cluster's own IPC: state that must be one for every worker (the
 * in-memory WeChat store without Redis, the development app's fake
 * platforms) lives in the primary, and workers call it here. Nothing leaves
 * the machine; the messages are structured-clone copies.
 */

interface RpcCall {
  readonly phonekitRpc: 'call';
  readonly id: number;
  readonly method: string;
  readonly args: readonly unknown[];
}

interface RpcAnswer {
  readonly phonekitRpc: 'answer';
  readonly id: number;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly message?: string;
}

/** What the primary serves: method name -> implementation. */
export type RpcHandlers = Readonly<Record<string, (...args: never[]) => unknown>>;

function isCall(message: unknown): message is RpcCall {
  return typeof message === 'object' && message !== null && (message as { phonekitRpc?: unknown }).phonekitRpc === 'call';
}

function isAnswer(message: unknown): message is RpcAnswer {
  return typeof message === 'object' && message !== null && (message as { phonekitRpc?: unknown }).phonekitRpc === 'answer';
}

/** In the primary: answers workers' calls to `handlers`. Returns a function that stops serving. */
export function serveToWorkers(handlers: RpcHandlers): () => void {
  const onMessage = (worker: Worker, message: unknown): void => {
    if (!isCall(message)) return;
    const handler = handlers[message.method] as ((...args: unknown[]) => unknown) | undefined;
    const reply = (answer: Omit<RpcAnswer, 'phonekitRpc' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ phonekitRpc: 'answer', id: message.id, ...answer });
    };
    if (handler === undefined) {
      reply({ ok: false, message: `no such method: ${message.method}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(...message.args))
      .then(
        (value) => reply({ ok: true, value }),
        (err: unknown) => reply({ ok: false, message: err instanceof Error ? err.name : 'Error' }),
      );
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;
let listening = false;

/** In a worker: calls `method` in the primary. Rejects when the primary fails it or is gone. */
export function callPrimary<T>(method: string, ...args: unknown[]): Promise<T> {
  const send = process.send?.bind(process);
  if (send === undefined || !cluster.isWorker) return Promise.reject(new Error('callPrimary: not a cluster worker'));
  if (!listening) {
    listening = true;
    process.on('message', (message: unknown) => {
      if (!isAnswer(message)) return;
      const waiter = pending.get(message.id);
      if (waiter === undefined) return;
      pending.delete(message.id);
      if (message.ok) waiter.resolve(message.value);
      else waiter.reject(new Error(`primary: ${message.message ?? 'failed'}`));
    });
  }
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
    send({ phonekitRpc: 'call', id, method, args } satisfies RpcCall, undefined, {}, (err: Error | null) => {
      if (err !== null && pending.delete(id)) reject(err);
    });
  });
}
