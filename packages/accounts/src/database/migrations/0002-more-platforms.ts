import { sql, type Kysely, type Migration } from 'kysely';
import { ACCOUNTS_SCHEMA } from '../schema';

/*
 * Users of the Douyin, Baidu, QQ and Kuaishou mini-programs beside Alipay's
 * and WeChat's: the platform check widens. Frozen once released, like 0001.
 * (Session secrets need nothing: their kind is checked by the store, and the
 * column has no constraint.)
 */

const PLATFORMS_0002 = ['alipay', 'wechat', 'douyin', 'baidu', 'qq', 'kuaishou'] as const;

const up = async (db: Kysely<unknown>): Promise<void> => {
  const schema = db.schema.withSchema(ACCOUNTS_SCHEMA);
  await schema.alterTable('users').dropConstraint('users_platform_check').execute();
  await schema
    .alterTable('users')
    .addCheckConstraint('users_platform_check', sql`platform in (${sql.join(PLATFORMS_0002.map((name) => sql.lit(name)))})`)
    .execute();
};

const down = async (db: Kysely<unknown>): Promise<void> => {
  const schema = db.schema.withSchema(ACCOUNTS_SCHEMA);
  await schema.alterTable('users').dropConstraint('users_platform_check').execute();
  await schema.alterTable('users').addCheckConstraint('users_platform_check', sql`platform in ('alipay', 'wechat')`).execute();
};

export const accountsMigration0002: Migration = { up, down };
