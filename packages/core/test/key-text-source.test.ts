import { keyTextSource } from '../src';

const files = new Set(['keys/alipay.pem', 'aes.key', 'short']);
const exists = (path: string): boolean => files.has(path);
const SPKI = `MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA${'A'.repeat(300)}IDAQAB`;

describe('keyTextSource', () => {
  test.each([
    { title: 'a PEM is text', input: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----', output: { kind: 'text', text: '-----BEGIN PUBLIC KEY-----\nabc\n-----END PUBLIC KEY-----' } },
    { title: 'long base64 is the key itself', input: ` ${SPKI} `, output: { kind: 'text', text: SPKI } },
    { title: 'an AES key is the key itself', input: 'aGVsbG8gcGhvbmVraXQhIQ==', output: { kind: 'text', text: 'aGVsbG8gcGhvbmVraXQhIQ==' } },
    { title: 'short base64 naming an existing file is that file', input: 'short', output: { kind: 'file', path: 'short' } },
    { title: '@path names a file', input: '@keys/alipay.pem', output: { kind: 'file', path: 'keys/alipay.pem' } },
    { title: 'a plain path that exists is that file', input: 'aes.key', output: { kind: 'file', path: 'aes.key' } },
    { title: '@path that does not exist is a missing file', input: '@nope', output: { kind: 'missing-file', path: 'nope' } },
    { title: 'a path-looking value that does not exist is a missing file', input: './keys/nope.pem', output: { kind: 'missing-file', path: './keys/nope.pem' } },
    { title: 'a missing .json file is a missing file', input: 'apps.json', output: { kind: 'missing-file', path: 'apps.json' } },
    { title: 'a URL-safe key is text (the loader explains it, nothing echoes it)', input: 'aGVsbG8_cGhvbmVraXQhIQ--', output: { kind: 'text', text: 'aGVsbG8_cGhvbmVraXQhIQ--' } },
    { title: 'a key in stray quotes, even with a "/", is text', input: '"aGVs/G8gcGhvbmVraXQhIQ=="', output: { kind: 'text', text: '"aGVs/G8gcGhvbmVraXQhIQ=="' } },
  ])('$title', ({ input, output }) => {
    expect(keyTextSource(input, exists)).toEqual(output);
  });
});
