import { sql } from 'kysely';
import type { AccountsContext } from '../lib/context';
import { toUser } from '../lib/rows';
import { assertPlatform, assertText } from '../lib/validate';
import type { UpsertedUser, UpsertUserInput } from '../types';

// One statement, INSERT ... ON CONFLICT DO UPDATE: two logins of the same new
// user racing on two workers both answer the same row, where a SELECT-then-
// INSERT would let one of them fail on the unique constraint. DO UPDATE
// rather than DO NOTHING so RETURNING always answers the row; xmax = 0 tells
// a fresh insert from an update of an existing row.
export async function upsertUser(context: AccountsContext, input: UpsertUserInput): Promise<UpsertedUser> {
  assertPlatform(input.platform);
  assertText(input.appId, 'appId', 64);
  assertText(input.platformUserId, 'platformUserId', 128);
  const unionId = input.unionId ?? null;
  if (unionId !== null) assertText(unionId, 'unionId', 128);

  const row = await context.db
    .insertInto('users')
    .values({
      platform: input.platform,
      app_id: input.appId,
      platform_user_id: input.platformUserId,
      union_id: unionId,
      created_at: context.clock(),
    })
    .onConflict((conflict) =>
      conflict
        .columns(['platform', 'app_id', 'platform_user_id'])
        .doUpdateSet({ union_id: sql<string | null>`coalesce(excluded.union_id, users.union_id)` }),
    )
    .returningAll()
    .returning(sql<boolean>`xmax = 0`.as('created'))
    .executeTakeFirstOrThrow();
  const { created, ...user } = row;
  return { user: toUser(user), created };
}
