import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linkModules, loadAssets } from './assets.js';

/** Served names as `name.<hash>.js`, from a hash of the body as served. */
function served(sources: Record<string, string>, entry = 'app.js') {
  const names = new Map<string, string>();
  const bodies = linkModules(
    entry,
    (name) => {
      const source = sources[name];
      if (source === undefined) throw new Error(`no module ${name}`);
      return source;
    },
    (name, body) => {
      const file = `${name.slice(0, -3)}.${createHash('sha256').update(body).digest('hex').slice(0, 8)}.js`;
      names.set(name, file);
      return file;
    },
  );
  return { names, bodies: new Map([...bodies].map(([name, body]) => [name, body.toString()])) };
}

describe("the page's ES modules", () => {
  const sources = {
    'app.js': 'import { el } from \'./dom.js\';\nimport * as api from "./api.js";\nel(api);\n',
    'api.js': "import { el } from './dom.js';\nexport const api = el;\n",
    'dom.js': 'export const el = () => 1;\n',
  };

  it('rewrites each import to the served name of the imported module, modules before importers', () => {
    const { names, bodies } = served(sources);
    expect([...bodies.keys()]).toEqual(['dom.js', 'api.js', 'app.js']);
    expect(bodies.get('app.js')).toBe(
      `import { el } from './${names.get('dom.js')}';\nimport * as api from "./${names.get('api.js')}";\nel(api);\n`,
    );
    expect(bodies.get('api.js')).toContain(`from './${names.get('dom.js')}'`);
    expect(bodies.get('dom.js')).toBe(sources['dom.js']);
  });

  it('renames every module that imports a changed module, directly or not', () => {
    const before = served(sources).names;
    const after = served({ ...sources, 'dom.js': 'export const el = () => 2;\n' }).names;
    for (const name of ['dom.js', 'api.js', 'app.js']) {
      expect(after.get(name), name).not.toBe(before.get(name));
    }
    const unchanged = served({ ...sources, 'app.js': `${sources['app.js']}// more\n` }).names;
    expect(unchanged.get('dom.js')).toBe(before.get('dom.js'));
    expect(unchanged.get('api.js')).toBe(before.get('api.js'));
  });

  it('refuses a cycle of imports, naming it', () => {
    expect(() =>
      served({ ...sources, 'dom.js': "import { api } from './api.js';\nexport const el = api;\n" }),
    ).toThrow(
      "the page's modules import each other in a cycle: app.js -> dom.js -> api.js -> dom.js",
    );
  });

  it('serves every module of public/ as JavaScript under a hashed name, imports resolving', () => {
    const assets = loadAssets({});
    const publicModules = readdirSync(new URL('../public/', import.meta.url)).filter((f) =>
      f.endsWith('.js'),
    );
    expect(publicModules.sort()).toEqual([
      'api.js',
      'app.js',
      'dom.js',
      'gateway.js',
      'render.js',
      'this-browser.js',
    ]);
    for (const name of publicModules) {
      const url = assets.urls[name];
      expect(url, name).toMatch(new RegExp(`^/assets/${name.slice(0, -3)}\\.[\\w-]{12}\\.js$`));
      const asset = assets.files.get(url!)!;
      expect(asset.type).toBe('text/javascript; charset=utf-8');
      const body = asset.body.toString();
      expect(body).not.toMatch(/from '\.\/[a-z-]+\.js'/);
      for (const [, file] of body.matchAll(/from '\.\/([^']+)'/g)) {
        expect(assets.files.has(`/assets/${file}`), `${name} imports ${file}`).toBe(true);
      }
    }
    expect(assets.indexHtml).toContain(`<script type="module" src="${assets.urls['app.js']}">`);
  });
});
