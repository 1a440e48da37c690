import { ServerResponse, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';
import type { Express, Response } from 'express';

/**
 * The headers an app gives every answer (helmet's, X-Request-Id,
 * Cache-Control, the rate limiter's), kept aside in one list until the
 * answer's head is written, and then given to node's `writeHead` in one go.
 *
 * Why: node keeps headers set one by one (`setHeader`) in a dictionary-mode
 * object, lower-casing each name and growing the table as it goes, then walks
 * it again to write the head. For the twenty-odd headers of a phonekit
 * answer that was the largest single cost phonekit added to a request (in a
 * CPU profile of `pnpm bench`'s phone route, setHeader, writeHead and
 * _storeHeader took about three times the baseline's time). A head written
 * from one flat list skips that table: node validates each name and value
 * and writes it, nothing else.
 *
 * Nothing changes for the code around it: on a response of an app that
 * defers (see {@link deferHeaders}), getHeader, hasHeader, getHeaders,
 * getHeaderNames and getRawHeaderNames see the deferred headers as if they
 * were set; setHeader and removeHeader replace or remove them; appendHeader
 * appends to them. When anything set a header the usual way before the head
 * is written, the deferred ones are set the usual way too, under any of the
 * same name set since (the later always wins, as with setHeader).
 */

const DEFERRED = Symbol('phonekit.deferredHeaders');

/** Flat [name, value, name, value, ...], names lower case. */
type Deferred = string[];

interface Deferring {
  [DEFERRED]?: Deferred | undefined;
}

const node = ServerResponse.prototype;
/** Node has it since 15.13 (OutgoingMessage), @types/node does not declare it. */
const nodeRawHeaderNames = (node as unknown as { getRawHeaderNames(this: ServerResponse): string[] }).getRawHeaderNames;

function deferredOf(res: object): Deferred | undefined {
  return (res as Deferring)[DEFERRED];
}

function indexOf(list: Deferred, name: string): number {
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return i;
  return -1;
}

/** Takes `name` out of the deferred list; answers its value, if it was there. */
function take(res: object, name: string): string | undefined {
  const list = deferredOf(res);
  if (list === undefined) return undefined;
  const at = indexOf(list, name.toLowerCase());
  if (at < 0) return undefined;
  const value = list[at + 1];
  list.splice(at, 2);
  return value;
}

/** Whether anything set a header on `res` the usual way (node's own list is empty until then). */
function hasNodeHeaders(res: ServerResponse): boolean {
  return node.getHeaderNames.call(res).length > 0;
}

/** A flat header list for writeHead: the deferred ones, less any the call names itself, then the call's. */
function flatHeaders(list: Deferred, given: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): OutgoingHttpHeader[] | undefined {
  if (given === undefined) return list;
  if (!Array.isArray(given)) {
    const names = Object.keys(given);
    const out: OutgoingHttpHeader[] = [];
    for (let i = 0; i < list.length; i += 2) if (!names.some((n) => n.toLowerCase() === list[i])) out.push(list[i] as string, list[i + 1] as string);
    for (const n of names) {
      const value = given[n];
      if (value !== undefined) out.push(n, value);
    }
    return out;
  }
  // writeHead's array form: flat [name, value, ...] (as sendJson passes) or [[name, value], ...].
  if (given.length > 0 && Array.isArray(given[0])) return undefined;
  const names: string[] = [];
  for (let i = 0; i < given.length; i += 2) names.push(String(given[i]).toLowerCase());
  const out: OutgoingHttpHeader[] = [];
  for (let i = 0; i < list.length; i += 2) if (!names.includes(list[i] as string)) out.push(list[i] as string, list[i + 1] as string);
  for (const item of given) out.push(item);
  return out;
}

type HeadersArgument = OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined;

function writeHead(this: ServerResponse, statusCode: number, ...rest: unknown[]): ServerResponse {
  const list = deferredOf(this);
  if (list === undefined) return Reflect.apply(node.writeHead, this, [statusCode, ...rest]) as ServerResponse;
  (this as Deferring)[DEFERRED] = undefined;
  // writeHead(statusCode[, statusMessage][, headers]), as node reads it.
  const message = typeof rest[0] === 'string' ? rest[0] : undefined;
  const given = (message === undefined ? rest[0] : rest[1]) as HeadersArgument;
  const flat = hasNodeHeaders(this) ? undefined : flatHeaders(list, given);
  if (flat !== undefined) return Reflect.apply(node.writeHead, this, message === undefined ? [statusCode, flat] : [statusCode, message, flat]) as ServerResponse;
  // Headers were set the usual way: the deferred ones join them, under those of the same name.
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i] as string;
    if (!node.hasHeader.call(this, name)) node.setHeader.call(this, name, list[i + 1] as string);
  }
  return Reflect.apply(node.writeHead, this, [statusCode, ...rest]) as ServerResponse;
}

/** The ServerResponse methods that read or change headers, seeing the deferred list too. */
const methods = {
  writeHead,
  setHeader(this: ServerResponse, name: string, value: number | string | readonly string[]): ServerResponse {
    // Validated by node first: a bad name or value throws before the deferred one is dropped.
    node.setHeader.call(this, name, value);
    take(this, name);
    return this;
  },
  appendHeader(this: ServerResponse, name: string, value: string | readonly string[]): ServerResponse {
    const deferred = take(this, name);
    if (deferred !== undefined) node.setHeader.call(this, name, deferred);
    return node.appendHeader.call(this, name, value);
  },
  removeHeader(this: ServerResponse, name: string): void {
    take(this, name);
    node.removeHeader.call(this, name);
  },
  getHeader(this: ServerResponse, name: string): number | string | string[] | undefined {
    const value = node.getHeader.call(this, name);
    if (value !== undefined) return value;
    const list = deferredOf(this);
    if (list === undefined) return undefined;
    const at = indexOf(list, name.toLowerCase());
    return at < 0 ? undefined : list[at + 1];
  },
  hasHeader(this: ServerResponse, name: string): boolean {
    if (node.hasHeader.call(this, name)) return true;
    const list = deferredOf(this);
    return list !== undefined && indexOf(list, name.toLowerCase()) >= 0;
  },
  getHeaderNames(this: ServerResponse): string[] {
    const names = node.getHeaderNames.call(this);
    const list = deferredOf(this);
    if (list === undefined) return names;
    for (let i = 0; i < list.length; i += 2) if (!names.includes(list[i] as string)) names.push(list[i] as string);
    return names;
  },
  getRawHeaderNames(this: ServerResponse): string[] {
    const names = nodeRawHeaderNames.call(this);
    const list = deferredOf(this);
    if (list === undefined) return names;
    const lower = names.map((n) => n.toLowerCase());
    for (let i = 0; i < list.length; i += 2) if (!lower.includes(list[i] as string)) names.push(list[i] as string);
    return names;
  },
  getHeaders(this: ServerResponse): OutgoingHttpHeaders {
    const headers = node.getHeaders.call(this);
    const list = deferredOf(this);
    if (list === undefined) return headers;
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i] as string;
      if (headers[name] === undefined) headers[name] = list[i + 1];
    }
    return headers;
  },
};

/**
 * Makes `app`'s responses able to defer headers: its response prototype
 * (`app.response`, what Express gives every `res` of this app) reads and
 * writes headers through the methods above. Responses with nothing deferred
 * behave exactly as node's.
 */
export function deferHeaders(app: Express): void {
  for (const [name, method] of Object.entries(methods)) {
    Object.defineProperty(app.response, name, { value: method, writable: true, configurable: true, enumerable: false });
  }
}

/**
 * Starts `res`'s deferred list with `headers` (flat, names lower case; the
 * list is copied). Only for a response of an app that {@link deferHeaders}:
 * anywhere else the headers would never be written, so this sets them the
 * usual way instead.
 */
export function startDeferredHeaders(res: Response, headers: readonly string[]): void {
  if (res.writeHead !== writeHead || res.headersSent) {
    for (let i = 0; i < headers.length; i += 2) res.setHeader(headers[i] as string, headers[i + 1] as string);
    return;
  }
  (res as Deferring)[DEFERRED] = headers.slice();
}

/**
 * Sets one header for the answer: into the deferred list when `res` has one
 * (replacing one of the same name), else with setHeader. `name` lower case.
 */
export function setAnswerHeader(res: Response, name: string, value: string): void {
  const list = deferredOf(res);
  if (list === undefined) {
    res.setHeader(name, value);
    return;
  }
  const at = indexOf(list, name);
  if (at < 0) list.push(name, value);
  else list[at + 1] = value;
}
