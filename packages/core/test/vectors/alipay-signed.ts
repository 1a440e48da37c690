import type { AlipaySignType } from '../../src';
import { AES_128_KEY } from './alipay-aes';
import type { Vector } from './vector';

/**
 * Whole res.response payloads signed once with openssl (RSA PKCS#1 v1.5 is
 * deterministic), so the full verify + decrypt pipeline has known answers
 * without openssl. Made with:
 *   printf '"%s"' "$CIPHERTEXT" | openssl dgst -sha256 -sign alipay.key.pem | base64 -w0
 * (-sha1 for sign_type RSA). Only the public key is kept.
 */
export const FIXED_ALIPAY_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvWBPZ/KAAqKxzotnItC5Odw9l76a5fAmy5Yk/PetWqAyqhWJYC5DrH/RMYWDesKwwneiF6L/Hoc8X1GIAbyfPzSLnNYCXtQcKocwwQ0Lqd10grAGOwNsazxk9gVCrexcAzYx3yDFwr5fiWSDD2oFS0b/bzCFNSdaW4w+i3pgq3D8T6+/fg3BNBKrL0JkJM4/Wu3GNIqEMS1VAKzI8AbTHQkNJaqxbjseVMaWF/Uq+b4htyjTbv/OcVR719nVdrRVYcI7aTJ1qUN70hPCTNZI8WKvI2fWcpjbXR6pYZb087ct8cMIyn+V4RpalaVGFXMmptY/x3rFPbw2LoXBTQcbtwIDAQAB';

const MAINLAND_CIPHERTEXT = '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lweLUW8OFQGwoHUT7Sisa2ugS4UjCNMEnYZb6aqUuhbDQ==';
const OVERSEAS_CIPHERTEXT = '8XfRwEAsurYcWM7VvFTmHMO3tA0cR4appEqsdMEx3lwoKhoSzmS8uyYmdZkC7hdV0L/02hEFUmup07mw/u85YQ==';

/** RSA2 (SHA256withRSA) over `"<MAINLAND_CIPHERTEXT>"`, quotes included. */
export const MAINLAND_RSA2_SIGN =
  'QO56GXKlRl0CRtui/rmNLA5ro1RJ7XGlQCneVH2XJTY4pMdGpmQV8iZjTyxjrABbpi2i7z4Na5cv4ZkV6asWJ4eE5aeorocyGf4ja3T085mPxrvsHVMScFB2Lm+6Vatju7bCCaZNdVbe1tYlRYbTx2/YhLYa3itUQBcJg+aoN0k26VdGT+HkfO5ua5nX7sjy18E8cpkUMit74nr08squEImCO49Buec7pzSg1+d1KAxW6qUqBVDohG6uXVmC+5b1WfZOxvIyiKECEt1Hdyu+1UOJcM/e1hWfhXYQF7N/8FFNH93TYFC/+Uzyu+cx2dAsvfhRPZWwnzUWVstjUUU5QA==';
/** RSA (SHA1withRSA) over the same quoted ciphertext. */
export const MAINLAND_RSA_SIGN =
  'SRDk/7SogeTMH7uD/lykmge3YoQxkZRMsl/l1IDOCywmXnWHlJQ00E/ZKA2ivaI3s9C8++cSs4dFLX3FEc95TvNo6/4dH4d1NLxf4V3NTJmp5BT6XAjKLVnrhc8gQ22+aNpffgVbiA426vjvI1uURDrOz5sggrSh7VdeOrdWbTnklqcoJZu+51TGHSlXzXflkLbbPQXS4L8fP3mhNN3q9n6q6tpyHI8vBeOa2MoJEEL0grw5YmG106XW+vHKtPVQSog10aoFsSlSs8BP+VmOyCyHwVVmZhPHexL+W9Hq1cpYF6q360vyAMDaYXvsbuXETtYDDL8uMQoVWVWmGll54Q==';
const OVERSEAS_RSA2_SIGN =
  'JKHbSDsnS9cBuXMJ4SaUBajPNyR8zOX8li4rGL/qlgajnOyyloIMxuHJjzuebtnEHkk0zqfCnlxI9u4msiTWyPMy3KZldf/znGLqTtK/M1MsfAJ6Mr6cun9j9WYWij0qP4pIIxJiRQYOzyhyNNxFPGz4qxFpvRBBpdRm3h7xxnOhM/YYzG3z/4Xqqth1zPu5Y9/6wfgpu0QMggExl6PWzxawjerulb9CPm7JL4AozJ8G4abPgeMsj8LGjbEhdycKNFMNrWke/wV1g26vS66AFrzYIgww6DgYAG5XPHvBFsU7isin4b2UkvbXIDTcbmMrQHlgqII7m9Fui6MBwSTckg==';

export const FIXED_MAINLAND = { ciphertext: MAINLAND_CIPHERTEXT, rsa2Sign: MAINLAND_RSA2_SIGN, rsaSign: MAINLAND_RSA_SIGN } as const;
export const FIXED_OVERSEAS = { ciphertext: OVERSEAS_CIPHERTEXT, rsa2Sign: OVERSEAS_RSA2_SIGN } as const;

export interface SignedPayloadInput {
  readonly responseText: string;
  readonly publicKey: string;
  readonly aesKeyBase64: string;
  readonly signType: AlipaySignType;
}

export interface SignedPayloadOutput {
  readonly mobile: string;
  readonly countryCode: string;
  readonly nationalNumber: string;
  readonly e164: string;
  readonly masked: string;
}

export const ALIPAY_SIGNED_VECTORS: readonly Vector<SignedPayloadInput, SignedPayloadOutput>[] = [
  {
    title: 'a mainland number, RSA2, AES-128',
    input: {
      responseText: `{"response":"${MAINLAND_CIPHERTEXT}","sign":"${MAINLAND_RSA2_SIGN}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`,
      publicKey: FIXED_ALIPAY_PUBLIC_KEY,
      aesKeyBase64: AES_128_KEY.base64,
      signType: 'RSA2',
    },
    output: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', masked: '138****2222' },
  },
  {
    title: 'a mainland number, legacy RSA (SHA1withRSA), AES-128',
    input: {
      responseText: `{"response":"${MAINLAND_CIPHERTEXT}","sign":"${MAINLAND_RSA_SIGN}","sign_type":"RSA","encrypt_type":"AES","charset":"UTF-8"}`,
      publicKey: FIXED_ALIPAY_PUBLIC_KEY,
      aesKeyBase64: AES_128_KEY.base64,
      signType: 'RSA',
    },
    output: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', masked: '138****2222' },
  },
  {
    title: 'an overseas number 1-1234432112, RSA2, AES-128',
    input: {
      responseText: `{"response":"${OVERSEAS_CIPHERTEXT}","sign":"${OVERSEAS_RSA2_SIGN}","sign_type":"RSA2","encrypt_type":"AES","charset":"UTF-8"}`,
      publicKey: FIXED_ALIPAY_PUBLIC_KEY,
      aesKeyBase64: AES_128_KEY.base64,
      signType: 'RSA2',
    },
    output: { mobile: '1-1234432112', countryCode: '1', nationalNumber: '1234432112', e164: '+11234432112', masked: '1-*******112' },
  },
  {
    title: 'the button event variant {encryptedData, sign} of the mainland payload',
    input: {
      responseText: `{"encryptedData":"${MAINLAND_CIPHERTEXT}","sign":"${MAINLAND_RSA2_SIGN}"}`,
      publicKey: FIXED_ALIPAY_PUBLIC_KEY,
      aesKeyBase64: AES_128_KEY.base64,
      signType: 'RSA2',
    },
    output: { mobile: '13811112222', countryCode: '86', nationalNumber: '13811112222', e164: '+8613811112222', masked: '138****2222' },
  },
];
