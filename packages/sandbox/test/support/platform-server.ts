// A fake platform's node:http listener on 127.0.0.1 port 0, and fetch helpers for the tests.
import { createServer, type RequestListener, type Server } from 'node:http';

export interface PlatformServer {
  readonly base: string;
  close(): Promise<void>;
}

export async function listen(listener: RequestListener): Promise<PlatformServer> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface JsonAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export async function call(url: string, init: RequestInit = {}): Promise<JsonAnswer> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

export const postForm = (url: string, fields: Record<string, string>): Promise<JsonAnswer> =>
  call(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });

/** A string field of a JSON answer (fails the test when it is not one). */
export function text(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string') throw new Error(`expected a string ${name} in ${JSON.stringify(body)}`);
  return value;
}

/** A nested object of a JSON answer. */
export function object(body: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = body[name];
  if (typeof value !== 'object' || value === null) throw new Error(`expected an object ${name} in ${JSON.stringify(body)}`);
  return value as Record<string, unknown>;
}
