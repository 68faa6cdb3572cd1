import { describe, expect, it } from 'vitest';
import { externalUrl, isAppUrl } from './url-policy.ts';

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
