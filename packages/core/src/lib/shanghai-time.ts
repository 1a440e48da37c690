/**
 * Alipay's clock: `yyyy-MM-dd HH:mm:ss` in China Standard Time. The gateway
 * reads the OpenAPI `timestamp` as Beijing time and the docs give no zone
 * suffix, so a server on UTC that formats its local time is eight hours off.
 * China has kept UTC+8 without daylight saving since 1991, so a fixed offset
 * is exact for any time the gateway accepts.
 */
const OFFSET_MS = 8 * 60 * 60 * 1000;

const two = (n: number): string => String(n).padStart(2, '0');

/** `2024-05-13 17:49:20` for the instant `date`, in Asia/Shanghai. */
export function shanghaiTimestamp(date: Date): string {
  const t = new Date(date.getTime() + OFFSET_MS);
  return `${String(t.getUTCFullYear()).padStart(4, '0')}-${two(t.getUTCMonth() + 1)}-${two(t.getUTCDate())} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`;
}
