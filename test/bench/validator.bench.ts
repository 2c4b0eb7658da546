import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { validate } from '@fph-kit/validator';
import { type Benchmark, medianOpsPerSecond } from './harness.ts';

/**
 * A complete, valid WEB_APP_VIA_SERVER set as a vendor's server would send it (the validator's
 * test fixture): realistic values rather than the spec's examples, which draw advisories; every
 * header once, canonical encoding, given as a plain object.
 */
const WEB_SET: Readonly<Record<string, string>> = cleanSet('WEB_APP_VIA_SERVER');

function validateWebSet(): unknown {
  return validate(WEB_SET, { now: NOW });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'validator',
    async run() {
      const check = validate(WEB_SET, { now: NOW });
      if (check.report.code !== 'VALID_HEADERS' || check.findings.length > 0) {
        throw new Error(
          `the bench header set is no longer clean: ${JSON.stringify(check.findings)}`,
        );
      }
      return [
        {
          name: 'validator.opsPerSec',
          value: medianOpsPerSecond(validateWebSet),
          unit: 'sets/s',
          target: { op: '>=', value: 100_000 },
          note: 'validate() of a complete valid WEB_APP_VIA_SERVER set (16 headers, plain object); median of 5 rounds, one core',
        },
      ];
    },
  },
];
