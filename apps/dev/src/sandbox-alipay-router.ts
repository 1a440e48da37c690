import { Router } from 'express';
import { z } from 'zod';
import { inspectAlipayPhoneResponse, loadAlipayAesKey, loadAlipayPublicKey, type AlipayAppKeys, type AlipayInspection } from '@phonekit/core';
import { ALIPAY_SCENARIOS, ALIPAY_SCENARIO_DESCRIPTIONS, buildAlipayEventDetail, buildAlipayPhoneResponse, isAlipayScenario } from '@phonekit/sandbox';
import { ApiError, bodyText, toApiError, type ApiErrorEnvelope } from '@phonekit/express';
import type { SandboxIdentity } from '@phonekit/sandbox';
import type { FakeAlipayCall } from './fake-alipay';
import { pasteBoxAdvice, pasteBoxWords, type PasteBoxKeys } from './paste-box-hints';

const inspectSchema = z.object({
  payload: z.string().max(64 * 1024),
  aesKey: z.string().optional(),
  publicKey: z.string().optional(),
  signType: z.enum(['RSA2', 'RSA']).optional(),
  allowUnsigned: z.boolean().optional(),
});

const MOBILE = /^(\+?\d{1,3}-)?\d{5,15}$/;

/** An error as the paste box answers it: the server's envelope, its fix worded for the fields the user filled in. */
function pasteBoxError(thrown: unknown, given: PasteBoxKeys): ApiErrorEnvelope['error'] {
  const error = toApiError(thrown);
  const words = pasteBoxWords(error.code, given);
  return words === undefined ? error.toJSON().error : new ApiError(error.code, { message: error.message, ...words, ...(error.upstream === undefined ? {} : { upstream: error.upstream }) }).toJSON().error;
}

/**
 * The paste box's report of an inspection. `given` says which key fields the
 * request filled in (none: the sandbox's keys were used), so the fix names
 * those fields, never a server setting.
 */
export function inspectionJson(report: AlipayInspection, given: PasteBoxKeys = { aesKey: false, publicKey: false }): Record<string, unknown> {
  const advice = report.error === undefined ? undefined : pasteBoxAdvice(report.error.code, given);
  return {
    signature: report.signature,
    encrypted: report.encrypted,
    body: report.body ?? null,
    ...(report.phone === undefined ? {} : { phone: report.phone }),
    ...(report.error === undefined ? {} : { error: pasteBoxError(report.error, given) }),
    diagnosis: advice === undefined ? report.diagnosis : [...report.diagnosis, advice],
  };
}

/**
 * /sandbox/alipay/*: the development app plays Alipay with keys it generated
 * at start. Mounted only by apps/dev, and only while no real key of any
 * platform is configured (the paths answer 404 otherwise).
 */
export function sandboxAlipayRouter(sandbox: SandboxIdentity, sandboxApp: AlipayAppKeys, callGateway: FakeAlipayCall): Router {
  const router = Router();
  const keys = sandbox.alipay;

  /**
   * GET /sandbox/alipay/auth-code?user=alice: {"authCode": "..."}, what
   * my.getAuthCode({scopes: 'auth_base'}) gives alice's mini-program: single
   * use, five minutes, for POST /api/alipay/login.
   */
  router.get('/auth-code', async (req, res) => {
    const user = typeof req.query['user'] === 'string' && req.query['user'] !== '' ? req.query['user'] : 'sandbox-user';
    const answer = await callGateway({ method: 'GET', path: '/auth-code', query: { user }, body: '' });
    if (answer.status !== 200) throw new ApiError('PAYLOAD_MALFORMED', { message: 'user must be 1-64 letters, digits, or . @ _ -' });
    res.setHeader('cache-control', 'no-store');
    res.type('application/json').send(answer.text);
  });

  /**
   * /sandbox/alipay/gateway/*: the fake gateway itself (gateway.do, user,
   * stats, control; see handleFakeAlipayRequest), for curl and tests. The
   * server's login reaches it in process, never through these routes.
   */
  router.use('/gateway', async (req, res) => {
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query)) if (typeof value === 'string') query[key] = value;
    const contentType = req.get('content-type');
    const answer = await callGateway({ method: req.method, path: req.path, query, body: bodyText(req), ...(contentType === undefined ? {} : { contentType }) });
    res.status(answer.status).type(answer.contentType).send(answer.text);
  });

  router.get('/scenarios', (_req, res) => {
    res.json({ scenarios: ALIPAY_SCENARIOS.map((id) => ({ id, description: ALIPAY_SCENARIO_DESCRIPTIONS[id] })) });
  });

  /** GET /sandbox/alipay/phone-response?scenario=success&mobile=13811112222: a res.response string. */
  router.get('/phone-response', (req, res) => {
    const scenario = typeof req.query['scenario'] === 'string' ? req.query['scenario'] : 'success';
    const mobile = typeof req.query['mobile'] === 'string' && req.query['mobile'] !== '' ? req.query['mobile'] : undefined;
    const signType = req.query['signType'] === 'RSA' ? 'RSA' : 'RSA2';
    if (!isAlipayScenario(scenario)) {
      throw new ApiError('PAYLOAD_MALFORMED', { message: `Unknown sandbox scenario "${scenario.slice(0, 40)}"; see GET /sandbox/alipay/scenarios.` });
    }
    if (mobile !== undefined && !MOBILE.test(mobile)) {
      throw new ApiError('PAYLOAD_MALFORMED', { message: 'mobile must look like 13811112222 or 1-1234432112.' });
    }
    res.locals['outcome'] = { scenario };
    res.type('text/plain').send(buildAlipayPhoneResponse(keys, scenario, { ...(mobile === undefined ? {} : { mobile }), signType }));
  });

  /** GET /sandbox/alipay/event-detail?mobile=...: the newer button event's {encryptedData, sign}. */
  router.get('/event-detail', (req, res) => {
    const mobile = typeof req.query['mobile'] === 'string' && MOBILE.test(req.query['mobile']) ? req.query['mobile'] : undefined;
    res.json(buildAlipayEventDetail(keys, mobile === undefined ? {} : { mobile }));
  });

  /** The sandbox app's PUBLIC configuration (never the private key), for the simulator and docs. */
  router.get('/config', (_req, res) => {
    res.json({ appId: keys.appId, publicKey: keys.publicKeyBase64, aesKey: keys.aesKeyBase64, signType: 'RSA2' });
  });

  /**
   * POST /sandbox/alipay/inspect {payload, aesKey?, publicKey?, signType?, allowUnsigned?}:
   * what `phonekit alipay inspect` prints, for the simulator's paste box.
   * Without keys it uses the sandbox app's; with them, a developer's real ones
   * (they stay in this local process and are never logged).
   */
  router.post('/inspect', (req, res) => {
    let input: unknown;
    try {
      input = JSON.parse(bodyText(req));
    } catch {
      throw new ApiError('INVALID_JSON');
    }
    const parsed = inspectSchema.safeParse(input);
    if (!parsed.success) {
      throw new ApiError('PAYLOAD_MALFORMED', { message: 'Send {"payload": "<res.response>", "aesKey"?: "...", "publicKey"?: "...", "signType"?: "RSA2"|"RSA"}.' });
    }
    const { payload, aesKey, publicKey, signType, allowUnsigned } = parsed.data;
    const given: PasteBoxKeys = { aesKey: (aesKey ?? '').trim() !== '', publicKey: (publicKey ?? '').trim() !== '' };
    let app: AlipayAppKeys;
    try {
      const custom = given.aesKey || given.publicKey;
      app = custom
        ? {
            aesKey: (aesKey ?? '').trim() === '' ? undefined : loadAlipayAesKey(aesKey ?? ''),
            publicKey: (publicKey ?? '').trim() === '' ? undefined : loadAlipayPublicKey(publicKey ?? ''),
            signType: signType ?? 'RSA2',
            allowUnsigned: allowUnsigned ?? false,
          }
        : { aesKey: sandboxApp.aesKey, publicKey: sandboxApp.publicKey, signType: signType ?? 'RSA2', allowUnsigned: allowUnsigned ?? false };
    } catch (err) {
      const error = pasteBoxError(err, given);
      res.status(422).json({ signature: 'unchecked', encrypted: false, body: null, error, diagnosis: [error.message] });
      return;
    }
    const report = inspectAlipayPhoneResponse(payload, app);
    res.locals['outcome'] = report.error === undefined ? { phone: report.phone?.masked } : { code: report.error.code };
    res.json(inspectionJson(report, given));
  });

  return router;
}
