import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { PhonekitError, normalisePhone } from '@phonekit/core';
import { KeyFileError, readKeyText } from '@phonekit/express';
import { ALIPAY_SCENARIOS, buildAlipayPhoneResponse, isAlipayScenario, type AlipaySandboxKeys } from '@phonekit/sandbox';
import { loadAesKeyArgument, readSignType } from '../lib/alipay-key-arguments';
import type { Command } from '../lib/command';
import { EXIT_CODES } from '../lib/exit-codes';
import { parseOptions, printHelp, usageError, type CommandHelp } from '../lib/options';

export const ALIPAY_MAKE_PAYLOAD_HELP: CommandHelp = {
  name: 'alipay make-payload',
  usage: 'alipay make-payload --private-key KEY --aes-key KEY [--mobile 13811112222] [--sign-type RSA2|RSA] [--scenario NAME]',
  text: `Usage: phonekit alipay make-payload --private-key KEY --aes-key KEY [--mobile 13811112222] [--sign-type RSA2|RSA] [--scenario NAME]

Prints on stdout the res.response string my.getPhoneNumber would give the
mini-program, made with YOUR keys: the business body encrypted with the AES
key (AES-CBC, zero IV, PKCS#7) and the quoted ciphertext signed with the
private key, byte for byte as Alipay makes it. For testing a set-up that is
not the sandbox end to end: a server given the public half of the key pair as
its Alipay public key, and the same AES key, must answer the phone.

Real Alipay never gives out its private key, so this only works with a key
pair of your own, such as the one 'phonekit keys generate --out DIR' makes.

Options:
  --private-key KEY    the private key whose public half the server has as the Alipay
                       public key (DIR/alipay-private.pem from keys generate): a PEM or
                       bare base64 (PKCS#8 or PKCS#1), as text, @file or a path.
  --aes-key KEY        the AES key (base64, @file or a path), the server's too.
  --mobile NUMBER      the number in the answer: 13811112222 (default) or an overseas
                       one as Alipay writes it, 1-1234432112.
  --sign-type TYPE     RSA2 (default, SHA256withRSA) or RSA (SHA1withRSA).
  --scenario NAME      what Alipay answers (default success): ${ALIPAY_SCENARIOS.join(', ')}.
  -h, --help           show this help.

A PEM starts with dashes: pass it as @file, or as --private-key="$(cat key.pem)".

Example (the printed string goes to the server, or back into inspect):
  phonekit alipay make-payload --private-key @keys/alipay-private.pem --aes-key @keys/aes.key \\
    | phonekit alipay inspect --public-key @keys/alipay-public.pem --aes-key @keys/aes.key

Exit codes:
  0  the payload was printed.
  2  usage or key error: a missing or unusable key, a bad option.
`,
};

const OPTIONS = {
  'private-key': { type: 'string' },
  'aes-key': { type: 'string' },
  mobile: { type: 'string' },
  'sign-type': { type: 'string' },
  scenario: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** An RSA private key from PEM or bare base64 DER (PKCS#8 or PKCS#1), or a message saying what it is instead. */
function privateKeyOf(text: string): KeyObject | string {
  const trimmed = text.trim();
  if (/-----BEGIN (RSA )?PUBLIC KEY-----|-----BEGIN CERTIFICATE-----/.test(trimmed)) {
    return 'this is a PUBLIC key or a certificate: the payload is signed with the PRIVATE half of the pair (alipay-private.pem).';
  }
  const candidates: (() => KeyObject)[] = trimmed.startsWith('-----')
    ? [() => createPrivateKey({ key: trimmed, format: 'pem' })]
    : (['pkcs8', 'pkcs1'] as const).map((type) => () => createPrivateKey({ key: Buffer.from(trimmed.replace(/\s+/g, ''), 'base64'), format: 'der', type }));
  for (const candidate of candidates) {
    let key: KeyObject;
    try {
      key = candidate();
    } catch {
      continue;
    }
    if (key.asymmetricKeyType !== 'rsa') return `this is a ${key.asymmetricKeyType ?? 'non-RSA'} key; Alipay's RSA2 and RSA sign types need an RSA key.`;
    return key;
  }
  return 'not a private key: give a PEM ("BEGIN PRIVATE KEY" or "BEGIN RSA PRIVATE KEY") or its bare base64.';
}

/** The keys buildAlipayPhoneResponse takes, from the user's private key and AES key (the appId is not part of a res.response). */
function keysFrom(privateKey: KeyObject, aesKeyBase64: string): AlipaySandboxKeys {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    appId: '',
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem,
    publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    publicKeyPkcs1Pem: publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    aesKeyBase64,
  };
}

/** `phonekit alipay make-payload`: a res.response made with the user's own keys. */
export const alipayMakePayload: Command = async (argv, io) => {
  const parsed = parseOptions(() => parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }));
  if (!parsed.ok) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, parsed.message);
  const options = parsed.value.values;
  if (options.help === true) return printHelp(io, ALIPAY_MAKE_PAYLOAD_HELP);
  if (options['private-key'] === undefined) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, '--private-key is required.');
  if (options['aes-key'] === undefined) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, '--aes-key is required.');
  const signType = options['sign-type'] === undefined ? 'RSA2' : readSignType(options['sign-type']);
  if (signType === undefined) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, '--sign-type must be RSA2 or RSA.');
  const scenario = options.scenario?.trim() ?? 'success';
  if (!isAlipayScenario(scenario)) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, `--scenario must be one of ${ALIPAY_SCENARIOS.join(', ')}.`);
  const mobile = options.mobile?.trim();
  if (mobile !== undefined) {
    try {
      normalisePhone(mobile);
    } catch (err) {
      if (!(err instanceof PhonekitError)) throw err;
      return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, '--mobile must be a phone number as Alipay writes it: 13811112222, or 1-1234432112 for an overseas one.');
    }
  }

  let privateKeyText: string;
  try {
    privateKeyText = readKeyText(options['private-key']).text;
  } catch (err) {
    if (!(err instanceof KeyFileError)) throw err;
    return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, `--private-key: ${err.message}`);
  }
  const privateKey = privateKeyOf(privateKeyText);
  if (typeof privateKey === 'string') return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, `--private-key: ${privateKey}`);
  const aes = loadAesKeyArgument(options['aes-key']);
  if (!aes.ok) return usageError(io, ALIPAY_MAKE_PAYLOAD_HELP, `--aes-key: ${aes.error.message}`);
  // The AES key as text once more, for the builder: loadAesKeyArgument keeps only a KeyObject.
  const aesKeyBase64 = aes.value.key.export().toString('base64');

  io.stdout(`${buildAlipayPhoneResponse(keysFrom(privateKey, aesKeyBase64), scenario, { ...(mobile === undefined ? {} : { mobile }), signType })}\n`);
  return EXIT_CODES.ok;
};
