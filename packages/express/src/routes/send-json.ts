import type { Response } from 'express';

/** What res.json writes as the Content-Type of a JSON answer (Express 5, mime-types' charset for application/json). */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Answers `body` as JSON, with the status already set on `res` (200 unless a
 * route set another): the same bytes as Express's `res.json(body)` under
 * Express's default settings (compact JSON, `application/json;
 * charset=utf-8`, Content-Length), and what node does for HEAD (the headers,
 * no body), written straight to node.
 *
 * Why not res.json: for every answer it looks up three app settings, sets
 * Content-Type through mime-types, then res.send parses that Content-Type
 * back (the content-type package) to add the charset it already has, looks
 * up the ETag settings, checks freshness and sets Content-Length through
 * res.set. Measured under callgrind (`BENCH_ONLY=instructions`), that was
 * about 25,000 instructions of the phone route's 1,160,000 a request, for
 * nothing a phonekit answer needs: no ETag (createApp turns it off: the
 * answers are per-request and no-store), never 304 (the API is not cached).
 *
 * What differs from res.json, on purpose: the app's `json spaces`, `json
 * replacer` and `json escape` settings are not applied (phonekit's answers
 * are a contract, the same in every app that mounts them), and neither is an
 * ETag when a host app has ETags on.
 */
export function sendJson(res: Response, body: unknown): void {
  const text = JSON.stringify(body);
  // Given to writeHead, not set: an app that defers its headers writes the head from one list (see deferHeaders).
  res.writeHead(res.statusCode, ['content-type', JSON_CONTENT_TYPE, 'content-length', String(Buffer.byteLength(text))]);
  res.end(text);
}
