/** The phone answer's fields a test reads. */
export interface PhoneBody {
  readonly mobile: string;
  readonly e164: string;
  readonly masked: string;
}

/** Checks the success body's shape and returns it typed. */
export function expectPhoneBody(body: unknown): PhoneBody {
  if (typeof body !== 'object' || body === null) throw new Error(`not an object: ${JSON.stringify(body)}`);
  const record = body as Record<string, unknown>;
  for (const key of ['mobile', 'countryCode', 'nationalNumber', 'e164', 'masked']) expect(typeof record[key]).toBe('string');
  return body as PhoneBody;
}
