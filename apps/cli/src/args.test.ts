import { runCaptured } from '@fph-kit/test-support/cli-run';
import { describe, expect, it } from 'vitest';
import { likelyMeant } from './args.js';
import { runCli } from './cli.js';
import { COMMANDS } from './command-list.js';

/** A usage error: exit 2, nothing on stdout, exactly `line` on stderr (one line, no stack). */
async function refused(argv: string[], line: string): Promise<void> {
  const run = await runCaptured(runCli, argv, { stdinTty: true });
  expect(run.stderr).toBe(`${line}\n`);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
}

describe('a mistyped option, for every command', () => {
  it('fph validate --formt: the option named, the one meant, where to look', async () => {
    await refused(
      ['validate', 'headers.txt', '--formt', 'json'],
      'fph: validate: unknown option --formt (did you mean --format?); see fph validate --help',
    );
  });

  const typos: [string, string, string][] = [
    ['compare', '--formt', '--format'],
    ['feedback', '--servce', '--service'],
    ['feedback', '--tokn-file', '--token-file'],
    ['collect', '--explian', '--explain'],
    ['collect', '--product', '--product-name'],
    ['serve', '--prot', '--port'],
    ['serve', '--upstraem', '--upstream'],
    ['validate', '--connection-methd', '--connection-method'],
    ['validate', '--Strict', '--strict'],
    ['explain', '--fromat', '--format'],
  ];
  for (const [command, typo, meant] of typos) {
    it(`fph ${command} ${typo}`, async () => {
      await refused(
        [command, typo],
        `fph: ${command}: unknown option ${typo} (did you mean ${meant}?); see fph ${command} --help`,
      );
    });
  }

  it('a long name after one dash reads as one option, not a group of letters', async () => {
    await refused(
      ['validate', '-format', 'json'],
      'fph: validate: unknown option -format (did you mean --format?); see fph validate --help',
    );
  });

  it('an option nothing resembles is named without a guess', async () => {
    await refused(
      ['collect', '--zzzzzz'],
      'fph: collect: unknown option --zzzzzz; see fph collect --help',
    );
    await refused(['validate', '-x'], 'fph: validate: unknown option -x; see fph validate --help');
  });

  it('control characters in what was typed are shown escaped', async () => {
    await refused(
      ['validate', '--for\u001b[2Jmat'],
      'fph: validate: unknown option --for\\u001b[2Jmat; see fph validate --help',
    );
  });
});

describe('other option mistakes, named', () => {
  it('a value missing at the end, with the shape it takes', async () => {
    await refused(
      ['validate', '--format'],
      'fph: validate: --format needs a value (json|text); see fph validate --help',
    );
    await refused(
      ['feedback', 'vat-mtd', '--service'],
      'fph: feedback: --service needs a value (URL); see fph feedback --help',
    );
    await refused(
      ['serve', '--port'],
      'fph: serve: --port needs a value (N); see fph serve --help',
    );
  });

  it('an option where a value should be', async () => {
    await refused(
      ['validate', '--format', '--strict'],
      "fph: validate: --format needs a value, but --strict follows it (for a value that starts with '-', write --format=--strict); see fph validate --help",
    );
  });

  it('a value given to a switch', async () => {
    await refused(
      ['validate', '--strict=yes'],
      'fph: validate: --strict takes no value (got --strict=yes); see fph validate --help',
    );
  });

  it('a single value given twice (nothing is silently dropped)', async () => {
    await refused(
      ['validate', '--format', 'json', '--format', 'text'],
      "fph: validate: --format is given twice ('json', then 'text'); give it once; see fph validate --help",
    );
    await refused(
      ['collect', '--product-name', 'a', '--product-name', 'b'],
      "fph: collect: --product-name is given twice ('a', then 'b'); give it once; see fph collect --help",
    );
  });

  it('arguments a command does not take', async () => {
    await refused(
      ['collect', 'stray'],
      "fph: collect: unexpected argument 'stray' (collect takes no arguments); see fph collect --help",
    );
    await refused(
      ['validate', 'a.json', 'b.json'],
      "fph: validate: one input at a time, got 2: 'a.json', 'b.json'; see fph validate --help",
    );
    await refused(
      ['compare', 'a.json', 'b.json'],
      "fph: compare: one input at a time, got 2: 'a.json', 'b.json'; see fph compare --help",
    );
    await refused(
      ['feedback', 'vat-mtd', 'self-assessment-individual-details-mtd'],
      "fph: feedback: one API at a time, got 2: 'vat-mtd', 'self-assessment-individual-details-mtd'; see fph feedback --help",
    );
  });

  it('a value that starts with a dash is still taken when written with =', async () => {
    const run = await runCaptured(runCli, ['validate', '--format=-x'], { stdinTty: true });
    expect(run.stderr).toBe(
      "fph: validate: --format must be text or json, got '-x'; see fph validate --help\n",
    );
    expect(run.status).toBe(2);
  });

  it('a mistyped command', async () => {
    await refused(
      ['valdate'],
      "fph: unknown command 'valdate' (did you mean validate?). Commands: validate, compare, feedback, explain, collect, serve; see fph --help",
    );
  });
});

describe('--help', () => {
  it('fph --help lists every command with one line', async () => {
    const run = await runCaptured(runCli, ['--help']);
    expect(run.status).toBe(0);
    for (const [name, entry] of Object.entries(COMMANDS))
      expect(run.stdout).toContain(`\n  ${name.padEnd(8)}  ${entry.summary}\n`);
  });

  it('fph with no command prints the same and exits 2', async () => {
    const run = await runCaptured(runCli, []);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe((await runCaptured(runCli, ['--help'])).stdout);
  });

  for (const name of Object.keys(COMMANDS)) {
    it(`fph ${name} --help: every option on one line, and examples`, async () => {
      const run = await runCaptured(runCli, [name, '--help']);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^fph ${name}: `));
      const lines = run.stdout.split('\n');
      const options = lines.slice(
        lines.indexOf('Options:') + 1,
        lines.indexOf('', lines.indexOf('Options:')),
      );
      expect(options.length).toBeGreaterThan(1);
      // One line each: every line of the block starts with an option.
      for (const line of options) expect(line).toMatch(/^ {2}(-\w, )?--[a-z-]+/);
      expect(options.at(-1)).toMatch(/^ {2}-h, --help +this help$/);
      const examples = lines.slice(lines.indexOf('Examples:') + 1).filter((l) => l !== '');
      expect(examples.length).toBeGreaterThan(0);
      for (const line of examples) expect(line).toMatch(new RegExp(`fph ${name}\\b`));
      // Same text through `fph help <command>`.
      expect((await runCaptured(runCli, ['help', name])).stdout).toBe(run.stdout);
    });
  }
});

describe('likelyMeant', () => {
  it('finds a close spelling, a unique beginning, or nothing', () => {
    const names = ['format', 'strict', 'connection-method'];
    expect(likelyMeant('formt', names)).toBe('format');
    expect(likelyMeant('FORMAT', names)).toBe('format');
    expect(likelyMeant('conn', names)).toBe('connection-method');
    expect(likelyMeant('sx', names)).toBeUndefined();
    expect(likelyMeant('verbose', names)).toBeUndefined();
  });
});
