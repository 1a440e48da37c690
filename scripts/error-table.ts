// The README's error-code table, generated from the catalogue so the two cannot drift.
//   npx tsx scripts/error-table.ts          print it
//   npx tsx scripts/error-table.ts --write  rewrite it in README.md (between the markers)
// packages/express/test/readme.test.ts fails when README.md is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorTable, replaceErrorTable } from './error-table-lib';

if (process.argv.includes('--write')) {
  const path = join(__dirname, '..', 'README.md');
  writeFileSync(path, replaceErrorTable(readFileSync(path, 'utf8')));
} else {
  process.stdout.write(errorTable());
}
