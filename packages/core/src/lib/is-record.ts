/**
 * Whether `value` is a plain JSON-style object (not null, not an array), so
 * its fields can be read by name.
 *
 * @example
 * ```ts
 * const body: unknown = JSON.parse(text);
 * if (isRecord(body) && typeof body['code'] === 'string') use(body['code']);
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
