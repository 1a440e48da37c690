import { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Request, Response } from 'express';

/**
 * Requests and responses born with the app's prototypes, for node's
 * `createServer({ IncomingMessage, ServerResponse })`.
 *
 * Why: for every request, Express's `app.handle` moves `req` and `res` onto
 * the app's prototypes (`Object.setPrototypeOf(req, app.request)`, the same
 * for `res`). V8 caches that change of prototype, but the first field that is
 * then generalised on such an object (node's `complete`, `statusCode`,
 * `_header`... each goes from "never written" to "written" on every request)
 * no longer finds the object's root map, and V8 gives the object a map of its
 * own, with every field generalised. So every request's `req` and `res` end
 * up on maps no other request shares (`%HaveSameMap` across two requests:
 * false), and every property access of node, Express and phonekit on them
 * misses its inline cache. Measured with `perf record` on the bench's phone
 * route, V8's lookups and inline-cache misses were the largest single cost
 * of a request, in the bare Express baseline as in phonekit.
 *
 * When node creates them from these classes, `req` and `res` already have
 * the app's prototypes: Express's `setPrototypeOf` changes nothing (V8
 * returns at once when the prototype is the same), and every request's
 * objects share the same maps from the first request on.
 *
 * The classes' prototypes BECOME the app's `request` and `response` (with
 * what Express put on them: `app`, and anything set there since), so
 * `req.app`, `res.app`, Express's methods and `app.response` extensions
 * (deferHeaders) work as before, and a server that does not pass the classes
 * (`app.listen`) still gets the same objects through Express's own
 * `setPrototypeOf`, only without the shared maps.
 */
export interface ServerClasses {
  readonly IncomingMessage: typeof IncomingMessage;
  readonly ServerResponse: typeof ServerResponse;
}

const classesOfApp = new WeakMap<Express, ServerClasses>();

/** Makes `prototype` take `appPrototype`'s place: the same prototype and own properties. */
function adopt(prototype: object, appPrototype: object): void {
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(appPrototype) as object | null);
  const own: Record<PropertyKey, PropertyDescriptor> = { ...Object.getOwnPropertyDescriptors(appPrototype) };
  // Keep the class's own constructor: node constructs with it.
  Reflect.deleteProperty(own, 'constructor');
  Object.defineProperties(prototype, own);
}

/**
 * Gives `app` request and response classes whose prototypes are its
 * `request` and `response` (see above), once; answers them on every call.
 * Extensions already made on `app.request` or `app.response` are carried
 * over. A sub-app mounted before the call keeps inheriting from the old
 * prototypes (Express links them at mount), so call it before mounting
 * anything: createApp calls it first.
 */
export function appServerClasses(app: Express): ServerClasses {
  const known = classesOfApp.get(app);
  if (known !== undefined) return known;
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  adopt(AppRequest.prototype, app.request);
  adopt(AppResponse.prototype, app.response);
  app.request = AppRequest.prototype as unknown as Request;
  app.response = AppResponse.prototype as unknown as Response;
  const classes: ServerClasses = { IncomingMessage: AppRequest, ServerResponse: AppResponse as typeof ServerResponse };
  classesOfApp.set(app, classes);
  return classes;
}

/** The classes {@link appServerClasses} gave `app`, if it did. */
export function serverClassesOf(app: Express): ServerClasses | undefined {
  return classesOfApp.get(app);
}
