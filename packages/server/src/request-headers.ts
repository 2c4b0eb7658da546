import { type HeaderEntry, type HeaderInput, toHeaderMap } from '@fph-kit/spec';

/** The request headers the assembler reads: the Gov-* ones, and the few others it asks for. */
export interface RequestHeaders {
  /** Gov-* headers by lower-case name (the name as given kept in each entry). */
  gov: Map<string, HeaderEntry>;
  /** Every Gov-* name and value in order, as one string: equal for requests with equal values. */
  readonly govKey: string;
  /** The length `govKey` has, without building it. */
  readonly govKeyLength: number;
  /**
   * True when the Gov-* headers are those of `other`, name for name and value for value, in
   * the same order: compared without building either key.
   */
  sameGov(other: RequestHeaders): boolean;
  /** The `wanted` headers' values in order, as one string, likewise. */
  otherKey: string;
  /** Another header by lower-case name, when it is among those asked for. */
  get(lowerName: string): string | undefined;
}

function add(map: Map<string, HeaderEntry>, key: string, name: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string' && !map.has(key)) {
    map.set(key, { name, value, count: 1 });
    return;
  }
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  const existing = map.get(key);
  if (existing) {
    existing.value = [existing.value, ...values].join(', ');
    existing.count += values.length;
  } else {
    map.set(key, { name, value: values.join(', '), count: values.length });
  }
}

/** `gov-` in any letter case, without allocating. */
function isGovPrefix(name: string): boolean {
  return (
    name.length > 4 &&
    (name.charCodeAt(0) | 0x20) === 0x67 &&
    (name.charCodeAt(1) | 0x20) === 0x6f &&
    (name.charCodeAt(2) | 0x20) === 0x76 &&
    name.charCodeAt(3) === 0x2d
  );
}

/**
 * Picks the Gov-* headers and the `wanted` others out of a request's headers. A plain object (as
 * Node's `req.headers`) is read in one pass without copying the rest; any other shape goes
 * through `toHeaderMap` first. Repeated names are joined with `, ` as HTTP does.
 */
export function readRequestHeaders(
  input: HeaderInput | null | undefined,
  wanted: ReadonlySet<string>,
): RequestHeaders {
  const gov = new Map<string, HeaderEntry>();
  const other = new Map<string, HeaderEntry>();
  if (input !== null && input !== undefined && typeof input === 'object') {
    const proto = Object.getPrototypeOf(input) as unknown;
    if ((proto === Object.prototype || proto === null) && !Array.isArray(input)) {
      const record = input as Readonly<Record<string, unknown>>;
      for (const name in record) {
        if (isGovPrefix(name)) add(gov, name.toLowerCase(), name, record[name]);
        else {
          const key = name.toLowerCase();
          if (wanted.has(key)) add(other, key, name, record[name]);
        }
      }
    } else {
      for (const [key, entry] of toHeaderMap(input)) {
        if (isGovPrefix(key)) gov.set(key, entry);
        else if (wanted.has(key)) other.set(key, entry);
      }
    }
  }
  return new Picked(gov, other, keyOf(other));
}

/** Names and values joined with separators no header holds (NUL and SOH). */
function keyOf(map: ReadonlyMap<string, HeaderEntry>): string {
  let key = '';
  for (const [name, entry] of map) key += `${name}\u0000${entry.value}\u0001`;
  return key;
}

class Picked implements RequestHeaders {
  private key: string | undefined;
  constructor(
    readonly gov: Map<string, HeaderEntry>,
    private readonly other: Map<string, HeaderEntry>,
    readonly otherKey: string,
  ) {}

  get govKeyLength(): number {
    let length = 0;
    for (const [name, entry] of this.gov) length += name.length + entry.value.length + 2;
    return length;
  }

  get govKey(): string {
    this.key ??= keyOf(this.gov);
    return this.key;
  }

  sameGov(other: RequestHeaders): boolean {
    const a = this.gov;
    const b = other.gov;
    if (a.size !== b.size) return false;
    const theirs = b.entries();
    for (const [name, entry] of a) {
      const next = theirs.next();
      if (next.done || next.value[0] !== name || next.value[1].value !== entry.value) return false;
    }
    return true;
  }

  get(name: string): string | undefined {
    return this.other.get(name)?.value;
  }
}
