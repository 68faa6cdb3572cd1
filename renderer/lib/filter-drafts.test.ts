import { describe, expect, it } from 'vitest';
import { defaultFilters, MISSING_VALUE } from '../../shared/filters.ts';
import { withDrafts } from './filter-drafts.ts';

describe('withDrafts', () => {
  it('adds what is typed and not yet a chip, trimmed, the missing value by its label', () => {
    const f = { ...defaultFilters(), keyAliases: ['agent'] };
    const next = withDrafts(f, { keyAliases: ' support-bot ', teamAliases: '(no team alias)', models: '  ' });
    expect(next.keyAliases).toEqual(['agent', 'support-bot']);
    expect(next.teamAliases).toEqual([MISSING_VALUE]);
    expect(next.models).toEqual([]);
  });

  it('keeps the filters themselves when nothing new is pending', () => {
    const f = {
      ...defaultFilters(),
      keyAliases: ['agent'],
      exclude: { ...defaultFilters().exclude, models: ['gpt-4o'] },
    };
    expect(withDrafts(f, {})).toBe(f);
    expect(withDrafts(f, { keyAliases: 'agent', models: 'gpt-4o' })).toBe(f);
  });
});
