/** The QQ endpoint the fake plays. */
export const FAKE_QQ_ENDPOINTS = ['jscode2session'] as const;
export type FakeQqEndpoint = (typeof FAKE_QQ_ENDPOINTS)[number];

/**
 * The errcodes of QQ's code2Session, with the errmsg the fake sends.
 * QQ documents -1, 40029 and 45011
 * (https://q.qq.com/wiki/develop/miniprogram/server/open_port/port_login.html: -1 系统繁忙, 40029 code 无效,
 * 45011 频率限制，每个用户每分钟100次); -1009 (errmsg "") is what QQ answered in
 * https://cloud.tencent.com/developer/ask/223988. QQ's server API copies WeChat's, so the
 * parameter errors (41002, 40013, 41004, 40125, 40002, 41008, 43001) and every errmsg are
 * WeChat's wording: an assumption, QQ documents neither.
 */
export const FAKE_QQ_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'system error',
  [-1009]: '',
  40002: 'invalid grant_type',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  43001: 'require GET method',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
};
