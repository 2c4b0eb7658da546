import { CONNECTION_METHODS, HEADER_NAMES } from '@fph-kit/spec';
import { readHeaderSets, validate, validationFeedback } from '@fph-kit/validator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkResult } from '../fuzz/validator/invariants.ts';
import { examplesByMethod } from './spec-source.ts';

/**
 * Whatever arrives (random names, random values, broken encodings, every Unicode plane), the
 * validator answers with a well-formed report and never throws.
 */

const EXAMPLE_VALUES = [...examplesByMethod().values()].flatMap((m) => [...m.values()].flat());

const name = fc.oneof(
  fc.constantFrom(...HEADER_NAMES),
  fc.constantFrom(...HEADER_NAMES).map((n) => n.toLowerCase()),
  fc.constantFrom(...HEADER_NAMES).map((n) => n.toUpperCase()),
  fc.constantFrom('Gov-Test-Scenario', 'Gov-Client-Colour', 'gov-', 'Authorization', 'X-Gov'),
  fc.string({ minLength: 1, maxLength: 30 }),
);

/** Valid example values with random characters spliced in. */
const damaged = fc
  .tuple(fc.constantFrom(...EXAMPLE_VALUES), fc.nat(), fc.string({ unit: 'binary', maxLength: 4 }))
  .map(([value, at, junk]) => {
    const i = at % (value.length + 1);
    return value.slice(0, i) + junk + value.slice(i);
  });

const value = fc.oneof(
  fc.constantFrom(...EXAMPLE_VALUES),
  damaged,
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[a-z=&,%0-9.:-]{0,40}$/),
);

const headerMap = fc.dictionary(name, value, { maxKeys: 24 });
const options = fc.record(
  {
    connectionMethod: fc.constantFrom(...CONNECTION_METHODS),
    now: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
  },
  { requiredKeys: [] },
);

describe('random header sets', () => {
  it('always give a well-formed report, findings for every issue, and never throw', () => {
    fc.assert(
      fc.property(headerMap, options, (headers, opts) => {
        // Every invariant the million-set fuzz checks: schema, order, code, findings, advisories.
        checkResult(headers, opts, validate(headers, opts));
      }),
      { numRuns: 400 },
    );
  });

  it('give a report that does not depend on the time of validation (only advisories do)', () => {
    fc.assert(
      fc.property(headerMap, fc.date({ noInvalidDate: true }), (headers, now) => {
        expect(validate(headers, { now }).report).toEqual(validate(headers).report);
      }),
      { numRuns: 200 },
    );
  });

  it('give a feedback element consistent with the report', () => {
    fc.assert(
      fc.property(headerMap, (headers) => {
        const report = validate(headers).report;
        const feedback = validationFeedback(headers, { path: '/x', method: 'GET' });
        if (feedback.code !== 'NO_HEADERS') expect(feedback.code).toBe(report.code);
        for (const h of feedback.headers) {
          expect(Object.keys(h).filter((k) => k !== 'value')).toEqual([
            'header',
            'code',
            'errors',
            'warnings',
          ]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('arrive as pairs with repeated names and still validate', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 30 }), (pairs) => {
        checkResult(pairs, {}, validate(pairs));
      }),
      { numRuns: 200 },
    );
  });
});

describe('random input text', () => {
  it('is read as header sets or refused with a problem, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }),
          fc.json(),
          fc.dictionary(name, value).map((d) => JSON.stringify(d)),
          fc.array(fc.tuple(name, value)).map((p) => p.map(([n, v]) => `${n}: ${v}`).join('\n')),
        ),
        (input) => {
          const read = readHeaderSets(input);
          if (!read.ok) {
            expect(read.problem.message.length).toBeGreaterThan(0);
            return;
          }
          for (const set of read.sets) checkResult(set.headers, {}, validate(set.headers));
        },
      ),
      { numRuns: 400 },
    );
  });
});
