import { runCaptured } from '@fph-kit/test-support/cli-run';
import { findRule, RULES } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli.js';

const fph = (...argv: string[]) => runCaptured(runCli, ['explain', ...argv]);

describe('fph explain', () => {
  it('a rule id: message, wording, fix and the spec section', async () => {
    const rule = findRule('client-screens.missing')!;
    const run = await fph('client-screens.missing', '--connection-method', 'WEB_APP_VIA_SERVER');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('client-screens.missing  error, reported as MISSING_HEADER');
    expect(run.stdout).toContain('  Header:   Gov-Client-Screens');
    expect(run.stdout).toContain(`  Message:  ${rule.message}`);
    expect(run.stdout).toContain(`  Fix:      ${rule.hint}`);
    expect(run.stdout).toContain(
      '  Spec:     https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/#gov-client-screens',
    );
  });

  it("a report code with a header picks the rule HMRC's answer meant", async () => {
    const run = await fph('MISSING_HEADER', 'Gov-Client-Public-Port', '--format', 'json');
    expect(run.status).toBe(0);
    const rules = JSON.parse(run.stdout) as { id: string; code: string; wording: string }[];
    expect(rules.map((r) => r.id)).toEqual(['client-public-port.missing']);
    expect(rules[0]!.code).toBe('MISSING_HEADER');
  });

  it('says whose wording a message is', async () => {
    const own = RULES.find((r) => r.wording === 'fph-kit')!;
    const run = await fph(own.id);
    expect(run.stdout).toContain(
      "  Wording:  fph-kit: HMRC's own words for this are not known; HMRC's answer may be worded differently",
    );
    const observed = RULES.find((r) => r.wording !== 'fph-kit')!;
    const json = JSON.parse((await fph(observed.id, '--format', 'json')).stdout) as {
      wording: string;
    }[];
    expect(json[0]!.wording).toBe(observed.wording);
  });

  it("a header name lists that header's rules, an advisory says HMRC does not report it", async () => {
    const run = await fph('gov-vendor-license-ids');
    expect(run.status).toBe(0);
    const count = RULES.filter((r) => r.header === 'gov-vendor-license-ids').length;
    expect(count).toBeGreaterThan(1);
    expect(run.stdout).toContain(`${count} rules (fph explain <rule> for one alone):`);
    expect(run.stdout).toContain("  Advisory: HMRC's Test API does not report this");
  });

  it('a code alone lists every rule reported with it', async () => {
    const run = await fph('empty_header', '--format', 'json');
    const ids = (JSON.parse(run.stdout) as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(RULES.filter((r) => r.code === 'EMPTY_HEADER').map((r) => r.id));
  });

  it('an unknown name is a usage error with the likely meant one', async () => {
    const run = await fph('client-screen.missing');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "fph: explain: no rule, code or header 'client-screen.missing' in the catalogue (did you mean client-screens.missing?); see fph explain --help\n",
    );
  });

  it('refuses a header it does not know, a missing argument and a wrong method', async () => {
    expect((await fph('MISSING_HEADER', 'Gov-Client-Screns')).stderr).toBe(
      "fph: explain: no header 'Gov-Client-Screns' in the catalogue (did you mean Gov-Client-Screens?); see fph explain --help\n",
    );
    const none = await fph();
    expect(none.status).toBe(2);
    expect(none.stderr).toBe(
      'fph: explain: give a rule id, a report code or a header name; see fph explain --help\n',
    );
    const method = await fph('client-screens.missing', '--connection-method', 'WEB_APP');
    expect(method.status).toBe(2);
    expect(method.stderr).toContain("fph: explain: unknown connection method 'WEB_APP'");
  });
});
