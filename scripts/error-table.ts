// The READMEs' error-code table, generated from the catalogue so they cannot drift.
//   npx tsx scripts/error-table.ts           print README.md's table
//   npx tsx scripts/error-table.ts --zh      print README.zh-CN.md's (Chinese headings, the Chinese fix first)
//   npx tsx scripts/error-table.ts --write   rewrite it in README.md and README.zh-CN.md (between the markers)
//   npx tsx scripts/error-table.ts --check   exit 1, naming the file, when either README is out of date
// packages/express/test/readme.test.ts and scripts/readme-commands.test.cjs fail when they are out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { README_FILES, errorTable, replaceErrorTable, type ReadmeLanguage } from './error-table-lib';

const LANGUAGES: readonly ReadmeLanguage[] = ['en', 'zh'];
const pathOf = (language: ReadmeLanguage): string => join(__dirname, '..', README_FILES[language]);

if (process.argv.includes('--write')) {
  for (const language of LANGUAGES) {
    const path = pathOf(language);
    writeFileSync(path, replaceErrorTable(readFileSync(path, 'utf8'), language));
  }
} else if (process.argv.includes('--check')) {
  const stale = LANGUAGES.filter((language) => {
    const readme = readFileSync(pathOf(language), 'utf8');
    return replaceErrorTable(readme, language) !== readme;
  });
  for (const language of stale) {
    process.stderr.write(`${README_FILES[language]}: the error table is out of date; run npx tsx --conditions=@phonekit/source scripts/error-table.ts --write\n`);
  }
  process.exitCode = stale.length === 0 ? 0 : 1;
} else {
  process.stdout.write(errorTable(process.argv.includes('--zh') ? 'zh' : 'en'));
}
