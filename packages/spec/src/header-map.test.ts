import { describe, expect, it } from 'vitest';
import { toHeaderMap } from './header-map.js';

describe('toHeaderMap', () => {
  it('folds names case-insensitively and keeps the first spelling', () => {
    const map = toHeaderMap({ 'Gov-Client-Timezone': 'UTC+00:00', 'gov-client-device-id': 'x' });
    expect(map.get('gov-client-timezone')).toEqual({
      name: 'Gov-Client-Timezone',
      value: 'UTC+00:00',
      count: 1,
    });
    expect(map.has('gov-client-device-id')).toBe(true);
  });

  it('joins repeated headers as HTTP does and counts them', () => {
    const map = toHeaderMap([
      ['Gov-Client-Timezone', 'UTC+00:00'],
      ['GOV-CLIENT-TIMEZONE', 'UTC+01:00'],
    ]);
    expect(map.get('gov-client-timezone')).toEqual({
      name: 'Gov-Client-Timezone',
      value: 'UTC+00:00, UTC+01:00',
      count: 2,
    });
  });

  it('reads Fetch Headers, Maps and Node header objects with arrays and numbers', () => {
    const headers = new Headers({ 'Gov-Client-Public-Port': '12345' });
    expect(toHeaderMap(headers).get('gov-client-public-port')?.value).toBe('12345');
    expect(toHeaderMap(new Map([['A', 'b']])).get('a')?.value).toBe('b');
    const node = toHeaderMap({ 'set-cookie': ['a', 'b'], 'content-length': 5, skipped: undefined });
    expect(node.get('set-cookie')).toEqual({ name: 'set-cookie', value: 'a, b', count: 2 });
    expect(node.get('content-length')?.value).toBe('5');
    expect(node.has('skipped')).toBe(false);
  });
});
