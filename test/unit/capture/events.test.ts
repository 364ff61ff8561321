import { describe, expect, it } from 'vitest';
import { fromWebRequest, headerLinesOf } from '../../../src/shared/capture/events';

describe('fromWebRequest', () => {
  const base = { requestId: '7', tabId: 3, timeStamp: 1000 };

  it('keeps the page as Chromium names it (initiator) and as Firefox does (originUrl)', () => {
    expect(fromWebRequest('request', { ...base, method: 'PUT', url: 'http://b/x', type: 'xmlhttprequest', initiator: 'http://a' })).toMatchObject({ kind: 'request', id: '7', initiator: 'http://a', method: 'PUT' });
    expect(fromWebRequest('request', { ...base, method: 'GET', url: 'http://b/x', type: 'xmlhttprequest', originUrl: 'http://a/page.html' })).toMatchObject({ initiator: 'http://a/page.html' });
  });

  it('ignores what belongs to no tab (the extension itself, service workers) and broken details', () => {
    expect(fromWebRequest('request', { ...base, tabId: -1, method: 'GET', url: 'http://b/' })).toBeNull();
    expect(fromWebRequest('request', { ...base, method: 'GET' })).toBeNull();
    expect(fromWebRequest('response', { ...base, statusCode: 'two hundred' })).toBeNull();
    expect(fromWebRequest('redirect', { ...base })).toBeNull();
    expect(fromWebRequest('completed', { requestId: null, tabId: 1 })).toBeNull();
  });

  it('takes the reason phrase from the status line, and the status, address and cache flag', () => {
    expect(fromWebRequest('response', { ...base, statusCode: 404, statusLine: 'HTTP/1.1 404 Not Found', responseHeaders: [{ name: 'A', value: 'b' }], ip: '127.0.0.1', fromCache: true })).toEqual({
      kind: 'response', id: '7', tabId: 3, t: 1000, status: 404, statusText: 'Not Found', headers: [{ name: 'A', value: 'b' }], ip: '127.0.0.1', fromCache: true,
    });
    expect(fromWebRequest('response', { ...base, statusCode: 204, statusLine: 'HTTP/1.1 204' })).not.toHaveProperty('statusText');
  });

  it('says an error without text is unknown instead of dropping the event', () => {
    expect(fromWebRequest('error', { ...base })).toMatchObject({ kind: 'error', error: 'unknown error' });
  });
});

describe('headerLinesOf', () => {
  it('keeps duplicates and order, and reads byte values as Latin-1', () => {
    expect(headerLinesOf([{ name: 'X', value: '1' }, { name: 'X', value: '2' }, { name: 'B', binaryValue: [0x63, 0xe9] }])).toEqual([
      { name: 'X', value: '1' },
      { name: 'X', value: '2' },
      { name: 'B', value: 'c\u00e9' },
    ]);
  });
  it('skips lines without a name and survives non-arrays', () => {
    expect(headerLinesOf([{ value: 'x' }, null, { name: 'A' }])).toEqual([{ name: 'A', value: '' }]);
    expect(headerLinesOf('nope')).toEqual([]);
  });
});
