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
 * The Gov-* headers as parallel lists (lower-case name, name as given, value, count): no object
 * per header unless a cache miss needs the map, and two requests compare value by value.
 */
class GovList {
  keys: string[] = [];
  names: string[] = [];
  values: string[] = [];
  counts: number[] = [];
  /** True when a name had capitals: names may then repeat in another case, and are merged. */
  private mixed = false;

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
    this.keys.push(key);
    this.names.push(name);
    this.values.push(value);
    this.counts.push(count);
  }

  /** The list, with names that differ only in case merged as HTTP joins repeated headers. */
  done(): GovList {
    if (!this.mixed) return this;
    const map = new Map<string, HeaderEntry>();
    for (let i = 0; i < this.keys.length; i++) {
      const existing = map.get(this.keys[i]!);
      if (existing) {
        existing.value = `${existing.value}, ${this.values[i]}`;
        existing.count += this.counts[i]!;
      } else {
        map.set(this.keys[i]!, {
          name: this.names[i]!,
          value: this.values[i]!,
          count: this.counts[i]!,
        });
      }
    }
    const merged = new GovList();
    for (const [key, entry] of map) merged.addEntry(key, entry);
    return merged;
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
    if (this.map === undefined) {
      const { keys, names, values, counts } = this.list;
      this.map = new Map();
      for (let i = 0; i < keys.length; i++)
        this.map.set(keys[i]!, { name: names[i]!, value: values[i]!, count: counts[i]! });
    }
    return this.map;
  }

  get govKeyLength(): number {
    const { keys, values } = this.list;
    let length = 0;
    for (let i = 0; i < keys.length; i++) length += keys[i]!.length + values[i]!.length + 2;
    return length;
  }

  get govKey(): string {
    if (this.key === undefined) {
      const { keys, values } = this.list;
      let key = '';
      for (let i = 0; i < keys.length; i++) key += `${keys[i]}\u0000${values[i]}\u0001`;
      this.key = key;
    }
    return this.key;
  }

  sameGov(other: RequestHeaders): boolean {
    if (!(other instanceof Picked)) return false;
    const a = this.list;
    const b = other.list;
    const n = a.keys.length;
    if (n !== b.keys.length) return false;
    for (let i = 0; i < n; i++) {
      if (a.values[i] !== b.values[i] || a.keys[i] !== b.keys[i] || a.counts[i] !== b.counts[i])
        return false;
    }
    return true;
  }

  get(name: string): string | undefined {
    return this.other.get(name)?.value;
  }
}
