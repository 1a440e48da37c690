import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 64 * 1024;

/** One request as the fakes' framework-free handlers take it. */
export interface FakeHttpRequest {
  readonly method: string;
  readonly path: string;
  /** The first value of each query parameter. */
  readonly query: Record<string, string>;
  /** The body as text (at most 64 KiB is kept). */
  readonly body: string;
  readonly contentType?: string;
  /** Request headers, names in lower case, repeated ones joined with ", ". */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface FakeHttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** Puts a fake platform's handler on node:http: reads the body, parses the query, writes the answer. */
export function fakeHttpListener(base: string, handle: (request: FakeHttpRequest) => FakeHttpAnswer): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', base);
      const query: Record<string, string> = {};
      for (const [key, value] of url.searchParams) if (!(key in query)) query[key] = value;
      const contentType = req.headers['content-type'];
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const answer = handle({
        method: req.method ?? 'GET',
        path: url.pathname,
        query,
        body: Buffer.concat(chunks).toString('utf8'),
        ...(contentType === undefined ? {} : { contentType }),
        headers,
      });
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.text) });
      res.end(answer.text);
    });
  };
}
