import { readFileSync } from 'node:fs';
import { CONNECTION_METHODS, type HeaderName, requirementsFor } from '@fph-kit/spec';
import { describe, expect, it } from 'vitest';

/** The "What each method must send" table of docs/connection-methods.md agrees with the spec's code. */
describe('docs/connection-methods.md', () => {
  const text = readFileSync(new URL('../../docs/connection-methods.md', import.meta.url), 'utf8');
  const section = text.slice(text.indexOf('## What each method must send'));
  const rows = section
    .slice(0, section.indexOf('\n\n', section.indexOf('| header')))
    .split('\n')
    .filter((line) => line.startsWith('| Gov-'));

  it('lists, per method, exactly the headers the spec requires', () => {
    expect(rows.length).toBeGreaterThan(10);
    const listed = new Map<string, Set<string>>(CONNECTION_METHODS.map((m) => [m, new Set()]));
    for (const row of rows) {
      const [names, ...marks] = row
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      const headers = (names ?? '')
        .split(',')
        .map((n) => n.trim())
        .flatMap((n) => {
          const extra = /^(\S+) \(\+ (-\S+)\)$/.exec(n);
          return extra ? [extra[1]!, `${extra[1]}${extra[2]!.slice(extra[2]!.indexOf('-'))}`] : [n];
        });
      marks.forEach((mark, i) => {
        if (mark === 'x') for (const h of headers) listed.get(CONNECTION_METHODS[i]!)!.add(h);
      });
    }
    for (const method of CONNECTION_METHODS) {
      const required = [...requirementsFor(method).required].sort();
      expect([...listed.get(method)!].sort() as HeaderName[], method).toEqual(required);
    }
  });
});
