import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_ERROR_CODES } from '../src/errors/catalogue';
import { replaceErrorTable } from '../../../scripts/error-table-lib';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

describe('README.md', () => {
  it('has the error table generated from the catalogues (run scripts/error-table.ts --write)', () => {
    expect(replaceErrorTable(readme)).toBe(readme);
  });

  it('names every error code the server answers', () => {
    const missing = API_ERROR_CODES.filter((code) => !readme.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
