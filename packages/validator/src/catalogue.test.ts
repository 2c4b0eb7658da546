import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_ISSUE_CODES, WARNING_ISSUE_CODES } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';
import { renderRuleCatalogue } from './catalogue.js';
import { RULES } from './rules.js';

describe('docs/rules.md', () => {
  it('is the catalogue as the code renders it (run `pnpm --filter @fph-kit/validator rules`)', () => {
    const file = readFileSync(join(import.meta.dirname, '../../../docs/rules.md'), 'utf8');
    expect(file).toBe(renderRuleCatalogue());
  });

  it('lists every rule once, with a message and a hint', () => {
    const text = renderRuleCatalogue();
    for (const rule of RULES) {
      expect(text).toContain(`| \`${rule.id}\` |`);
      expect(rule.message.length).toBeGreaterThan(0);
      expect(rule.hint.length).toBeGreaterThan(0);
    }
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('gives report rules a report code and advisories none', () => {
    for (const rule of RULES) {
      const reported = rule.severity === 'error' || rule.severity === 'warning';
      expect(rule.code !== undefined, rule.id).toBe(reported);
    }
  });

  it("gives error rules a code of HMRC's errors list and warning rules one of its warnings list", () => {
    for (const rule of RULES) {
      if (rule.severity === 'error') expect(ERROR_ISSUE_CODES, rule.id).toContain(rule.code);
      if (rule.severity === 'warning') expect(WARNING_ISSUE_CODES, rule.id).toContain(rule.code);
    }
  });
});
