/**
 * The harness itself: other tests (and the end-to-end test against the real
 * server) lean on it, so its setData, template parser and fake `my` are
 * checked here on their own.
 */
import {
  applyDataPatch,
  attributeOf,
  createFakeMy,
  eventBindings,
  findElements,
  parseAxml,
  parseDataPath,
  textContent,
} from './harness';
import { startFakePhonekitServer, unusedLocalUrl } from './support/fake-phonekit-server';
import type { FakePhonekitServer } from './support/fake-phonekit-server';

describe('setData paths', () => {
  it('splits dotted and indexed paths', () => {
    expect(parseDataPath('a')).toEqual(['a']);
    expect(parseDataPath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(parseDataPath('list[0].x')).toEqual(['list', 0, 'x']);
    expect(parseDataPath('grid[1][2]')).toEqual(['grid', 1, 2]);
    expect(parseDataPath("map['k.ey']")).toEqual(['map', 'k.ey']);
  });

  it('replaces values, updates nested ones and creates missing containers', () => {
    const data: Record<string, unknown> = { phone: { shown: 'a', revealed: false }, list: [{ x: 1 }] };
    applyDataPatch(data, { 'phone.shown': 'b', 'list[0].x': 2, 'fresh[1].y': 3, 'deep.er': true });
    expect(data).toEqual({
      phone: { shown: 'b', revealed: false },
      list: [{ x: 2 }],
      fresh: [undefined, { y: 3 }],
      deep: { er: true },
    });
    applyDataPatch(data, { phone: { shown: 'c' } });
    expect(data['phone']).toEqual({ shown: 'c' });
  });
});

describe('the AXML parser', () => {
  it('keeps attributes in order, including quoted > and bare attributes', () => {
    const root = parseAxml('<button disabled a:if="{{n > 1}}" onTap=\'go\'>Go</button>');
    const [button] = findElements(root, (el) => el.tag === 'button');
    expect(button?.attributes).toEqual([
      { name: 'disabled', value: null },
      { name: 'a:if', value: '{{n > 1}}' },
      { name: 'onTap', value: 'go' },
    ]);
  });

  it('skips comments, tolerates unclosed and stray tags, and reads text', () => {
    const root = parseAxml('<!-- <view onTap="hidden"/> --><view><text>a < b</text></span><image src="x.png"><view>');
    expect(eventBindings(root)).toEqual([]);
    expect(findElements(root, () => true).map((el) => el.tag)).toEqual(['view', 'text', 'image', 'view']);
    expect(textContent(root)).toBe('a < b');
  });

  it('finds on* and catch* bindings but not other attributes starting with on', () => {
    const root = parseAxml('<view onTap="a" catchTouchStart="b" one="c" once="d" on-tap="e"/>');
    expect(eventBindings(root).map((binding) => `${binding.attribute}=${binding.handler}`)).toEqual([
      'onTap=a',
      'catchTouchStart=b',
    ]);
    const [view] = findElements(root, () => true);
    expect(view && attributeOf(view, 'missing')).toBeUndefined();
  });
});

describe('the fake my', () => {
  let server: FakePhonekitServer;

  beforeEach(async () => {
    server = await startFakePhonekitServer();
  });

  afterEach(async () => {
    await server.close();
  });

  function request(my: ReturnType<typeof createFakeMy>, options: Record<string, unknown>) {
    const calls: Array<{ callback: string; arg: Record<string, unknown> }> = [];
    const requestApi = my.api['request'];
    if (typeof requestApi !== 'function') throw new Error('no my.request');
    Reflect.apply(requestApi, undefined, [
      {
        ...options,
        success: (arg: Record<string, unknown>) => calls.push({ callback: 'success', arg }),
        fail: (arg: Record<string, unknown>) => calls.push({ callback: 'fail', arg }),
      },
    ]);
    return calls;
  }

  it('sends a string body unchanged and parses a JSON answer', async () => {
    const my = createFakeMy();
    const calls = request(my, {
      url: `${server.url}/api/alipay/phone-number`,
      method: 'POST',
      data: 'a+b/c==',
      headers: { 'content-type': 'text/plain' },
      dataType: 'json',
    });
    await my.waitForIdle();
    expect(server.received[0]?.body.toString('utf8')).toBe('a+b/c==');
    expect(server.received[0]?.headers['content-type']).toBe('text/plain');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ callback: 'success', arg: { status: 200, data: { mobile: '13811112222' } } });
  });

  it('serialises object data as JSON by default and as a query on GET', async () => {
    const my = createFakeMy();
    request(my, { url: `${server.url}/post`, method: 'POST', data: { a: '1' } });
    request(my, { url: `${server.url}/get?x=1`, method: 'GET', data: { a: 'b c' } });
    await my.waitForIdle();
    const post = server.received.find((received) => received.method === 'POST');
    const get = server.received.find((received) => received.method === 'GET');
    expect(post?.body.toString('utf8')).toBe('{"a":"1"}');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(get?.url).toBe('/get?x=1&a=b%20c');
  });

  it('gives text for dataType text and fails with 14 when 2xx JSON does not parse', async () => {
    server.respondWith(() => ({ status: 200, text: 'not json' }));
    const my = createFakeMy();
    const asText = request(my, { url: server.url, dataType: 'text' });
    const asJson = request(my, { url: server.url, dataType: 'json' });
    await my.waitForIdle();
    expect(asText[0]).toMatchObject({ callback: 'success', arg: { data: 'not json' } });
    expect(asJson[0]).toMatchObject({ callback: 'fail', arg: { error: 14, errorMessage: 'JSON parse data error' } });
  });

  it('reports 4xx in fail by default and in success when told to', async () => {
    server.respondWith(() => ({ status: 422, json: { error: { code: 'X' } } }));
    const older = createFakeMy();
    const newer = createFakeMy({ httpErrors: 'success' });
    const viaFail = request(older, { url: server.url });
    const viaSuccess = request(newer, { url: server.url });
    await Promise.all([older.waitForIdle(), newer.waitForIdle()]);
    expect(viaFail[0]).toMatchObject({ callback: 'fail', arg: { error: 19, status: 422, data: { error: { code: 'X' } } } });
    expect(viaSuccess[0]).toMatchObject({ callback: 'success', arg: { status: 422 } });
  });

  it('reports a refused connection in fail with error 19 and no status', async () => {
    const my = createFakeMy();
    const calls = request(my, { url: await unusedLocalUrl() });
    await my.waitForIdle();
    expect(calls[0]?.callback).toBe('fail');
    expect(calls[0]?.arg['error']).toBe(19);
    expect(calls[0]?.arg['status']).toBeUndefined();
  });

  it('waits for calls that callbacks start', async () => {
    const my = createFakeMy();
    const order: string[] = [];
    const requestApi = my.api['request'];
    if (typeof requestApi !== 'function') throw new Error('no my.request');
    Reflect.apply(requestApi, undefined, [
      {
        url: server.url,
        success: () => {
          order.push('first');
          Reflect.apply(requestApi, undefined, [{ url: server.url, success: () => order.push('second') }]);
        },
      },
    ]);
    await my.waitForIdle();
    expect(order).toEqual(['first', 'second']);
    expect(my.inFlight()).toBe(0);
  });

  it('answers canIUse true unless told otherwise', () => {
    const my = createFakeMy({ canIUse: { 'button.open-type.getAuthorize': false } });
    const canIUse = my.api['canIUse'];
    if (typeof canIUse !== 'function') throw new Error('no my.canIUse');
    expect(Reflect.apply(canIUse, undefined, ['button.open-type.getAuthorize'])).toBe(false);
    expect(Reflect.apply(canIUse, undefined, ['getPhoneNumber'])).toBe(true);
  });
});
