// JSON over real HTTP with node:http (the jsdom test environment has no fetch).
import { request } from 'node:http';

export interface HttpJsonAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly data: unknown;
}

export function httpJson(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpJsonAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          // not JSON: hand back the text, as wx.request does
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers[name] = value;
        resolve({ statusCode: res.statusCode ?? 0, headers, data });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** GET a JSON object and read one string field of it. */
export async function getStringField(url: string, field: string): Promise<string> {
  const { data } = await httpJson(url);
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') throw new Error(`GET ${url}: no "${field}" in ${JSON.stringify(data).slice(0, 300)}`);
  return value;
}
