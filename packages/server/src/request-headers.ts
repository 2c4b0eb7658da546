import { type HeaderEntry, type HeaderInput, toHeaderMap } from '@fph-kit/spec';

/** The request headers the assembler reads: the Gov-* ones, and the few others it asks for. */
export interface RequestHeaders {
  /** Gov-* headers by lower-case name (the name as given kept in each entry). */
  readonly gov: Map<string, HeaderEntry>;
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
  const gov = new GovList();
  const other = new Map<string, HeaderEntry>();
  if (input !== null && input !== undefined && typeof input === 'object') {
    const proto = Object.getPrototypeOf(input) as unknown;
    if ((proto === Object.prototype || proto === null) && !Array.isArray(input)) {
      const record = input as Readonly<Record<string, unknown>>;
      for (const name in record) {
        if (isGovPrefix(name)) gov.add(name, record[name]);
        else {
          const key = name.toLowerCase();
          if (wanted.has(key)) add(other, key, name, record[name]);
        }
      }
    } else {
      for (const [key, entry] of toHeaderMap(input)) {
        if (isGovPrefix(key)) gov.addEntry(key, entry);
        else if (wanted.has(key)) other.set(key, entry);
      }
    }
  }
  return new Picked(gov.done(), other, keyOf(other));
}

/**
 * The Gov-* headers as one flat list of (lower-case name, name as given, value) triples, with
 * counts only when a header was repeated: no object per header unless a cache miss needs the
 * map, and two requests compare value by value.
 */
class GovList {
  /** key, name, value; key, name, value; ... */
  items: string[] = [];
  /** How many values each header joined, when any joined more than one. */
  counts: number[] | undefined;
  /** True when a name had capitals: names may then repeat in another case, and are merged. */
  private mixed = false;

  get size(): number {
    return this.items.length / 3;
  }

  count(i: number): number {
    return this.counts?.[i] ?? 1;
  }

  add(name: string, value: unknown): void {
    if (value === undefined || value === null) return;
    const key = name.toLowerCase();
    if (key !== name) this.mixed = true;
    if (typeof value === 'string') this.push(key, name, value, 1);
    else {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      this.push(key, name, values.join(', '), values.length);
    }
  }

  addEntry(key: string, entry: HeaderEntry): void {
    this.push(key, entry.name, entry.value, entry.count);
  }

  private push(key: string, name: string, value: string, count: number): void {
    if (count !== 1 && this.counts === undefined) this.counts = new Array(this.size).fill(1);
    this.counts?.push(count);
    this.items.push(key, name, value);
  }

  /** The list, with names that differ only in case merged as HTTP joins repeated headers. */
  done(): GovList {
    if (!this.mixed) return this;
    const merged = new GovList();
    for (const [key, entry] of this.toMap()) merged.addEntry(key, entry);
    return merged;
  }

  toMap(): Map<string, HeaderEntry> {
    const map = new Map<string, HeaderEntry>();
    const items = this.items;
    for (let i = 0; i < items.length; i += 3) {
      const count = this.count(i / 3);
      const existing = map.get(items[i]!);
      if (existing) {
        existing.value = `${existing.value}, ${items[i + 2]}`;
        existing.count += count;
      } else {
        map.set(items[i]!, { name: items[i + 1]!, value: items[i + 2]!, count });
      }
    }
    return map;
  }
}

/** Names and values joined with separators no header holds (NUL and SOH). */
function keyOf(map: ReadonlyMap<string, HeaderEntry>): string {
  let key = '';
  for (const [name, entry] of map) key += `${name}\u0000${entry.value}\u0001`;
  return key;
}

class Picked implements RequestHeaders {
  private key: string | undefined;
  private map: Map<string, HeaderEntry> | undefined;
  constructor(
    private readonly list: GovList,
    private readonly other: Map<string, HeaderEntry>,
    readonly otherKey: string,
  ) {}

  get gov(): Map<string, HeaderEntry> {
    this.map ??= this.list.toMap();
    return this.map;
  }

  get govKeyLength(): number {
    const items = this.list.items;
    let length = 0;
    for (let i = 0; i < items.length; i += 3) length += items[i]!.length + items[i + 2]!.length + 2;
    return length;
  }

  get govKey(): string {
    if (this.key === undefined) {
      const items = this.list.items;
      let key = '';
      for (let i = 0; i < items.length; i += 3) key += `${items[i]}\u0000${items[i + 2]}\u0001`;
      this.key = key;
    }
    return this.key;
  }

  sameGov(other: RequestHeaders): boolean {
    if (!(other instanceof Picked)) return false;
    const a = this.list;
    const b = other.list;
    const n = a.items.length;
    if (n !== b.items.length) return false;
    // Values first: they differ first when anything does.
    for (let i = 2; i < n; i += 3) if (a.items[i] !== b.items[i]) return false;
    for (let i = 0; i < n; i += 3) if (a.items[i] !== b.items[i]) return false;
    for (let i = 0; i < n / 3; i++) if (a.count(i) !== b.count(i)) return false;
    return true;
  }

  get(name: string): string | undefined {
    return this.other.get(name)?.value;
  }
}
