import { describe, expect, it } from 'vitest';
import { createScrub, createSourceScrub, knownSecrets, scrubDeep } from './report-redaction.ts';

describe('report redaction', () => {
  it('always removes keys, tokens and URL passwords, even with personal-data redaction off', () => {
    const scrub = createScrub({ emails: false, ipAddresses: false }, []);
    const text = scrub(
      'key sk-proj-AbC123xyz789 Bearer abc.def.ghi123 postgres://app:pw123@db:5432/x ops@acme.example 10.0.0.7',
    );
    expect(text).not.toMatch(/AbC123xyz789|abc\.def\.ghi123|pw123/);
    expect(text).toContain('ops@acme.example');
    expect(text).toContain('10.0.0.7');
  });

  it('removes a bare JSON Web Token, as an LLM might repeat it', () => {
    const scrub = createScrub({ emails: false, ipAddresses: false }, []);
    expect(scrub('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here')).toBe(
      'token [REDACTED_TOKEN] here',
    );
  });

  it('removes e-mails and IPs by default choice', () => {
    const scrub = createScrub({ emails: true, ipAddresses: true }, []);
    expect(scrub('ops@acme.example at 10.0.0.7')).toBe('[EMAIL] at [IP]');
  });

  it('removes secrets this process knows even where no pattern would see them', () => {
    const secrets = knownSecrets(
      { kind: 'url', url: 'postgres://reader:plain%2Fpass99@db.internal/litellm' },
      {
        PGPASSWORD: 'pg-env-pass',
        LOGDESK_LLM_API_KEY: 'llmkey_0123456789',
        LOGDESK_SECRET_PROD: 'profile-pass',
        HOME: '/root',
        OTHER: 'x',
      },
    );
    expect(secrets).toEqual(
      expect.arrayContaining(['plain/pass99', 'pg-env-pass', 'llmkey_0123456789', 'profile-pass']),
    );
    expect(secrets).not.toContain('/root');
    const scrub = createScrub({ emails: true, ipAddresses: true }, secrets);
    expect(scrub('echo plain/pass99; key llmkey_0123456789 and profile-pass')).toBe(
      'echo [REDACTED]; key [REDACTED] and [REDACTED]',
    );
  });

  it('scrubs every string of nested data and leaves numbers, booleans and nulls', () => {
    const scrub = createScrub({ emails: true, ipAddresses: true }, ['s3cret']);
    expect(scrubDeep({ a: ['x s3cret', { b: 'ops@acme.example', n: 3, t: true, z: null }] }, scrub)).toEqual({
      a: ['x [REDACTED]', { b: '[EMAIL]', n: 3, t: true, z: null }],
    });
  });

  it('keeps user@host of a source readable (not an e-mail) while still removing passwords and, if chosen, IPs', () => {
    const source = createSourceScrub({ emails: true, ipAddresses: true }, ['hunter22']);
    expect(source('postgres://reader@db.internal:5432/litellm')).toBe(
      'postgres://reader@db.internal:5432/litellm',
    );
    expect(source('postgres://reader:hunter22@10.0.0.5:5432/litellm')).toBe(
      'postgres://reader:[REDACTED]@[IP]:5432/litellm',
    );
    expect(createScrub({ emails: true, ipAddresses: true }, [])('postgres://reader@db.internal/x')).toBe(
      'postgres://[EMAIL]/x',
    );
  });
});
