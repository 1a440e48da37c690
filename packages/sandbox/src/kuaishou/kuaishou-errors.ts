/** The Kuaishou endpoint the fake plays. */
export const FAKE_KUAISHOU_ENDPOINTS = ['code2session'] as const;
export type FakeKuaishouEndpoint = (typeof FAKE_KUAISHOU_ENDPOINTS)[number];

/**
 * The `result` codes of Kuaishou's open.kuaishou.com OAuth answers (anything
 * but 1 is an error), with the `error_msg` the fake sends. The two are the
 * ones Kuaishou documents for its mini-program OAuth
 * (https://mp.kuaishou.com/docs/develop/server/getAccessToken.html: 100200100 参数有误,需要检查参数是否为空或有误;
 * 100200101 验证出错,需要检查app_id和app_secret); the code2Session page
 * (https://mp.kuaishou.com/docs/develop/server/code2Session.html) was not found, so the fake
 * answers a bad js_code with 100200100 as well: an assumption.
 */
export const FAKE_KUAISHOU_ERRORS: Readonly<Record<number, string>> = {
  100200100: '参数有误,需要检查参数是否为空或有误',
  100200101: '验证出错,需要检查app_id和app_secret',
};

/** A `result` the fake may answer through `failNext`: an integer other than 1 (1 is success). */
export function isKuaishouErrorResult(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value !== 1;
}
