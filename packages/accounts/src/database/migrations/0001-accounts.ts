import { sql, type Kysely, type Migration } from 'kysely';
import { ACCOUNTS_SCHEMA } from '../schema';

/*
 * The first schema: users, sessions, phone bindings, consents, session
 * secrets. Migrations are frozen once released: later changes are new files,
 * never edits here (the migrations table records this one as applied).
 */

// Migrations see the database as it was when they were written, not as
// the current AccountsDatabase type says.
const up = async (db: Kysely<unknown>): Promise<void> => {
  const schema = db.schema.withSchema(ACCOUNTS_SCHEMA);
  const uuid = sql`gen_random_uuid()`;

  await schema
    .createTable('users')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(uuid))
    .addColumn('platform', 'text', (column) => column.notNull())
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('platform_user_id', 'text', (column) => column.notNull())
    .addColumn('union_id', 'text')
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('users_platform_check', sql`platform in ('alipay', 'wechat')`)
    .addUniqueConstraint('users_platform_app_user_unique', ['platform', 'app_id', 'platform_user_id'])
    // lets phone_bindings reference (id, app_id), so a binding's app is its user's
    .addUniqueConstraint('users_id_app_unique', ['id', 'app_id'])
    .execute();

  await schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(uuid))
    .addColumn('token_hash', 'bytea', (column) => column.notNull().unique())
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (column) => column.notNull())
    .execute();
  await schema.createIndex('sessions_user_id_index').on('sessions').column('user_id').execute();
  await schema.createIndex('sessions_expires_at_index').on('sessions').column('expires_at').execute();

  await schema
    .createTable('phone_bindings')
    .addColumn('user_id', 'uuid', (column) => column.primaryKey())
    .addColumn('app_id', 'text', (column) => column.notNull())
    .addColumn('ciphertext', 'bytea', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('blind_index', 'bytea', (column) => column.notNull())
    .addColumn('blind_index_key_id', 'text', (column) => column.notNull())
    .addColumn('bound_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint('phone_bindings_user_fk', ['user_id', 'app_id'], 'users', ['id', 'app_id'], (constraint) =>
      constraint.onDelete('cascade'),
    )
    .addUniqueConstraint('phone_bindings_app_blind_index_unique', ['app_id', 'blind_index'])
    .execute();
  await schema.createIndex('phone_bindings_key_id_index').on('phone_bindings').column('key_id').execute();

  await schema
    .createTable('consents')
    .addColumn('id', 'uuid', (column) => column.primaryKey().defaultTo(uuid))
    .addColumn('user_id', 'uuid', (column) => column.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (column) => column.notNull())
    .addColumn('policy_version', 'text', (column) => column.notNull())
    .addColumn('agreed_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addColumn('scope', 'text')
    .addColumn('request_id', 'text')
    .addColumn('client_info', 'jsonb')
    .execute();
  await schema.createIndex('consents_user_id_index').on('consents').columns(['user_id', 'agreed_at']).execute();

  await schema
    .createTable('session_secrets')
    .addColumn('session_id', 'uuid', (column) => column.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('ciphertext', 'bytea', (column) => column.notNull())
    .addColumn('key_id', 'text', (column) => column.notNull())
    .addColumn('stored_at', 'timestamptz', (column) => column.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('session_secrets_pk', ['session_id', 'kind'])
    .execute();
  await schema.createIndex('session_secrets_key_id_index').on('session_secrets').column('key_id').execute();
};

const down = async (db: Kysely<unknown>): Promise<void> => {
  const schema = db.schema.withSchema(ACCOUNTS_SCHEMA);
  for (const table of ['session_secrets', 'consents', 'phone_bindings', 'sessions', 'users']) {
    await schema.dropTable(table).execute();
  }
};

export const accountsMigration0001: Migration = { up, down };
