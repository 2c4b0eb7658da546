import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_METHODS, type ConnectionMethod } from '@fph-kit/spec';
import { parse } from 'yaml';

/**
 * Reads HMRC's own material beside the project: the spec v3.3 ERB sources (rendered per connection
 * method, so each method gets the examples its page shows) and the Test API's OpenAPI document.
 */

export const SHARED = join(import.meta.dirname, '../../../shared/spec');
const SPEC_DIR = join(SHARED, 'hmrc-fph-v3.3/connection-method');

type Env = Record<string, unknown>;

/** Translates the few Ruby expressions the partials use into JavaScript. */
function toJs(ruby: string): string {
  return ruby
    .replaceAll('locals.has_key?(:connection_method)', '(m !== undefined)')
    .replaceAll('locals[:connection_method]', 'm')
    .replaceAll('.end_with?(', '.endsWith(')
    .replaceAll('.start_with?(', '.startsWith(')
    .replaceAll('.include?(', '.includes(');
}

function evaluate(expression: string, method: string | undefined, env: Env): unknown {
  // Partials only compare the method and read variables they assigned; `with` exposes those.
  const fn = new Function('m', 'env', `with (env) { return (${toJs(expression)}); }`) as (
    m: string | undefined,
    env: Env,
  ) => unknown;
  return fn(method, env);
}

/** Renders one partial the way the spec site does for a connection method (or none). */
export function renderPartial(source: string, method: string | undefined): string {
  const env: Env = {};
  let out = '';
  // Each frame: whether this branch is being output, and whether an earlier branch already was.
  const stack: { active: boolean; taken: boolean; parent: boolean }[] = [];
  const active = (): boolean => stack.every((f) => f.active);
  const parts = source.split(/(<%=?[\s\S]*?%>)/);
  for (const part of parts) {
    const tag = /^<%(=?)([\s\S]*?)%>$/.exec(part);
    if (!tag) {
      if (active()) out += part;
      continue;
    }
    const [, print, body] = tag;
    const code = body!.trim();
    if (print) {
      if (active()) out += String(evaluate(code, method, env));
    } else if (code.startsWith('if ')) {
      const parent = active();
      const value = parent && Boolean(evaluate(code.slice(3), method, env));
      stack.push({ active: value, taken: value, parent });
    } else if (code.startsWith('elsif ')) {
      const frame = stack.at(-1)!;
      const value = frame.parent && !frame.taken && Boolean(evaluate(code.slice(6), method, env));
      frame.active = value;
      frame.taken ||= value;
    } else if (code === 'else') {
      const frame = stack.at(-1)!;
      frame.active = frame.parent && !frame.taken;
      frame.taken = true;
    } else if (code === 'end') {
      stack.pop();
    } else if (/^[a-z_]+ = /.test(code)) {
      const eq = code.indexOf(' = ');
      if (active()) env[code.slice(0, eq)] = evaluate(code.slice(eq + 3), method, env);
    } else {
      throw new Error(`unsupported ERB: ${code}`);
    }
  }
  return out;
}

function unescapeHtml(text: string): string {
  return text.replaceAll('&amp;', '&').replaceAll('&lt;', '<').replaceAll('&gt;', '>');
}

/** For each connection method, header name to the example values its page shows, page order. */
export function examplesByMethod(): Map<ConnectionMethod, Map<string, string[]>> {
  const result = new Map<ConnectionMethod, Map<string, string[]>>();
  for (const method of CONNECTION_METHODS) {
    const slug = method.toLowerCase().replaceAll('_', '-');
    const page = readFileSync(join(SPEC_DIR, slug, 'index.html.md.erb'), 'utf8');
    const examples = new Map<string, string[]>();
    const calls = page.matchAll(
      /partial 'connection-method\/partials\/([a-z-]+)'(?:, :locals => \{ :connection_method => '([A-Z_]+)' \})?/g,
    );
    for (const [, partial, local] of calls) {
      const source = readFileSync(join(SPEC_DIR, 'partials', `${partial}.erb`), 'utf8');
      const html = renderPartial(source, local);
      for (const m of html.matchAll(/<pre><code>(Gov-[A-Za-z-]+): ([^<]*)<\/code><\/pre>/g)) {
        const list = examples.get(m[1]!) ?? [];
        list.push(unescapeHtml(m[2]!));
        examples.set(m[1]!, list);
      }
    }
    result.set(method, examples);
  }
  return result;
}

/** The connection-method folders of the spec (to check none is left out). */
export function specMethodFolders(): string[] {
  return readdirSync(SPEC_DIR).filter((d) => !d.includes('.') && d !== 'partials');
}

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is navigated by path
export function openApi(): any {
  return parse(readFileSync(join(SHARED, 'txm-fph-validator-api-1.0.yaml'), 'utf8'));
}
