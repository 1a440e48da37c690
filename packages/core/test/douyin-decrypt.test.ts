import { decryptDouyinEncryptedData, decryptDouyinPhoneData } from '../src';
import { DOUYIN_LEGACY_VECTORS } from './support/platform-vectors';
import { describeSessionPlatform } from './support/session-platform-suite';

// Douyin's legacy flow (tt.getPhoneNumber encryptedData + iv, session_key from code2Session).
// Vectors: test/vectors/platforms/douyin-legacy.json, made by
//   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <sessionKey.hex> -iv <iv.hex> -base64 -A
describe('decryptDouyinEncryptedData and decryptDouyinPhoneData', () => {
  describeSessionPlatform({
    name: 'Douyin',
    prefix: 'DOUYIN',
    vectors: DOUYIN_LEGACY_VECTORS,
    expected: {
      'a mainland number': '+8613811112222',
      'a Hong Kong number': '+85291234567',
      'getUserInfo data (no phone)': 'PHONE_INVALID',
    },
    decryptData: decryptDouyinEncryptedData,
    decryptPhone: decryptDouyinPhoneData,
    watermark: true,
  });
});
