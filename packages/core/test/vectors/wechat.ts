import type { Vector } from './vector';

/**
 * WeChat legacy getPhoneNumber known answers, computed once with
 *   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <session key hex> -iv <iv hex> -base64 -A
 */
export const WECHAT_SESSION_KEY = { hex: 'ec4572dd8e44ddade9e5765d1ff0b0e6', base64: '7EVy3Y5E3a3p5XZdH/Cw5g==' } as const;
export const WECHAT_IV = { hex: '790a6df0992a74b87880cbf133bc1283', base64: 'eQpt8JkqdLh4gMvxM7wSgw==' } as const;
export const WECHAT_APP_ID = 'wx0123456789abcdef';
/** 2025-01-01T00:00:00Z, the watermark.timestamp of both vectors. */
export const WECHAT_TIMESTAMP = 1735689600;

export interface WechatVectorInput {
  readonly plaintext: string;
  readonly encryptedData: string;
}

export interface WechatVectorOutput {
  readonly purePhoneNumber: string;
  readonly countryCode: string;
  readonly phoneNumber: string;
  readonly e164: string;
  readonly masked: string;
}

export const WECHAT_VECTORS: readonly Vector<WechatVectorInput, WechatVectorOutput>[] = [
  {
    title: 'a mainland number',
    input: {
      plaintext:
        '{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86","watermark":{"appid":"wx0123456789abcdef","timestamp":1735689600}}',
      encryptedData:
        '86Radkj8iR6WKXB8Qj0WRRBOxivhrnRsl10sofrBCPe6k7xNKQeS7W5Vn229tzVRiHMvSEAdyz0mhwPddhVqPkb4RqcoARcDxG80MFAllkdHUSqc6DjSrR7mvM6xg6UZcPEY2BVvillhxDFjQ557I5elbA51dplyt9348TZQTYC/6/6LDgux3ZSKwkGovDXgFPkJD2LTwBAqKoJmTJ6msg==',
    },
    output: { purePhoneNumber: '13811112222', countryCode: '86', phoneNumber: '13811112222', e164: '+8613811112222', masked: '138****2222' },
  },
  {
    title: 'a Hong Kong number',
    input: {
      plaintext:
        '{"phoneNumber":"+852 91234567","purePhoneNumber":"91234567","countryCode":"852","watermark":{"appid":"wx0123456789abcdef","timestamp":1735689600}}',
      encryptedData:
        '86Radkj8iR6WKXB8Qj0WRdGgcCEwnYloZ+z5j2qJP0uhkPahhF7XYsQ/+nKVEN/l58YOBn4iS0i9tthqtS7EPN0k5K/0FaA990g5+DUb3rIHuFarEh4eHs1zDxAUNT5jngwijYSX1Bd6J0PjnTD8VQaCIm1xKOaaNiIRu7P0n7ThB3DTYJN+6s+kXeBRAGVtmKcXzFd7/dkv6JK99A7lAQ==',
    },
    output: { purePhoneNumber: '91234567', countryCode: '852', phoneNumber: '+852 91234567', e164: '+85291234567', masked: '852-******67' },
  },
];

/**
 * The equivalent of the official WXBizDataCrypt sample (the demo every SDK
 * ships): getUserInfo data, which decrypts under the session_key like phone
 * data but holds no phone number. Made with the session key and iv above:
 *   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <session key hex> -iv <iv hex> -base64 -A
 */
export const WECHAT_USER_INFO_VECTOR = {
  plaintext:
    '{"openId":"oPhonekitSampleOpenId0000000001","nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"https://thirdwx.qlogo.cn/mmopen/vi_32/phonekit-sample/0","unionId":"oPhonekitSampleUnionId00000001","watermark":{"timestamp":1735689600,"appid":"wx0123456789abcdef"}}',
  encryptedData:
    'vLA0joC6rT6Wnd341ZktbhlMI8Mh4VDr2WWAocl6e4md4JPApQcxBntGNfWYrLrVEc/GFBjcaEiHLPcjoVlT31ymSWBt5kxQPu7tpqbJogOS/jyLW9JxZGpoQh6aelAI2XdMjRp9pQH34OSI1fyuRWj5eN202NK9dPXOQLbhmRR1GcDCYq4Zka0B07myPkMCoOwb0d2c3rXYEn7LsK+kLvg7vUc6g05LabbPA//aMUGohgES1AkiseEKjsNVfPHAtdV/nlMF9zgLq76JIVaQQfkD9FxjWJdZVPRk1LI8f6BJFELV5QTjMv09Y773Ywl7m7vnONaXh2PxYaEwEEDXKbFjMewRx9gwNMXUgZKsBTI3lotb2EcrqmNGaa6adVT/wDvDWfKPNnk5yXiJvZMY5ddM2jU29s7Z9YaYYmpoEE5iewjevJBtM2CCQZrG4TDu',
} as const;

/** How clients log base64: wrapped every 76 characters (MIME), every 64 (PEM), or with spaces. */
export const WRAPPED_BASE64_VECTORS: readonly Vector<(base64: string) => string, string>[] = [
  { title: 'wrapped every 76 characters with LF', input: (b) => b.replace(/(.{76})/g, '$1\n'), output: 'decrypts' },
  { title: 'wrapped every 64 characters with CRLF', input: (b) => b.replace(/(.{64})/g, '$1\r\n'), output: 'decrypts' },
  { title: 'split by a space every 64 characters', input: (b) => b.replace(/(.{64})/g, '$1 '), output: 'decrypts' },
  { title: 'indented lines of 76, as a pretty-printed log shows them', input: (b) => b.replace(/(.{76})/g, '$1\n    '), output: 'decrypts' },
];
