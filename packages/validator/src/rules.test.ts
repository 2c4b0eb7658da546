import {
  CONNECTION_METHODS,
  type ConnectionMethod,
  HEADERS,
  type HeaderInput,
  requirementsFor,
} from '@fph-kit/spec';
import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { describe, expect, it } from 'vitest';
import { RULES, ruleHeaderId } from './rules.js';
import type { ValidateOptions } from './types.js';
import { validate } from './validate.js';

/**
 * One trigger per rule of the catalogue: a clean set with one change that must make exactly that
 * rule fire. The last test checks the table covers every rule, so no rule goes untested.
 */

interface Trigger {
  /** Changes to the clean set: a value, or null to remove the header. */
  change?: Record<string, string | null>;
  method?: ConnectionMethod;
  options?: ValidateOptions;
  /** For inputs a record cannot express (repeated headers). */
  input?: () => HeaderInput;
}

function apply(trigger: Trigger): HeaderInput {
  if (trigger.input) return trigger.input();
  const set: Record<string, string> = cleanSet(trigger.method ?? 'WEB_APP_VIA_SERVER');
  for (const [name, value] of Object.entries(trigger.change ?? {})) {
    if (value === null) delete set[name];
    else set[name] = value;
  }
  return set;
}

const DESKTOP: ConnectionMethod = 'DESKTOP_APP_VIA_SERVER';
const clientIpSet = (ip: string): Record<string, string> => ({
  'Gov-Client-Public-IP': ip,
  'Gov-Vendor-Forwarded': `by=51.140.12.7&for=${encodeURIComponent(ip)}`,
});
const vendorIpSet = (ip: string): Record<string, string> => ({
  'Gov-Vendor-Public-IP': ip,
  'Gov-Vendor-Forwarded': `by=${encodeURIComponent(ip)}&for=81.2.69.142`,
});
const hour = 3_600_000;
const iso = (offset: number): string => new Date(NOW.getTime() + offset).toISOString();

const TRIGGERS: Record<string, Trigger> = {
  'set.no-headers': { input: () => ({ Accept: 'application/json' }) },
  'any.unexpected': { change: { 'Gov-Client-Colour': 'blue' } },
  'any.retired': { change: { 'Gov-Client-Browser-Do-Not-Track': 'false' } },
  'any.not-required': { change: { 'Gov-Client-MAC-Addresses': 'a4%3A83%3Ae7%3A2b%3A4c%3A19' } },
  'any.not-an-issue': { change: { 'Gov-Client-Local-IPs': '192.168.1.23' } },
  'any.test-scenario': { change: { 'Gov-Test-Scenario': 'DEFAULT' } },
  'any.repeated': {
    input: () => [...Object.entries(cleanSet()), ['gov-client-timezone', 'UTC+00:00']],
  },
  'any.placeholder': { change: { 'Gov-Client-User-IDs': 'acme-books=undefined' } },
  'any.spec-example': {
    change: { 'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce' },
  },
  'any.not-utf8': { change: { 'Gov-Vendor-Product-Name': 'Acme%FFBooks' } },
  'any.too-large': { change: { 'Gov-Client-User-IDs': `acme-books=${'j'.repeat(9000)}` } },
  'set.too-large': {
    change: {
      'Gov-Client-User-IDs': `acme-books=${'j'.repeat(8000)}`,
      'Gov-Vendor-License-IDs': `acme-books=${'a1'.repeat(4000)}`,
    },
  },

  'client-connection-method.invalid': { change: { 'Gov-Client-Connection-Method': 'WEB_APP' } },
  'client-connection-method.mismatch': { options: { connectionMethod: 'OTHER_VIA_SERVER' } },

  'client-browser-js-user-agent.not-ascii': {
    change: { 'Gov-Client-Browser-JS-User-Agent': 'Mozilla/5.0 (Windows NT 10.0) Gécko' },
  },
  'client-browser-js-user-agent.percent-encoded': {
    change: { 'Gov-Client-Browser-JS-User-Agent': 'Mozilla%2F5.0%20(Windows%20NT%2010.0)' },
  },
  'client-browser-js-user-agent.headless': {
    change: {
      'Gov-Client-Browser-JS-User-Agent':
        'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    },
  },
  'client-browser-js-user-agent.not-a-browser': {
    change: { 'Gov-Client-Browser-JS-User-Agent': 'curl/8.4.0' },
  },

  'client-device-id.not-uuid': {
    change: { 'Gov-Client-Device-ID': '3f2a6c1e8d4b4f7a9c2e5b1d7e9a0c34' },
  },
  'client-device-id.too-short': { change: { 'Gov-Client-Device-ID': 'device-1234' } },
  'client-device-id.email': { change: { 'Gov-Client-Device-ID': 'j.smith@example.co.uk' } },
  'client-device-id.nil-uuid': {
    change: { 'Gov-Client-Device-ID': '00000000-0000-0000-0000-000000000000' },
  },

  'client-public-ip.not-ip': { change: { 'Gov-Client-Public-IP': '81.2.69' } },
  'client-public-ip.not-public': { change: { 'Gov-Client-Public-IP': '192.168.0.10' } },
  'client-public-ip.documentation-address': { change: clientIpSet('198.51.100.23') },
  'client-public-ip.not-routable': { change: clientIpSet('100.64.3.9') },
  'vendor-public-ip.not-ip': { change: { 'Gov-Vendor-Public-IP': 'api.example.co.uk' } },
  'vendor-public-ip.not-public': { change: { 'Gov-Vendor-Public-IP': '10.1.0.4' } },
  'vendor-public-ip.documentation-address': { change: vendorIpSet('2001:db8::4') },
  'vendor-public-ip.not-routable': { change: vendorIpSet('240.0.0.9') },
  'vendor-public-ip.same-as-client': {
    change: {
      'Gov-Vendor-Public-IP': '81.2.69.142',
      'Gov-Vendor-Forwarded': 'by=81.2.69.142&for=81.2.69.142',
    },
  },

  'vendor-forwarded.not-ip': {
    change: { 'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142,by=proxy&for=51.140.12.7' },
  },
  'vendor-forwarded.not-public': {
    change: {
      'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142,by=10.0.0.5&for=51.140.12.7',
    },
  },
  'vendor-forwarded.documentation-address': {
    change: {
      'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142,by=203.0.113.6&for=51.140.12.7',
    },
  },
  'vendor-forwarded.not-routable': {
    change: {
      'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142,by=100.64.0.1&for=51.140.12.7',
    },
  },
  'vendor-forwarded.by-missing': { change: { 'Gov-Vendor-Forwarded': 'for=81.2.69.142' } },
  'vendor-forwarded.for-missing': { change: { 'Gov-Vendor-Forwarded': 'by=51.140.12.7' } },
  'vendor-forwarded.no-matching-pair': {
    change: { 'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.143' },
  },
  'vendor-forwarded.first-hop': {
    change: {
      'Gov-Vendor-Forwarded': 'by=18.130.4.4&for=51.140.12.7,by=51.140.12.7&for=81.2.69.142',
    },
  },
  'vendor-forwarded.chain-broken': {
    change: {
      'Gov-Vendor-Forwarded': 'by=51.140.12.7&for=81.2.69.142,by=18.130.4.4&for=35.176.1.1',
    },
  },

  'client-local-ips.not-ip': { method: DESKTOP, change: { 'Gov-Client-Local-IPs': 'localhost' } },
  'client-local-ips.not-local': {
    method: DESKTOP,
    change: { 'Gov-Client-Local-IPs': '192.168.1.23,81.2.69.142' },
  },
  'client-local-ips.loopback-only': {
    method: DESKTOP,
    change: { 'Gov-Client-Local-IPs': '127.0.0.1,%3A%3A1' },
  },
  'client-local-ips.not-interface-address': {
    method: DESKTOP,
    change: { 'Gov-Client-Local-IPs': '192.168.1.23,0.0.0.0' },
  },
  'client-mac-addresses.not-mac': {
    method: DESKTOP,
    change: { 'Gov-Client-MAC-Addresses': 'a4%3A83%3Ae7' },
  },
  'client-mac-addresses.zero': {
    method: DESKTOP,
    change: {
      'Gov-Client-MAC-Addresses': 'a4%3A83%3Ae7%3A2b%3A4c%3A19,00%3A00%3A00%3A00%3A00%3A00',
    },
  },

  'client-multi-factor.type-missing': {
    change: { 'Gov-Client-Multi-Factor': 'timestamp=2026-11-23T09%3A58Z&unique-reference=5e8848' },
  },
  'client-multi-factor.timestamp-missing': {
    change: { 'Gov-Client-Multi-Factor': 'type=TOTP&unique-reference=5e8848' },
  },
  'client-multi-factor.unique-reference-missing': {
    change: { 'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2026-11-23T09%3A58Z' },
  },
  'client-multi-factor.type-invalid': {
    change: {
      'Gov-Client-Multi-Factor': 'type=SMS&timestamp=2026-11-23T09%3A58Z&unique-reference=5e8848',
    },
  },
  'client-multi-factor.timestamp-invalid': {
    change: {
      'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=23%2F11%2F2026&unique-reference=5e8848',
    },
  },
  'client-multi-factor.timestamp-future': {
    change: {
      'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2026-11-24T09%3A58Z&unique-reference=5e8848',
    },
  },
  'client-multi-factor.timestamp-stale': {
    change: {
      'Gov-Client-Multi-Factor': 'type=TOTP&timestamp=2026-01-05T09%3A58Z&unique-reference=5e8848',
    },
  },
  'client-multi-factor.unhashed-reference': {
    change: {
      'Gov-Client-Multi-Factor':
        'type=AUTH_CODE&timestamp=2026-11-23T09%3A58Z&unique-reference=%2B447700900123',
    },
  },

  'client-public-port.invalid': { change: { 'Gov-Client-Public-Port': '070000' } },
  'client-public-port.server-port': { change: { 'Gov-Client-Public-Port': '80' } },
  'client-public-port.well-known': { change: { 'Gov-Client-Public-Port': '22' } },

  'client-screens.implausible': {
    change: { 'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=240' },
  },
  'client-window-size.width-missing': { change: { 'Gov-Client-Window-Size': 'height=731' } },
  'client-window-size.height-missing': {
    change: { 'Gov-Client-Window-Size': 'width=1536&height=' },
  },
  'client-window-size.width-invalid': {
    change: { 'Gov-Client-Window-Size': 'width=1536px&height=731' },
  },
  'client-window-size.height-invalid': {
    change: { 'Gov-Client-Window-Size': 'width=1536&height=-731' },
  },
  'client-window-size.larger-than-screens': {
    change: { 'Gov-Client-Window-Size': 'width=3000&height=731' },
  },

  'client-timezone.invalid': { change: { 'Gov-Client-Timezone': 'GMT' } },
  'client-timezone.unused-offset': { change: { 'Gov-Client-Timezone': 'UTC+02:20' } },
  'client-timezone.minus-zero': { change: { 'Gov-Client-Timezone': 'UTC-00:00' } },

  'client-user-agent.os-family-missing': {
    method: DESKTOP,
    change: { 'Gov-Client-User-Agent': 'os-version=11&device-manufacturer=Lenovo&device-model=X1' },
  },
  'client-user-agent.os-version-missing': {
    method: DESKTOP,
    change: {
      'Gov-Client-User-Agent': 'os-family=Windows&device-manufacturer=Lenovo&device-model=X1',
    },
  },
  'client-user-agent.device-manufacturer-missing': {
    method: DESKTOP,
    change: {
      'Gov-Client-User-Agent':
        'os-family=Windows&os-version=11&device-manufacturer=&device-model=X1',
    },
  },
  'client-user-agent.device-model-missing': {
    method: DESKTOP,
    change: {
      'Gov-Client-User-Agent': 'os-family=Windows&os-version=11&device-manufacturer=Lenovo',
    },
  },

  'client-user-ids.os-not-expected': {
    change: { 'Gov-Client-User-IDs': 'os=jsmith&acme-books=jsmith' },
  },
  'client-user-ids.os-missing': {
    method: DESKTOP,
    change: { 'Gov-Client-User-IDs': 'acme-books=jsmith' },
  },
  'client-user-ids.no-value': { change: { 'Gov-Client-User-IDs': 'acme-books=' } },

  'vendor-license-ids.value-missing': { change: { 'Gov-Vendor-License-IDs': 'acme-books=' } },
  'vendor-license-ids.not-hashed': {
    change: { 'Gov-Vendor-License-IDs': 'acme-books=ABC-123-XYZ' },
  },
  'vendor-product-name.not-percent-encoded': {
    change: { 'Gov-Vendor-Product-Name': 'Acme Books' },
  },
  'vendor-version.version-missing': { change: { 'Gov-Vendor-Version': 'acme-books-web=' } },
  'vendor-version.too-few-versions': {
    method: DESKTOP,
    change: { 'Gov-Vendor-Version': 'acme-books-desktop=4.12.0' },
  },
};

// Timestamp headers share their rules.
for (const [header, method] of [
  ['Gov-Client-Local-IPs-Timestamp', DESKTOP],
  ['Gov-Client-Public-IP-Timestamp', 'WEB_APP_VIA_SERVER'],
] as const) {
  const id = ruleHeaderId(header.toLowerCase());
  TRIGGERS[`${id}.no-milliseconds`] = { method, change: { [header]: '2026-11-23T09:59:58.61Z' } };
  TRIGGERS[`${id}.invalid`] = { method, change: { [header]: '2026-11-23 09:59:58.611' } };
  TRIGGERS[`${id}.stale`] = { method, change: { [header]: iso(-3 * hour) } };
  TRIGGERS[`${id}.future`] = { method, change: { [header]: iso(hour) } };
}

// Screens: each key missing and invalid.
const SCREEN = { width: '1920', height: '1080', 'scaling-factor': '1', 'colour-depth': '24' };
for (const key of Object.keys(SCREEN) as (keyof typeof SCREEN)[]) {
  const without = Object.entries(SCREEN).filter(([k]) => k !== key);
  TRIGGERS[`client-screens.${key}-missing`] = {
    change: { 'Gov-Client-Screens': without.map(([k, v]) => `${k}=${v}`).join('&') },
  };
  TRIGGERS[`client-screens.${key}-invalid`] = {
    change: {
      'Gov-Client-Screens': Object.entries({ ...SCREEN, [key]: '-2' })
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
    },
  };
}

/** A method that requires the header, preferring the web app. */
function methodFor(name: string): ConnectionMethod {
  return CONNECTION_METHODS.find((m) => requirementsFor(m).required.some((h) => h === name))!;
}

// Presence, encoding and structure rules of every header, generated from its clean value.
for (const h of HEADERS) {
  if (h.status !== 'current') continue;
  const id = ruleHeaderId(h.key);
  const method = methodFor(h.name);
  const clean = cleanSet(method)[h.name]!;
  TRIGGERS[`${id}.missing`] ??= { method, change: { [h.name]: null } };
  TRIGGERS[`${id}.empty`] ??= { method, change: { [h.name]: '' } };
  const firstCut = clean.search(/[&,]/);
  const withRawSpace =
    firstCut < 0 ? `${clean} x` : `${clean.slice(0, firstCut)} x${clean.slice(firstCut)}`;
  if (h.kind === 'list') {
    TRIGGERS[`${id}.not-percent-encoded`] = { method, change: { [h.name]: withRawSpace } };
    TRIGGERS[`${id}.encoded-separator`] = {
      method,
      change: { [h.name]: `${clean}%2C${clean}` },
    };
    TRIGGERS[`${id}.empty-item`] = { method, change: { [h.name]: `${clean},` } };
  } else if (h.kind === 'key-value' || h.kind === 'key-value-list') {
    const firstPair = clean.split(/[&,]/)[0]!;
    TRIGGERS[`${id}.not-percent-encoded`] = { method, change: { [h.name]: withRawSpace } };
    TRIGGERS[`${id}.encoded-separator`] = {
      method,
      change: { [h.name]: clean.replace('=', '%3D') },
    };
    TRIGGERS[`${id}.not-key-value`] = { method, change: { [h.name]: clean.replaceAll('=', ':') } };
    TRIGGERS[`${id}.duplicate-key`] = {
      method,
      change: {
        [h.name]:
          firstCut >= 0 && clean[firstCut] === ','
            ? `${clean.slice(0, firstCut)}&${firstPair}${clean.slice(firstCut)}`
            : `${clean}&${firstPair}`,
      },
    };
    if (h.kind === 'key-value-list') {
      TRIGGERS[`${id}.empty-item`] = { method, change: { [h.name]: `${clean},,${clean}` } };
    }
  }
}

describe('the clean fixture sets', () => {
  for (const method of CONNECTION_METHODS) {
    it(`${method}: no finding at all`, () => {
      const result = validate(cleanSet(method), { now: NOW });
      expect(result.findings).toEqual([]);
      expect(result.report.code).toBe('VALID_HEADERS');
    });
  }
});

describe('each rule fires on its trigger', () => {
  for (const rule of RULES) {
    const trigger = TRIGGERS[rule.id];
    if (!trigger) continue;
    it(`${rule.id} (${rule.severity})`, () => {
      const result = validate(apply(trigger), { now: NOW, ...trigger.options });
      const hit = result.findings.find((f) => f.rule === rule.id);
      expect(hit, JSON.stringify(result.findings.map((f) => f.rule))).toBeDefined();
      expect(hit!.severity).toBe(rule.severity);
      expect(hit!.message).toBe(rule.message);
      expect(hit!.hint).toBe(rule.hint);
      if (rule.id === 'set.no-headers') {
        expect(result.report).toEqual({
          specVersion: '3.3',
          code: 'INVALID_HEADERS',
          message: rule.message,
        });
      } else if (rule.severity === 'error' || rule.severity === 'warning') {
        const issues = rule.severity === 'error' ? result.report.errors : result.report.warnings;
        expect(issues?.some((i) => i.code === rule.code && i.message === rule.message)).toBe(true);
      } else {
        expect(result.advisories).toContainEqual(hit);
      }
    });
  }

  it('the table has a trigger for every rule of the catalogue', () => {
    const missing = RULES.map((r) => r.id).filter((id) => !TRIGGERS[id]);
    expect(missing).toEqual([]);
    const unknown = Object.keys(TRIGGERS).filter((id) => !RULES.some((r) => r.id === id));
    expect(unknown).toEqual([]);
  });
});
