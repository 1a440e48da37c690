import { decryptKuaishouEncryptedData, decryptKuaishouPhoneData } from '../src';
import { KUAISHOU_VECTORS } from './support/platform-vectors';
import { describeSessionPlatform } from './support/session-platform-suite';

// Vectors: test/vectors/platforms/kuaishou.json, made by
//   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <sessionKey.hex> -iv <iv.hex> -base64 -A
// Kuaishou's data has no documented watermark: the suite checks that none is demanded.
describe('decryptKuaishouEncryptedData and decryptKuaishouPhoneData', () => {
  describeSessionPlatform({
    name: 'Kuaishou',
    prefix: 'KUAISHOU',
    vectors: KUAISHOU_VECTORS,
    expected: {
      'phoneNumber and countryCode, as the SDKs read them': '+8613811112222',
      'purePhoneNumber and countryCode': '+8613811112222',
      'a bare phoneNumber': '+8613811112222',
      'data with no phone': 'PHONE_INVALID',
    },
    decryptData: decryptKuaishouEncryptedData,
    decryptPhone: decryptKuaishouPhoneData,
    watermark: false,
  });
});
