import { formatMultiFactor } from '@fph-kit/spec';
import { guard } from '../collector-options.js';
import type { Entry, PerRequest } from '../collector-types.js';

/** Gov-Client-Multi-Factor: the request's own statuses, else the option's (encoded at start). */
export function multiFactorEntry(per: PerRequest | undefined, option: string | undefined): Entry {
  if (per?.multiFactor !== undefined && per.multiFactor.length > 0) {
    const given = per.multiFactor;
    return {
      value: guard('INVALID_ARGUMENT', 'multiFactor', () => formatMultiFactor(given)),
      status: 'collected',
      source: 'the multiFactor values given for this request',
    };
  }
  if (option !== undefined) {
    return { value: option, status: 'collected', source: 'the multiFactor option' };
  }
  return {
    status: 'missing',
    source:
      'no multi-factor authentication given (multiFactor option or per request): HMRC warns about this header when users sign in with one factor',
  };
}
