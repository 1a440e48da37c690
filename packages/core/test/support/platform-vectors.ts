/**
 * The openssl-made known answers of test/vectors/platforms/ (see its README
 * for the commands), read as typed data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PLATFORM_VECTORS_DIR = join(__dirname, '..', 'vectors', 'platforms');

const read = <T>(file: string): T => JSON.parse(readFileSync(join(PLATFORM_VECTORS_DIR, file), 'utf8')) as T;

export interface HexAndBase64 {
  readonly hex: string;
  readonly base64: string;
}

export interface SessionVector {
  readonly title: string;
  readonly plaintext: string;
  readonly encryptedData: string;
}

export interface SessionVectorFile {
  readonly sessionKey: HexAndBase64;
  readonly iv: HexAndBase64;
  readonly appId: string;
  readonly timestamp: number;
  readonly vectors: readonly SessionVector[];
}

export interface BaiduVector {
  readonly title: string;
  readonly plaintext: string;
  readonly appKey: string;
  readonly frameHex: string;
  readonly encryptedData: string;
}

export interface BaiduVectorFile {
  readonly sessionKey: HexAndBase64;
  readonly iv: HexAndBase64;
  readonly appKey: string;
  readonly vectors: readonly BaiduVector[];
  readonly officialSample: {
    readonly source: string;
    readonly appKey: string;
    readonly sessionKey: string;
    readonly iv: string;
    readonly encryptedData: string;
    readonly plaintext: string;
  };
}

export interface RsaVector {
  readonly title: string;
  readonly plaintext: string;
  readonly data: string;
}

export interface DouyinRsaVectorFile {
  readonly appId: string;
  readonly timestamp: number;
  readonly privateKeyFile: string;
  readonly vectors: readonly RsaVector[];
}

export const QQ_VECTORS = read<SessionVectorFile>('qq.json');
export const DOUYIN_LEGACY_VECTORS = read<SessionVectorFile>('douyin-legacy.json');
export const KUAISHOU_VECTORS = read<SessionVectorFile>('kuaishou.json');
export const BAIDU_VECTORS = read<BaiduVectorFile>('baidu.json');
export const DOUYIN_RSA_VECTORS = read<DouyinRsaVectorFile>('douyin-rsa.json');
export const DOUYIN_RSA_KEY_PATH = join(PLATFORM_VECTORS_DIR, DOUYIN_RSA_VECTORS.privateKeyFile);
export const DOUYIN_RSA_KEY_PEM = readFileSync(DOUYIN_RSA_KEY_PATH, 'utf8');

/** A vector by title; throws (failing the test) when the file has none. */
export function vectorTitled<V extends { readonly title: string }>(vectors: readonly V[], title: string): V {
  const found = vectors.find((v) => v.title === title);
  if (found === undefined) throw new Error(`no vector titled "${title}"`);
  return found;
}
