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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      // pid tells cluster workers apart; no hostname (it may name the machine in shared logs).
      base: { service: 'phonekit', pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // errors are logged as {type, message, code}: a stack has no secrets, but a cause might.
      serializers: { err: pino.stdSerializers.err },
    },
    destination,
  );
}

export type { Logger };
