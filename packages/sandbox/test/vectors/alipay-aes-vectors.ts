// Known answers produced with the openssl CLI, e.g.
//   printf '%s' '<plaintext>' | openssl enc -aes-128-cbc -K 000102030405060708090a0b0c0d0e0f \
//     -iv 00000000000000000000000000000000 -base64 -A
export interface AlipayAesVector {
  readonly title: string;
  readonly input: { readonly plaintext: string; readonly aesKeyBase64: string };
  readonly output: string;
}

export const ALIPAY_AES_VECTORS: readonly AlipayAesVector[] = [
  {
    title: 'a mainland success body under a 128-bit key',
    input: {
      plaintext: '{"code":"10000","msg":"Success","mobile":"13811112222"}',
      aesKeyBase64: 'AAECAwQFBgcICQoLDA0ODw==',
    },
    output: 'igATcyTqqgv1AFpBiHJyVf94zn4d80DWhHrnUhty+8Q4tQb4IRJQ0datrUIX5mWtnxCETB7un+JG8CTk9xrH/Q==',
  },
  {
    title: 'an overseas success body under a 192-bit key',
    input: {
      plaintext: '{"code":"10000","msg":"Success","mobile":"1-1234432112"}',
      aesKeyBase64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYX',
    },
    output: 'lDIwAfNFlaIOsj6cjSBIKI3HcLFqdqHdKnUsT3sL7Cdkz24KBXX+Vv8rTwYldgDquDYBP/NQlTcYq8GHEDNNPA==',
  },
  {
    title: 'a busy body with Chinese text under a 256-bit key',
    input: {
      plaintext: '{"code":"20000","msg":"Service Currently Unavailable","subCode":"aop.unknow-error","subMsg":"系统繁忙"}',
      aesKeyBase64: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
    },
    output:
      'ZvwtCQ8mXuvj+oPu8EjaD3d4kTp9R82aCdHib5RiuwGhI6uB5PhCPFyL+u1RXbsAqN+DPIyIzYx7UU3jVyf4yheCTQs1K4X2joUDfDV4U3qdYVzNXCgJdJYV6Mn6LJN/OA5iYJfoYD1NLEm3ThNuUA==',
  },
  {
    title: 'the empty string, which is one block of padding',
    input: { plaintext: '', aesKeyBase64: 'AAECAwQFBgcICQoLDA0ODw==' },
    output: 'lU9k8uTobp7ugtICFmhImQ==',
  },
];
