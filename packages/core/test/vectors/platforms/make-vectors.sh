#!/usr/bin/env bash
# Regenerates the known-answer vectors in this folder with the openssl CLI
# (a different implementation from the node:crypto code under test); jq only
# assembles the JSON. Run from anywhere:
#   bash packages/core/test/vectors/platforms/make-vectors.sh
#
# The AES vectors are deterministic (fixed keys, ivs and plaintexts below:
# each key and iv was drawn once with `openssl rand -hex 16` or `-hex 24`), so
# running this again rewrites the same files; the tests also re-run the same
# openssl command and compare. The RSA vectors are not (PKCS#1 v1.5
# encryption is randomised): the key in douyin-rsa-key.pem is made once with
# `openssl genpkey` and kept, and each run makes new ciphertexts, which the
# tests decrypt with openssl and with phonekit.
set -euo pipefail
cd "$(dirname "$0")"

TIMESTAMP=1735689600 # 2025-01-01T00:00:00Z

# AES-CBC of a plaintext given as text, base64 on one line.
aes() { # cipher keyhex ivhex plaintext
  printf '%s' "$4" | openssl enc "-$1" -K "$2" -iv "$3" -base64 -A
}

b64() { printf '%s' "$1" | xxd -r -p | base64 -w0; }

# QQ, Douyin (legacy) and Kuaishou: WeChat's scheme, AES-128-CBC, PKCS#7.
#   printf '%s' "$PLAINTEXT" | openssl enc -aes-128-cbc -K <key hex> -iv <iv hex> -base64 -A
session_vectors() { # file keyhex ivhex appid title plaintext [title plaintext ...]
  local file=$1 key=$2 iv=$3 appid=$4
  shift 4
  local vectors='[]'
  while [ $# -gt 0 ]; do
    local ct
    ct=$(aes aes-128-cbc "$key" "$iv" "$2")
    vectors=$(jq -c --arg t "$1" --arg p "$2" --arg c "$ct" '. + [{title: $t, plaintext: $p, encryptedData: $c}]' <<<"$vectors")
    shift 2
  done
  jq -n --arg kh "$key" --arg kb "$(b64 "$key")" --arg ih "$iv" --arg ib "$(b64 "$iv")" --arg a "$appid" --argjson ts "$TIMESTAMP" --argjson v "$vectors" \
    '{sessionKey: {hex: $kh, base64: $kb}, iv: {hex: $ih, base64: $ib}, appId: $a, timestamp: $ts, vectors: $v}' >"$file"
}

QQ_APPID=1112345678
session_vectors qq.json c70fae8ec3490d64c1e935f5984d4512 e4cf96802eb05a698669d5907983050b "$QQ_APPID" \
  'a mainland number' "{\"phoneNumber\":\"13811112222\",\"purePhoneNumber\":\"13811112222\",\"countryCode\":\"86\",\"watermark\":{\"appid\":\"$QQ_APPID\",\"timestamp\":$TIMESTAMP}}" \
  'a Hong Kong number' "{\"phoneNumber\":\"+852 91234567\",\"purePhoneNumber\":\"91234567\",\"countryCode\":\"852\",\"watermark\":{\"appid\":\"$QQ_APPID\",\"timestamp\":$TIMESTAMP}}" \
  'getUserInfo data (no phone)' "{\"openId\":\"PhonekitQqOpenId0001\",\"nickName\":\"Band\",\"gender\":1,\"watermark\":{\"appid\":\"$QQ_APPID\",\"timestamp\":$TIMESTAMP}}"

DOUYIN_APPID=tt0123456789abcdef
session_vectors douyin-legacy.json 3bdeeb5a5b7d2b17b285e4837c1a6742 15c85b7a8e43bfd67bf2f53150c48eea "$DOUYIN_APPID" \
  'a mainland number' "{\"phoneNumber\":\"13811112222\",\"purePhoneNumber\":\"13811112222\",\"countryCode\":\"86\",\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}" \
  'a Hong Kong number' "{\"phoneNumber\":\"+85291234567\",\"purePhoneNumber\":\"91234567\",\"countryCode\":\"852\",\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}" \
  'getUserInfo data (no phone)' "{\"openId\":\"PhonekitDouyinOpenId01\",\"nickName\":\"Band\",\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}"

KUAISHOU_APPID=ks0123456789012345
session_vectors kuaishou.json 29614d90dd6dc2a3f16b3a4ac9318808 aeca84489080bfdcdb1fe98935df8591 "$KUAISHOU_APPID" \
  'phoneNumber and countryCode, as the SDKs read them' '{"phoneNumber":"13811112222","countryCode":"86"}' \
  'purePhoneNumber and countryCode' '{"phoneNumber":"13811112222","purePhoneNumber":"13811112222","countryCode":"86"}' \
  'a bare phoneNumber' '{"phoneNumber":"13811112222"}' \
  'data with no phone' '{"openId":"PhonekitKuaishouOpenId1"}'

# Baidu: AES-192-CBC (24-byte key) over 16 random bytes || the data's length
# (4 bytes, big-endian) || the data || the app key, padded PKCS#7-style to
# 32-byte blocks by hand, encrypted with -nopad:
#   printf '%s' "$FRAME_HEX" | xxd -r -p | openssl enc -aes-192-cbc -K <key hex> -iv <iv hex> -nopad -base64 -A
BAIDU_KEY=3da9944efd6a0b25f2fc3709cac108e1804607c75b819c72
BAIDU_IV=9647021d99d1e10362dcd48d703c52ec
BAIDU_APP_KEY=PhonekitBaiduAppKey0123456789abc
baidu_frame() { # random16hex json appkey -> frame hex, padded to 32
  local body
  body="$1$(printf '%08x' "$(printf '%s' "$2" | wc -c)")$(printf '%s' "$2" | xxd -p | tr -d '\n')$(printf '%s' "$3" | xxd -p | tr -d '\n')"
  local len=$((${#body} / 2))
  local pad=$((32 - len % 32))
  printf '%s' "$body"
  for _ in $(seq "$pad"); do printf '%02x' "$pad"; done
}
baidu_vectors='[]'
baidu_add() { # title random16hex json appkey
  local frame ct
  frame=$(baidu_frame "$2" "$3" "$4")
  ct=$(printf '%s' "$frame" | xxd -r -p | openssl enc -aes-192-cbc -K "$BAIDU_KEY" -iv "$BAIDU_IV" -nopad -base64 -A)
  baidu_vectors=$(jq -c --arg t "$1" --arg p "$3" --arg a "$4" --arg f "$frame" --arg c "$ct" \
    '. + [{title: $t, plaintext: $p, appKey: $a, frameHex: $f, encryptedData: $c}]' <<<"$baidu_vectors")
}
baidu_add 'a mainland number' d7736f0eb3dbe4f607cb39e0d9817295 '{"mobile":"13811112222"}' "$BAIDU_APP_KEY"
# 16 + 4 + 44 + 32 = 96 bytes (the JSON is 44 bytes), a multiple of 32: a whole block of padding (32 bytes of 0x20).
baidu_add 'a frame that ends on a block: 32 bytes of padding' ab96fa7fab86342e1b7d9af766ba2432 '{"mobile":"13811112222","note":"0123456789"}' "$BAIDU_APP_KEY"
baidu_add 'getUserInfo data (no phone)' b9db099dcf6e7d6cfc3277eccac87cb8 '{"openid":"PhonekitBaiduOpenId","nickname":"baidu_user"}' "$BAIDU_APP_KEY"
baidu_add 'data for another app key' d7736f0eb3dbe4f607cb39e0d9817295 '{"mobile":"13811112222"}' 'AnotherBaiduAppKey0123456789abcd'
jq -n --arg kh "$BAIDU_KEY" --arg kb "$(b64 "$BAIDU_KEY")" --arg ih "$BAIDU_IV" --arg ib "$(b64 "$BAIDU_IV")" --arg a "$BAIDU_APP_KEY" --argjson v "$baidu_vectors" \
  '{sessionKey: {hex: $kh, base64: $kb}, iv: {hex: $ih, base64: $ib}, appKey: $a, vectors: $v,
    officialSample: {
      source: "https://smartprogram.baidu.com/docs/develop/api/open/log_userdata/ (解密示例代码, PHP)",
      appKey: "y2dTfnWfkx2OXttMEMWlGHoB1KzMogm7",
      sessionKey: "1df09d0a1677dd72b8325aec59576e0c",
      iv: "1df09d0a1677dd72b8325Q==",
      encryptedData: "OpCoJgs7RrVgaMNDixIvaCIyV2SFDBNLivgkVqtzq2GC10egsn+PKmQ/+5q+chT8xzldLUog2haTItyIkKyvzvmXonBQLIMeq54axAu9c3KG8IhpFD6+ymHocmx07ZKi7eED3t0KyIxJgRNSDkFk5RV1ZP2mSWa7ZgCXXcAbP0RsiUcvhcJfrSwlpsm0E1YJzKpYy429xrEEGvK+gfL+Cw==",
      plaintext: "{\"openid\":\"open_id\",\"nickname\":\"baidu_user\",\"headimgurl\":\"url of image\",\"sex\":1}"
    }}' >baidu.json

# Douyin's current flow: RSA PKCS#1 v1.5 under the application public key.
#   openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out douyin-rsa-key.pem   (once)
#   openssl pkey -in douyin-rsa-key.pem -pubout -out public.pem
#   printf '%s' "$PLAINTEXT" | openssl pkeyutl -encrypt -pubin -inkey public.pem -pkeyopt rsa_padding_mode:pkcs1 | base64 -w0
# The key is a test key made for these vectors; it protects nothing.
[ -f douyin-rsa-key.pem ] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out douyin-rsa-key.pem
public=$(mktemp)
trap 'rm -f "$public"' EXIT
openssl pkey -in douyin-rsa-key.pem -pubout -out "$public"
rsa_vectors='[]'
rsa_add() { # title plaintext
  local ct
  ct=$(printf '%s' "$2" | openssl pkeyutl -encrypt -pubin -inkey "$public" -pkeyopt rsa_padding_mode:pkcs1 | base64 -w0)
  rsa_vectors=$(jq -c --arg t "$1" --arg p "$2" --arg c "$ct" '. + [{title: $t, plaintext: $p, data: $c}]' <<<"$rsa_vectors")
}
rsa_add 'a mainland number' "{\"phoneNumber\":\"13811112222\",\"purePhoneNumber\":\"13811112222\",\"countryCode\":\"86\",\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}"
rsa_add 'a Hong Kong number' "{\"phoneNumber\":\"+85291234567\",\"purePhoneNumber\":\"91234567\",\"countryCode\":\"852\",\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}"
rsa_add 'JSON without a phone' "{\"watermark\":{\"appid\":\"$DOUYIN_APPID\",\"timestamp\":$TIMESTAMP}}"
rsa_add 'well-padded text that is not JSON' 'phoneNumber=13811112222'
jq -n --arg a "$DOUYIN_APPID" --argjson ts "$TIMESTAMP" --argjson v "$rsa_vectors" '{appId: $a, timestamp: $ts, privateKeyFile: "douyin-rsa-key.pem", vectors: $v}' >douyin-rsa.json
