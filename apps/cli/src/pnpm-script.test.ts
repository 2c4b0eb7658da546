import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's in-repository command, `pnpm -s fph <command>`, run exactly so: an ordinary
 * "invalid" verdict must end with the report, not with pnpm's ELIFECYCLE line, which reads like
 * a crash. Without `-s`, pnpm adds that line (shown here so the check above cannot pass vacuously).
 */

const ROOT = join(import.meta.dirname, '../../..');
const INVALID = 'apps/cli/src/commands/validate-fixtures/devtools-copy.txt';

function pnpm(args: string[]) {
  const run = spawnSync('pnpm', args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, error: run.error };
}

describe('pnpm -s fph, as the README shows it', () => {
  it('an invalid set: the report, exit 1, and no ELIFECYCLE line', () => {
    const run = pnpm(['-s', 'fph', 'validate', INVALID]);
    expect(run.error).toBeUndefined();
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /\nINVALID_HEADERS \(WEB_APP_VIA_SERVER\): 3 errors, 1 warning, 1 advisory\n$/,
    );
    expect(run.stderr).toBe('');
    expect(`${run.stdout}${run.stderr}`).not.toContain('ELIFECYCLE');
  });

  it('a usage error: one fph line, exit 2, and no ELIFECYCLE line', () => {
    const run = pnpm(['-s', 'fph', 'validate', INVALID, '--formt', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'fph: validate: unknown option --formt (did you mean --format?); see fph validate --help\n',
    );
  });

  it('without -s, pnpm adds its ELIFECYCLE line to the same verdict', () => {
    const run = pnpm(['fph', 'validate', INVALID]);
    expect(run.status).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain('ELIFECYCLE');
  });
});
