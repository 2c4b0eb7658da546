import { readFile } from 'node:fs/promises';

/** The version of the fph command, from its package.json. */
export async function cliVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
