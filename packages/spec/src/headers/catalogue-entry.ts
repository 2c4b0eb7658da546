import type { HeaderDefinition, HeaderName, Supplier, ValueKind } from '../headers.js';

/**
 * A header's catalogue entry, built in the header's own module next to its grammar. Apart from
 * `headers.ts`, which imports those modules to assemble `HEADERS`, so neither imports the other at
 * runtime. Pure: a bundle that takes only a formatter leaves the entries out. esbuild reads
 * `@__NO_SIDE_EFFECTS__` only within this file, so each call is also marked `@__PURE__`.
 */
/* @__NO_SIDE_EFFECTS__ */
export function def(
  name: HeaderName,
  kind: ValueKind,
  supplier: Supplier,
  summary: string,
  extra: Partial<Pick<HeaderDefinition, 'requiredKeys' | 'timestampOf' | 'status'>> = {},
): HeaderDefinition {
  const key = name.toLowerCase();
  return { name, key, kind, supplier, anchor: key, status: 'current', summary, ...extra };
}
