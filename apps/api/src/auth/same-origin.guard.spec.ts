import { comesFromOwnSite } from './same-origin.guard';

const SITE = 'https://support.example.ua';

describe('comesFromOwnSite: the one rule of where a sign-in may come from (issue 18)', () => {
  it.each([
    [{ origin: 'https://support.example.ua' }, true],
    [{ origin: 'https://SUPPORT.example.ua:443' }, true],
    [{ referer: 'https://support.example.ua/my-requests/sign-in#abc' }, true],
    [{}, true],
    [{ origin: 'https://support.example.ua', referer: 'https://rival.example/' }, true],
    [{ origin: 'https://rival.example', referer: 'https://support.example.ua/' }, false],
    [{ origin: 'http://support.example.ua' }, false],
    [{ origin: 'https://support.example.ua:8443' }, false],
    [{ origin: 'https://support.example.ua.rival.example' }, false],
    [{ origin: 'null' }, false],
    [{ origin: '' }, false],
    [{ referer: 'https://rival.example/?next=https://support.example.ua/' }, false],
    [{ referer: 'not a url' }, false],
  ])('%j from our own site: %s', (headers, expected) => {
    expect(comesFromOwnSite(headers, [SITE])).toBe(expected);
  });

  it('the origin the call was made to counts as ours too (a page loaded from 127.0.0.1 while PUBLIC_URL names localhost)', () => {
    const own = ['http://localhost:3000', 'http://127.0.0.1:3000'];
    expect(comesFromOwnSite({ origin: 'http://127.0.0.1:3000' }, own)).toBe(true);
    expect(comesFromOwnSite({ origin: 'http://localhost:3000' }, own)).toBe(true);
    expect(comesFromOwnSite({ origin: 'http://127.0.0.1:3001' }, own)).toBe(false);
    // An unreadable Host (whatever a client sent) is no origin at all, never a match.
    expect(comesFromOwnSite({ origin: 'http://rival.example' }, ['http://localhost:3000', 'http://'])).toBe(false);
  });
});
