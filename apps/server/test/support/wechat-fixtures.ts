// JSON over real HTTP for the production server's WeChat suites.


export interface HttpAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function answerOf(response: Response): Promise<HttpAnswer> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`expected JSON, got HTTP ${response.status}: ${text.slice(0, 200)}`);
  }
  if (typeof body !== 'object' || body === null) throw new Error(`expected a JSON object, got ${text.slice(0, 200)}`);
  return { status: response.status, body: body as Record<string, unknown> };
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return answerOf(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: text }));
}

export async function getJson(url: string): Promise<HttpAnswer> {
  return answerOf(await fetch(url));
}


/** Checks the error envelope and answers its `error` object. */
export function expectWechatError(answer: HttpAnswer, code: string, status: number): Record<string, unknown> {
  expect(answer.status).toBe(status);
  const error = answer.body['error'];
  expect(error).toEqual(expect.objectContaining({ code, message: expect.any(String), hint: expect.any(String), hintZh: expect.any(String), retryable: expect.any(Boolean) }));
  return error as Record<string, unknown>;
}
