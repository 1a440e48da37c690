import { PhonekitError, type CoreErrorCode } from '../../src';

/** Runs `fn` and returns what it threw; fails the test if it returned. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw, but it returned');
}

/** Runs `fn` and returns the PhonekitError it threw; fails the test on anything else. */
export function phonekitErrorFrom(fn: () => unknown): PhonekitError {
  const err = thrownBy(fn);
  if (!(err instanceof PhonekitError)) throw new Error(`expected a PhonekitError, got ${String(err)}`);
  return err;
}

/** The parts of an error a client can observe. Two errors that agree here are indistinguishable. */
export function observable(err: PhonekitError): { code: CoreErrorCode; message: string; retryable: boolean; hint: string } {
  return { code: err.code, message: err.message, retryable: err.retryable, hint: err.hint };
}
