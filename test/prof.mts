import { cleanSet, NOW } from '@fph-kit/test-support/clean-sets';
import { validate } from '@fph-kit/validator';

const S = cleanSet('WEB_APP_VIA_SERVER');
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 4000) {
  for (let i = 0; i < 1000; i++) validate(S, { now: NOW });
  n += 1000;
}
console.log('ops/s', Math.round(n / 4));
