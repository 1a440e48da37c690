/** The success/fail/complete callbacks every `my` and `wx` API takes, called back as the clients do. */
import { showSimulatorError } from './error-panel';
import { isRecord } from './records';

type Callback = (result: unknown) => void;

/** The options every `my` / `wx` API takes. */
export interface CallbackOptions {
  readonly success?: Callback;
  readonly fail?: Callback;
  readonly complete?: Callback;
}

function readCallback(record: Record<string, unknown>, key: string): Callback | undefined {
  const value = record[key];
  if (typeof value !== 'function') return undefined;
  return (result: unknown) => {
    Reflect.apply(value, undefined, [result]);
  };
}

export function callbacksOf(options: unknown): CallbackOptions {
  const record = isRecord(options) ? options : {};
  const success = readCallback(record, 'success');
  const fail = readCallback(record, 'fail');
  const complete = readCallback(record, 'complete');
  return {
    ...(success === undefined ? {} : { success }),
    ...(fail === undefined ? {} : { fail }),
    ...(complete === undefined ? {} : { complete }),
  };
}

/** Calls back asynchronously, as the client does; a throwing callback lands on the error panel. */
export function settle(options: CallbackOptions, outcome: 'success' | 'fail', result: unknown): void {
  setTimeout(() => {
    try {
      options[outcome]?.(result);
    } catch (err) {
      showSimulatorError(err);
    }
    try {
      options.complete?.(result);
    } catch (err) {
      showSimulatorError(err);
    }
  }, 0);
}
