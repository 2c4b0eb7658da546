import { percentDecode } from '@fph-kit/spec';
import { rule } from '../rules.js';
import type { Check } from './check.js';

/** Gov-Vendor-Product-Name: percent-encoded UTF-8. */

const PN = 'gov-vendor-product-name';
const PN_NOT_ENCODED = rule('vendor-product-name.not-percent-encoded');
const NOT_UTF8 = rule('any.not-utf8');

export const productName: Check = (value, run) => {
  for (const p of percentDecode(value).problems) {
    if (p.code === 'INVALID_UTF8') run.hit(NOT_UTF8, PN, value, p.message);
    else run.hit(PN_NOT_ENCODED, PN, value, p.message);
  }
};
