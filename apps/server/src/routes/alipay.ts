import { Router, type Request } from 'express';
import {
  PhonekitError,
  openAlipayPhoneResponse,
  openParsedAlipayPhoneResponse,
  parseAlipayPhoneResponse,
  toPhoneJson,
  type ParsedAlipayPhoneResponse,
} from '@phonekit/core';
import type { ServerConfig } from '../config';
import { resolveAlipayApp } from '../services/alipay-apps';

/** The body as text, whatever the content type (it is never url-decoded: a '+' must survive). */
export function bodyText(req: Request): string {
  const body: unknown = req.body;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return '';
}

/** The appId a request names: the X-Alipay-App-Id header, else an "appId" field of a JSON wrapper. */
function requestedAppId(req: Request, parsed: ParsedAlipayPhoneResponse | undefined): string | undefined {
  const header = req.get('x-alipay-app-id');
  if (header !== undefined && header.trim() !== '') return header.trim();
  return parsed?.appId;
}

function assertJsonWhenDeclared(req: Request, text: string): void {
  if (!req.is('application/json')) return;
  try {
    JSON.parse(text);
  } catch {
    throw new PhonekitError('INVALID_JSON');
  }
}

export function alipayRouter(config: ServerConfig): Router {
  const router = Router();

  /**
   * POST /api/alipay/phone-number: the res.response string exactly as
   * my.request sent it (any content type), a JSON wrapper
   * {"response": "<that string>"}, or the event variant {encryptedData, sign}.
   */
  router.post('/phone-number', (req, res) => {
    const text = bodyText(req);
    if (text.trim() === '') throw new PhonekitError('PAYLOAD_MALFORMED', { message: 'The request body is empty: send res.response from my.getPhoneNumber.' });
    // Parsed once, here: it names the app and is what gets verified. Text that
    // parsed is valid JSON, so the INVALID_JSON check only matters when it did not.
    let parsed: ParsedAlipayPhoneResponse | undefined;
    try {
      parsed = parseAlipayPhoneResponse(text);
    } catch {
      assertJsonWhenDeclared(req, text);
    }
    const app = resolveAlipayApp(config.alipayApps, requestedAppId(req, parsed));
    // An unparsable payload goes in as text, so the answer names what is wrong with it.
    const phone = parsed === undefined ? openAlipayPhoneResponse(text, app) : openParsedAlipayPhoneResponse(parsed, app);
    res.locals['outcome'] = { appId: app.appId, phone: phone.masked };
    res.json(toPhoneJson(phone));
  });

  return router;
}
