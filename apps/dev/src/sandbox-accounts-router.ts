import { Router } from 'express';
import { ApiError } from '@phonekit/express';
import type { StoredRowsOf } from './stored-rows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const NOTE =
  'As the database holds it: phone_bindings.ciphertext is AES-256-GCM under the data key named by key_id; ' +
  'blind_index is an HMAC-SHA256 of the number (for uniqueness per app), not the number; sessions keep only a hash of the token; ' +
  'session_secrets (WeChat session_keys) are encrypted like the phone.';

/**
 * /sandbox/accounts: what the simulator's "Account" panel shows.
 * GET /sandbox/accounts/stored?userId=<uuid> -> {"userId", "note", "tables": {users, sessions, phone_bindings, consents, session_secrets}},
 * each table's rows for that user exactly as stored. Sandbox only (the
 * development app mounts it only while it plays the platforms); without
 * accounts it answers ACCOUNTS_NOT_CONFIGURED.
 */
export function sandboxAccountsRouter(storedRows: StoredRowsOf | undefined): Router {
  const router = Router();
  router.get('/stored', async (req, res) => {
    if (storedRows === undefined) {
      throw new ApiError('ACCOUNTS_NOT_CONFIGURED', { message: 'This development app keeps no accounts, so there are no stored rows to show.' });
    }
    const userId = req.query['userId'];
    if (typeof userId !== 'string' || !UUID.test(userId)) {
      throw new ApiError('INPUT_INVALID', { message: 'userId must be the user id (a UUID) that the login answered.' });
    }
    res.set('cache-control', 'no-store').json({ userId, note: NOTE, tables: await storedRows(userId) });
  });
  return router;
}
