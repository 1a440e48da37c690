import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured logs (pino). Phone numbers are logged masked only (138****2222)
 * by the code that logs them; as a second line of defence, anything that looks
 * like a key, a session_key or a raw payload is redacted by path.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'body',
  'payload',
  'sign',
  'response',
  'aesKey',
  'publicKey',
  'privateKey',
  'privateKeyPem',
  'sessionKey',
  'session_key',
  'encryptedData',
  'mobile',
  'phoneNumber',
  'appSecret',
  'access_token',
  '*.aesKey',
  '*.privateKey',
  '*.privateKeyPem',
  '*.sessionKey',
  '*.session_key',
  '*.mobile',
  '*.appSecret',
  '*.access_token',
];

const CENSOR = '[redacted]';

/** The paths pino redacts itself: top-level names and `req.headers.*`, each looked up only when the logged object has that key. */
const LITERAL_PATHS = REDACTED_PATHS.filter((path) => !path.startsWith('*.'));

/** The names of the `*.name` paths: redacted one level down, inside any object logged under any key. */
const NESTED_NAMES = REDACTED_PATHS.filter((path) => path.startsWith('*.')).map((path) => path.slice(2));

/** `value`, or a shallow copy with every NESTED_NAMES property censored (what JSON.stringify would write of it). */
function censorNested(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const toJSON: unknown = Reflect.get(value, 'toJSON');
  const view: unknown = typeof toJSON === 'function' ? Reflect.apply(toJSON, value, []) : value;
  if (typeof view !== 'object' || view === null || Array.isArray(view)) return view;
  let copy: Record<string, unknown> | undefined;
  for (const name of NESTED_NAMES) {
    if (Reflect.get(view, name) !== undefined) {
      copy ??= { ...view };
      copy[name] = CENSOR;
    }
  }
  return copy ?? view;
}

/** `fields`, or a shallow copy whose object values are censored one level down; keys with a serializer are censored after it runs. */
function censorFields(fields: Record<string, unknown>, skip?: string): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in fields) {
    const value = fields[key];
    if (key === skip || typeof value !== 'object' || value === null) continue;
    const censored = censorNested(value);
    if (censored !== value) {
      copy ??= { ...fields };
      copy[key] = censored;
    }
  }
  return copy ?? fields;
}

/**
 * The logger. Redaction covers REDACTED_PATHS exactly as pino's own redact
 * option would: pino redacts the literal paths, and the `*.name` paths are
 * applied here, to object values only. (Given to pino, a wildcard path makes
 * it run its redactor over every value of every line, strings and numbers
 * included, which made a request line about eight times as costly to write.)
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const errSerializer = (err: Error): unknown => censorNested(pino.stdSerializers.err(err));
  const logger = pino(
    {
      level,
      // pid tells cluster workers apart; no hostname (it may name the machine in shared logs).
      base: { service: 'phonekit', pid: process.pid },
      redact: { paths: LITERAL_PATHS, censor: CENSOR },
      // errors are logged as {type, message, code}: a stack has no secrets, but a cause might.
      serializers: { err: errSerializer },
      formatters: {
        log: (fields) => censorFields(fields, 'err'),
        bindings: (bindings) => censorFields(bindings, 'err'),
      },
      hooks: {
        // Objects interpolated into the message (%o, %j) get the same treatment.
        logMethod(args, method) {
          const first = typeof args[0] === 'object' && args[0] !== null ? 2 : 1;
          for (let i = first; i < args.length; i++) {
            const arg: unknown = args[i];
            if (typeof arg === 'object' && arg !== null) Reflect.set(args, i, censorFields(arg as Record<string, unknown>));
          }
          Reflect.apply(method, this, args);
        },
      },
    },
    destination,
  );
  // A child's bindings skip formatters.bindings (pino keeps that for the root's base): censor them here.
  const child: unknown = Reflect.get(logger, 'child');
  Reflect.set(logger, 'child', function (this: Logger, bindings: Record<string, unknown>, options?: unknown) {
    return Reflect.apply(child as (...args: unknown[]) => Logger, this, [censorFields(bindings, 'err'), options]);
  });
  return logger;
}

export type { Logger };
