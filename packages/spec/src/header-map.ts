/**
 * Header sets arrive in many shapes (a plain object from JSON or Node's `req.headers`, a Fetch
 * `Headers`, pairs from a HAR file). This folds them into one case-insensitive map.
 */

export type HeaderInput =
  | Readonly<Record<string, string | readonly string[] | number | undefined>>
  | Iterable<readonly [string, string]>
  | { forEach(callback: (value: string, name: string) => void): void };

export interface HeaderEntry {
  /** The name as first given (letter case kept). */
  name: string;
  /** The value; repeated headers are joined with `, ` as HTTP does. */
  value: string;
  /** How many times the header appeared (more than 1 means it was repeated). */
  count: number;
}

/** Lower-case name to entry. Non-string values (numbers from Node's header objects) become strings. */
export function toHeaderMap(input: HeaderInput): Map<string, HeaderEntry> {
  const map = new Map<string, HeaderEntry>();
  const add = (name: string, value: unknown): void => {
    if (value === undefined || value === null) return;
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    const key = name.toLowerCase();
    const existing = map.get(key);
    if (existing) {
      existing.value = [existing.value, ...values].join(', ');
      existing.count += values.length;
    } else {
      map.set(key, { name, value: values.join(', '), count: values.length });
    }
  };
  if (typeof (input as { forEach?: unknown }).forEach === 'function' && !Array.isArray(input)) {
    (input as { forEach(cb: (v: string, k: string) => void): void }).forEach((v, k) => {
      add(k, v);
    });
  } else if (Symbol.iterator in (input as object)) {
    for (const [k, v] of input as Iterable<readonly [string, string]>) add(k, v);
  } else {
    for (const [k, v] of Object.entries(input as Record<string, unknown>)) add(k, v);
  }
  return map;
}
