// One process of the race in sandbox-identity-file.test.ts: loads (or makes)
// the identity in the data dir given and prints what it got on stdout.
import { createHash } from 'node:crypto';
import { loadOrCreateSandboxIdentity } from '../../src/sandbox-identity-file';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: load-identity.ts <dataDir>');
const { identity, created, upgraded } = loadOrCreateSandboxIdentity(dataDir);
const digest = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
process.stdout.write(`${JSON.stringify({ created, digest, ...(upgraded === undefined ? {} : { upgraded }) })}\n`);
