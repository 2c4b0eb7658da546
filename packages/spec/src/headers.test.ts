import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HEADER_NAMES, HEADERS, type HeaderDefinition, type HeaderName } from './headers.js';

interface Entry {
  module: string;
  exportName: string;
  definition: HeaderDefinition;
  /** Names of the functions the module exports beside the entry. */
  functions: string[];
}

/** Every `*_HEADER` export of the header modules, with the module that holds it. */
async function catalogueEntries(): Promise<Entry[]> {
  const dir = new URL('./headers/', import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const entries: Entry[] = [];
  for (const file of files) {
    const exports: Record<string, unknown> = await import(new URL(file, dir).href);
    const functions = Object.keys(exports).filter((k) => typeof exports[k] === 'function');
    for (const [exportName, value] of Object.entries(exports)) {
      if (!exportName.endsWith('_HEADER')) continue;
      entries.push({
        module: file.replace(/\.ts$/, ''),
        exportName,
        definition: value as HeaderDefinition,
        functions,
      });
    }
  }
  return entries;
}

/** `Gov-Client-Screens` → `SCREENS_HEADER`, `Gov-Vendor-Version` → `VENDOR_VERSION_HEADER`. */
function exportNameOf(name: HeaderName): string {
  return `${name
    .replace(/^Gov-(Client-)?/, '')
    .replaceAll('-', '_')
    .toUpperCase()}_HEADER`;
}

describe('header catalogue modules', () => {
  it('hold exactly one entry for every header of HEADER_NAMES', async () => {
    const names = (await catalogueEntries()).map((e) => e.definition.name);
    expect([...names].sort()).toEqual([...HEADER_NAMES].sort());
  });

  it('are what HEADERS holds, in the order of HEADER_NAMES', async () => {
    expect(HEADERS.map((h) => h.name)).toEqual(HEADER_NAMES);
    for (const { definition } of await catalogueEntries()) {
      expect(HEADERS[HEADER_NAMES.indexOf(definition.name)]).toBe(definition);
    }
  });

  it('name each entry after its header', async () => {
    for (const { exportName, definition } of await catalogueEntries()) {
      expect(exportName).toBe(exportNameOf(definition.name));
      expect(definition.key).toBe(definition.name.toLowerCase());
    }
  });

  it("put each current header's entry beside its parser and formatter, retired ones apart", async () => {
    for (const { module, definition, functions } of await catalogueEntries()) {
      if (definition.status === 'retired') {
        expect(module).toBe('retired');
        continue;
      }
      expect(module).not.toBe('retired');
      expect(functions.some((f) => f.startsWith('parse'))).toBe(true);
      expect(functions.some((f) => f.startsWith('format'))).toBe(true);
    }
  });
});
