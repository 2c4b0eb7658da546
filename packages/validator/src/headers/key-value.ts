import { pairValue, requirementsFor, USER_AGENT_KEYS } from '@fph-kit/spec';
import { headerRule, rule } from '../rules.js';
import { readKeyValue } from '../structure.js';
import type { Check } from './check.js';

/**
 * The key-value headers of free names and values: Gov-Client-User-Agent, Gov-Client-User-IDs,
 * Gov-Vendor-License-IDs and Gov-Vendor-Version.
 */

const UA = 'gov-client-user-agent';
const UA_RULES = USER_AGENT_KEYS.map(([k]) => [k, rule(`client-user-agent.${k}-missing`)] as const);

export const userAgent: Check = (value, run) => {
  const structures = readKeyValue(value, UA, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  for (const [key, missing] of UA_RULES) if (!pairValue(pairs, key)) run.hit(missing, UA, value);
};

const UID = 'gov-client-user-ids';
const UID_OS_UNEXPECTED = rule('client-user-ids.os-not-expected');
const UID_OS_MISSING = rule('client-user-ids.os-missing');
const UID_NO_VALUE = rule('client-user-ids.no-value');

export const userIds: Check = (value, run) => {
  const structures = readKeyValue(value, UID, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  if (!pairs.some(([, v]) => v !== '')) run.hit(UID_NO_VALUE, UID, value);
  if (!run.method) return;
  const os = pairValue(pairs, 'os');
  if (run.method === 'WEB_APP_VIA_SERVER') {
    if (os !== undefined) run.hit(UID_OS_UNEXPECTED, UID, value);
  } else if (requirementsFor(run.method).userIdsOs === 'expected' && !os) {
    run.hit(UID_OS_MISSING, UID, value);
  }
};

const LIC = 'gov-vendor-license-ids';
const LIC_VALUE = rule('vendor-license-ids.value-missing');
const LIC_UNHASHED = rule('vendor-license-ids.not-hashed');
const HASHED = /^[0-9A-Fa-f]{32,}$|^[A-Za-z0-9+/_-]{22,}={0,2}$/;

export const licenseIds: Check = (value, run) => {
  const structures = readKeyValue(value, LIC, false, run);
  if (!structures) return;
  for (const [software, id] of structures[0]!) {
    if (id === '') run.hit(LIC_VALUE, LIC, value, `'${software}' has no value`);
    // The detail names the licence ID itself: that is what must be hashed, not the software's name.
    else if (!HASHED.test(id)) run.hit(LIC_UNHASHED, LIC, value, `'${id}' (for '${software}')`);
  }
};

const VV = 'gov-vendor-version';
const VV_MISSING = rule('vendor-version.version-missing');
const VV_TOO_FEW = rule('vendor-version.too-few-versions');

export const vendorVersion: Check = (value, run) => {
  const structures = readKeyValue(value, VV, false, run);
  if (!structures) return;
  const pairs = structures[0]!;
  for (const [software, version] of pairs) {
    // No version string holds '=' or '&': one decoded from %3D/%26 is a separator sent encoded.
    if (/[=&]/.test(version)) {
      run.hit(
        headerRule(VV, 'encoded-separator'),
        VV,
        value,
        `'${software}=${version}' holds an encoded separator`,
      );
      return;
    }
    if (version === '') run.hit(VV_MISSING, VV, value, `'${software}' has no version`);
  }
  if (run.method && pairs.length < requirementsFor(run.method).minVendorVersionPairs) {
    run.hit(VV_TOO_FEW, VV, value, `${pairs.length} pair for ${run.method}`);
  }
};
