import { describe, expect, it } from 'vitest';
import { deepLinkInArgs, deepLinkQuery, externalUrl, isAppUrl } from './url-policy.ts';

const INDEX = 'file:///opt/Logdesk/resources/app.asar/out/renderer/index.html';

describe('isAppUrl', () => {
  it('accepts the app page itself, with a hash or query', () => {
    expect(isAppUrl(INDEX, INDEX)).toBe(true);
    expect(isAppUrl(`${INDEX}#/details`, INDEX)).toBe(true);
  });

  it('refuses look-alikes that a substring test would let through', () => {
    for (const url of [
      'file:///opt/Logdesk/resources/app.asar/out/renderer/index.html.evil/x',
      'file:///etc/passwd',
      'https://evil.example/opt/Logdesk/resources/app.asar/out/renderer/index.html',
      `https://evil.example/?${INDEX}`,
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAppUrl(url, INDEX), url).toBe(false);
    }
  });

  it('allows the dev server origin only when one is configured', () => {
    expect(isAppUrl('http://localhost:5173/', INDEX)).toBe(false);
    expect(isAppUrl('http://localhost:5173/index.html', INDEX, 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', INDEX, 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('http://localhost.evil.example:5173/', INDEX, 'http://localhost:5173')).toBe(false);
  });
});

describe('externalUrl', () => {
  it('passes http and https links', () => {
    expect(externalUrl('https://docs.litellm.ai/docs/proxy/logging')).toBe(
      'https://docs.litellm.ai/docs/proxy/logging',
    );
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
  });

  it('refuses every other scheme and malformed input', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'data:text/html,x',
      'https://',
      '//evil.example',
      '',
    ]) {
      expect(externalUrl(url), url).toBeNull();
    }
  });
});

describe('deepLinkQuery', () => {
  it('takes the query string of logdesk://open?… and nothing else', () => {
    expect(deepLinkQuery('logdesk://open?source=demo&range=24h')).toEqual({ query: 'source=demo&range=24h' });
    expect(deepLinkQuery('logdesk://open/?model=gpt-4o')).toEqual({ query: 'model=gpt-4o' });
    expect(deepLinkQuery('logdesk://open')).toEqual({ query: '' });
  });

  it('refuses every other form, with the reason', () => {
    const refused = (url: string) => {
      const r = deepLinkQuery(url);
      return 'refused' in r ? r.refused : null;
    };
    expect(refused('https://open?source=demo')).toMatch(/only logdesk:\/\//);
    expect(refused('logdesk://run?source=demo')).toMatch(/expected logdesk:\/\/open/);
    expect(refused('logdesk://open/../../etc?x=1')).toMatch(/expected logdesk:\/\/open/);
    expect(refused('logdesk://user:pw@open?x=1')).toMatch(/user, port/);
    expect(refused('logdesk://open:99?x=1')).toMatch(/user, port/);
    expect(refused('logdesk://open?x=1#frag')).toMatch(/user, port/);
    expect(refused('logdesk://open?x=\u0007')).toMatch(/control characters/);
    expect(refused(`logdesk://open?q=${'x'.repeat(20_000)}`)).toMatch(/longer than/);
    expect(refused('not a url')).toMatch(/not a URL/);
  });

  it('finds the link among command-line arguments', () => {
    expect(deepLinkInArgs(['/opt/Logdesk/logdesk', '--no-sandbox', 'logdesk://open?source=demo'])).toBe(
      'logdesk://open?source=demo',
    );
    expect(deepLinkInArgs(['/opt/Logdesk/logdesk', '.'])).toBeNull();
  });
});
