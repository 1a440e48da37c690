// HTTP/1.1 on a raw socket, for what fetch cannot do: requests that stop
// half-way (slow clients at a timeout or at SIGTERM), headers that never end.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Parses one HTTP/1.1 response from `text` once it is complete (by Content-Length), else undefined. */
export function parseRawResponse(text: string): RawResponse | undefined {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return undefined;
  const [statusLine = '', ...headerLines] = text.slice(0, end).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine.split(' ')[1]);
  const length = headers['content-length'];
  const bodyBytes = Buffer.from(text.slice(end + 4), 'utf8');
  if (length !== undefined && bodyBytes.length < Number(length)) return undefined;
  return { status, headers, body: length === undefined ? '' : bodyBytes.subarray(0, Number(length)).toString('utf8') };
}

export interface RawExchange {
  readonly socket: Socket;
  /** Writes more bytes of the request. */
  send(bytes: string | Buffer): void;
  /** The first complete answer; rejects if the connection closes without one. */
  readonly answer: Promise<RawResponse>;
}

/** Opens a connection, writes `first` and hands back a way to write more and to read the answer. */
export function rawExchange(port: number, first: string | Buffer): RawExchange {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  const answer = new Promise<RawResponse>((resolveAnswer, reject) => {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const parsed = parseRawResponse(received);
      if (parsed !== undefined) resolveAnswer(parsed);
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const parsed = parseRawResponse(received);
      if (parsed !== undefined) resolveAnswer(parsed);
      else reject(new Error(`the connection closed without a complete answer: ${JSON.stringify(received.slice(0, 200))}`));
    });
  });
  // Handled by whoever awaits it; never an unhandled rejection in between.
  answer.catch(() => undefined);
  socket.write(first);
  return { socket, send: (bytes) => socket.write(bytes), answer };
}

/** A POST whose headers and the first `firstPart` bytes of `body` are sent; `send(rest)` finishes it. */
export function partialPost(port: number, path: string, body: string, firstPart: number): RawExchange & { readonly rest: Buffer } {
  const bytes = Buffer.from(body, 'utf8');
  const head = `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: keep-alive\r\n\r\n`;
  const exchange = rawExchange(port, Buffer.concat([Buffer.from(head, 'latin1'), bytes.subarray(0, firstPart)]));
  return { ...exchange, rest: bytes.subarray(firstPart) };
}
