import { describe, expect, it } from 'vitest';
import { DEFAULT_REDACTION, redact } from './redact.ts';

describe('redact', () => {
  it('removes keys, tokens, URL passwords, emails and IPs', () => {
    const text = [
      'Incorrect API key provided: sk-proj-AbCdEf1234567890xyz.',
      'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig',
      'dsn postgres://litellm:hunter2-pw@db.internal:5432/litellm',
      'user jane.doe@example.com from 10.20.3.14',
      '{"api_key": "abcd1234secret"}',
    ].join('\n');
    const out = redact(text);
    for (const secret of [
      'sk-proj-AbCdEf',
      'eyJhbGciOiJIUzI1NiJ9',
      'hunter2-pw',
      'jane.doe@example.com',
      '10.20.3.14',
      'abcd1234secret',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('postgres://litellm:[REDACTED]@db.internal:5432/litellm');
    expect(out).toContain('Bearer [REDACTED]');
  });

  it('keeps what a switched-off rule would remove', () => {
    const out = redact('from 10.0.0.1 by a@b.io', { ...DEFAULT_REDACTION, ipAddresses: false });
    expect(out).toBe('from 10.0.0.1 by [EMAIL]');
  });

  it('leaves ordinary LiteLLM messages readable', () => {
    const message =
      'litellm.RateLimitError: AzureException - retry after 20 seconds. Received Model Group=gpt-4o';
    expect(redact(message)).toBe(message);
  });
});
