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
  /** A failure: the error's name only (messages may quote inputs)... */
  readonly message?: string;
  /** ...and its catalogue code, when it has one (an AccountsError's PHONE_ALREADY_BOUND). */
  readonly code?: string;
}

/** What a worker's callPrimary rejects with: the primary's error, by name and code. */
export class PrimaryRpcError extends Error {
  readonly code: string | undefined;

  constructor(name: string, code: string | undefined) {
    super(`primary: ${name}${code === undefined ? '' : ` ${code}`}`);
    this.name = name;
    this.code = code;
  }
}

const CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

/** A catalogue code of a thrown error (never its message), if it has one. */
function codeOf(err: unknown): string | undefined {
  const code: unknown = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && CODE.test(code) ? code : undefined;
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
        (err: unknown) => {
          const code = codeOf(err);
          reply({ ok: false, message: err instanceof Error ? err.name : 'Error', ...(code === undefined ? {} : { code }) });
        },
      );
  };
  cluster.on('message', onMessage);
  return () => cluster.off('message', onMessage);
}

const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
let nextId = 1;
let listening = false;

/**
 * In a worker: calls `method` in the primary. Rejects when the primary fails
 * it (a {@link PrimaryRpcError} with the error's name and code) or is gone.
 */
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
      else waiter.reject(new PrimaryRpcError(message.message ?? 'Error', message.code));
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
