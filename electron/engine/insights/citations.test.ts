import { describe, expect, it } from 'vitest';
import { citationNote, findCitations } from './citations.ts';

describe('citations of an LLM answer', () => {
  it('finds pattern ids and request ids however they are written', () => {
    const md = [
      'Most errors are P1 and P3 (see request_id=chatcmpl-8f2c1a9e-aaaa).',
      'Also request ids `emb-1234abcd-99`, `r-000042` and 3f9b2c4e-1d2a-4b5c-9e8f-0123456789ab.',
      'The request id was not logged; the PostgreSQL docs say nothing.',
    ].join('\n');
    const found = findCitations(md);
    expect(found.patterns).toEqual([1, 3]);
    expect(new Set(found.requestIds)).toEqual(
      new Set([
        'chatcmpl-8f2c1a9e-aaaa',
        'emb-1234abcd-99',
        'r-000042',
        '3f9b2c4e-1d2a-4b5c-9e8f-0123456789ab',
      ]),
    );
  });

  it('flags what is not in the data and nothing else', async () => {
    const looked: string[] = [];
    const check = {
      patternsListed: 4,
      knownRequestIds: new Set(['chatcmpl-known-0001']),
      exists: async (id: string) => {
        looked.push(id);
        return id === 'chatcmpl-in-db-0002';
      },
    };
    expect(await citationNote('P1 and P4, request_id=chatcmpl-known-0001', check)).toBeNull();
    expect(looked).toEqual([]);
    const note = await citationNote(
      'P2, P9; request ids chatcmpl-in-db-0002 and chatcmpl-invented-0003',
      check,
    );
    expect(note).toContain('P9 (the data has P1–P4)');
    expect(note).toContain('`chatcmpl-invented-0003`');
    expect(note).not.toContain('chatcmpl-in-db-0002');
    expect(note).not.toMatch(/P2\b/);
  });
});
