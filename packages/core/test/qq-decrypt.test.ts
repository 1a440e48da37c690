import { decryptQqEncryptedData, decryptQqPhoneData } from '../src';
import { QQ_VECTORS } from './support/platform-vectors';
import { describeSessionPlatform } from './support/session-platform-suite';

// Vectors: test/vectors/platforms/qq.json, made by
//   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <sessionKey.hex> -iv <iv.hex> -base64 -A
describe('decryptQqEncryptedData and decryptQqPhoneData', () => {
  describeSessionPlatform({
    name: 'QQ',
    prefix: 'QQ',
    vectors: QQ_VECTORS,
    expected: {
      'a mainland number': '+8613811112222',
      'a Hong Kong number': '+85291234567',
      'getUserInfo data (no phone)': 'PHONE_INVALID',
    },
    decryptData: decryptQqEncryptedData,
    decryptPhone: decryptQqPhoneData,
    watermark: true,
  });
});
