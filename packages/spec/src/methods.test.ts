import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHeader, HEADERS, isGovHeaderName } from './headers.js';
import { CONNECTION_METHODS, requirementsFor, specUrl } from './methods.js';

const SPEC_DIR = join(
  import.meta.dirname,
  '../../../../shared/spec/hmrc-fph-v3.3/connection-method',
);

/** The headers a method's page lists, in order, read from its partial includes. */
function headersOnPage(slug: string): string[] {
  const text = readFileSync(join(SPEC_DIR, slug, 'index.html.md.erb'), 'utf8');
  return [...text.matchAll(/partials\/(gov-[a-z-]+)'/g)].map(
    (m) => findHeader(m[1]!)?.name ?? m[1]!,
  );
}

describe('connection-method matrix', () => {
  it('covers the eight methods of the spec', () => {
    const dirs = readdirSync(SPEC_DIR).filter((d) => !d.includes('.') && d !== 'partials');
    expect(CONNECTION_METHODS.map((m) => requirementsFor(m).slug).sort()).toEqual(dirs.sort());
  });

  for (const method of CONNECTION_METHODS) {
    it(`${method} requires exactly the headers its spec page lists, in order`, () => {
      const req = requirementsFor(method);
      expect(req.required).toEqual(headersOnPage(req.slug));
    });
  }

  it('matches the per-method details: os in User-IDs and Vendor-Version pairs', () => {
    const userIds = readFileSync(join(SPEC_DIR, 'partials/gov-client-user-ids.erb'), 'utf8');
    const noOs = /!\[([^\]]+)\]\.include\?/.exec(userIds)![1]!.match(/[A-Z_]+/g)!;
    const version = readFileSync(join(SPEC_DIR, 'partials/gov-vendor-version.erb'), 'utf8');
    const two = /requires_multiple_versions = \[([^\]]+)\]/.exec(version)![1]!.match(/[A-Z_]+/g)!;
    for (const method of CONNECTION_METHODS) {
      const req = requirementsFor(method);
      expect(req.userIdsOs).toBe(noOs.includes(method) ? 'not-expected' : 'expected');
      expect(req.minVendorVersionPairs).toBe(two.includes(method) ? 2 : 1);
    }
  });

  it('knows the headers the change log says are not an issue to send', () => {
    expect(requirementsFor('WEB_APP_VIA_SERVER').notAnIssue).toEqual([
      'Gov-Client-Local-IPs',
      'Gov-Client-Local-IPs-Timestamp',
      'Gov-Client-Browser-Plugins',
      'Gov-Client-Browser-Do-Not-Track',
    ]);
    expect(requirementsFor('MOBILE_APP_DIRECT').notAnIssue).toEqual(['Gov-Client-MAC-Addresses']);
    expect(requirementsFor('DESKTOP_APP_DIRECT').notAnIssue).toEqual([]);
  });

  it('links each header to its section of a method page', () => {
    expect(specUrl('gov-client-screens', 'WEB_APP_VIA_SERVER')).toBe(
      'https://developer.service.hmrc.gov.uk/guides/fraud-prevention/connection-method/web-app-via-server/#gov-client-screens',
    );
  });
});

describe('header catalogue', () => {
  it('has a partial in the spec for every current header', () => {
    const partials = readdirSync(join(SPEC_DIR, 'partials')).map((f) => f.replace('.erb', ''));
    const current = HEADERS.filter((h) => h.status === 'current').map((h) => h.anchor);
    expect(current.sort()).toEqual(partials.sort());
  });

  it('marks Browser-Plugins and Browser-Do-Not-Track as retired', () => {
    expect(HEADERS.filter((h) => h.status === 'retired').map((h) => h.name)).toEqual([
      'Gov-Client-Browser-Plugins',
      'Gov-Client-Browser-Do-Not-Track',
    ]);
  });

  it('finds headers in any letter case', () => {
    expect(findHeader('gov-client-PUBLIC-ip')?.name).toBe('Gov-Client-Public-IP');
    expect(findHeader('Gov-Client-Foo')).toBeUndefined();
  });

  it('treats every Gov-* name except Gov-Test-Scenario as part of the set', () => {
    expect(isGovHeaderName('Gov-Client-Foo')).toBe(true);
    expect(isGovHeaderName('gov-vendor-version')).toBe(true);
    expect(isGovHeaderName('Gov-Test-Scenario')).toBe(false);
    expect(isGovHeaderName('X-Gov-Client')).toBe(false);
  });
});
