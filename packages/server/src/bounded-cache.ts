/** A map that forgets its oldest entry once it holds `limit` of them. */
export class BoundedCache<T> {
  private readonly map = new Map<string, T>();
  constructor(private readonly limit = 2000) {}

  get(key: string): T | undefined {
    return this.map.get(key);
  }

  set(key: string, verdict: T): void {
    if (this.map.size >= this.limit) {
      const oldest = this.map.keys().next();
      if (!oldest.done) this.map.delete(oldest.value);
    }
    this.map.set(key, verdict);
  }

  get size(): number {
    return this.map.size;
  }
}

/** The longest value whose verdict is cached, in characters. */
const MAX_CACHED_VALUE = 1024;

/**
 * Verdicts on single client values (null: it passes; else the problem message), per header, kept
 * for values seen recently: a client sends the same device ID, screens and user agent on every
 * request. Bounded per header, oldest out first.
 */
export class VerdictCache {
  private readonly byName = new Map<string, BoundedCache<string | null>>();
  constructor(private readonly limitPerName = 500) {}

  get(name: string, value: string): string | null | undefined {
    return this.byName.get(name)?.get(value);
  }

  set(name: string, value: string, verdict: string | null): void {
    // Long values are judged again each time rather than held: memory stays small (at most
    // 500 values of 1,024 characters per header) whatever clients send.
    if (value.length > MAX_CACHED_VALUE) return;
    let cache = this.byName.get(name);
    if (!cache) {
      cache = new BoundedCache(this.limitPerName);
      this.byName.set(name, cache);
    }
    cache.set(value, verdict);
  }
}
