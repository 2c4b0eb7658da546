import { HEADERS, type HeaderInput, toHeaderMap } from '@fph-kit/spec';

/**
 * A header set as the validator reads it: each header of the catalogue in a slot, unknown Gov-*
 * headers aside, and the order the Gov-* headers came in. Names are case-insensitive.
 */
export interface HeaderSet {
  /** Value of each catalogue header by its index in HEADERS (undefined when absent). */
  values: (string | undefined)[];
  /** How many times each catalogue header appeared. */
  counts: number[];
  /** Gov-* headers in the order given: an index into HEADERS, or -1 - index into `unknown`. */
  order: number[];
  /** Gov-* headers the spec does not define, Gov-Test-Scenario included, as [lower-case name, value]. */
  unknown: [string, string][];
  /** Value of Gov-Test-Scenario, when given. */
  testScenario: string | undefined;
}

const HEADER_INDEX_BY_NAME: ReadonlyMap<string, number> = new Map(
  HEADERS.map((h, i) => [h.name as string, i]),
);
export const HEADER_INDEX_BY_KEY: ReadonlyMap<string, number> = new Map(
  HEADERS.map((h, i) => [h.key, i]),
);

/** A zero count per catalogue header, copied for each set (a copy is quicker than a fill). */
const NO_COUNTS: readonly number[] = HEADERS.map(() => 0);

function emptySet(): HeaderSet {
  return {
    values: new Array<string | undefined>(HEADERS.length),
    counts: NO_COUNTS.slice(),
    order: [],
    unknown: [],
    testScenario: undefined,
  };
}

function isPlainRecord(input: unknown): input is Record<string, unknown> {
  if (typeof input !== 'object' || input === null) return false;
  const proto = Object.getPrototypeOf(input);
  return proto === Object.prototype || proto === null;
}

/**
 * Fast path for the common input, a plain object of string values with each header once: no
 * lower-casing of canonical names, no intermediate map. Undefined when the general path is needed.
 */
function fromRecord(input: Record<string, unknown>): HeaderSet | undefined {
  const set = emptySet();
  for (const name in input) {
    const value = input[name];
    if (typeof value !== 'string') {
      if (value === undefined) continue;
      return undefined;
    }
    let index = HEADER_INDEX_BY_NAME.get(name);
    if (index === undefined) {
      const c = name.charCodeAt(0);
      if (c !== 0x47 && c !== 0x67) continue; // not Gov-*: cheap exit for other headers
      index = HEADER_INDEX_BY_KEY.get(name.toLowerCase());
    }
    if (index === undefined) {
      const key = name.toLowerCase();
      if (!key.startsWith('gov-')) continue;
      if (set.unknown.some(([k]) => k === key)) return undefined;
      if (key === 'gov-test-scenario') set.testScenario = value;
      set.order.push(-1 - set.unknown.length);
      set.unknown.push([key, value]);
      continue;
    }
    if (set.counts[index]! > 0) return undefined;
    set.values[index] = value;
    set.counts[index] = 1;
    set.order.push(index);
  }
  return set;
}

/** Reads any header input: a plain object, a Fetch `Headers`, Node's `req.headers`, or pairs. */
export function readHeaderSet(input: HeaderInput): HeaderSet {
  if (isPlainRecord(input)) {
    const fast = fromRecord(input);
    if (fast) return fast;
  }
  const set = emptySet();
  for (const [key, entry] of toHeaderMap(input)) {
    if (!key.startsWith('gov-')) continue;
    if (key === 'gov-test-scenario') set.testScenario = entry.value;
    const index = HEADER_INDEX_BY_KEY.get(key);
    if (index === undefined) {
      set.order.push(-1 - set.unknown.length);
      set.unknown.push([key, entry.value]);
      continue;
    }
    set.values[index] = entry.value;
    set.counts[index] = entry.count;
    set.order.push(index);
  }
  return set;
}
