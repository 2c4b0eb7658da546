import { readPort } from '@fph-kit/spec';
import { rule } from '../rules.js';
import type { Check } from './check.js';

/** Gov-Client-Public-Port: 1 to 65535, and not a server's port. */

const PORT = 'gov-client-public-port';
const PORT_INVALID = rule('client-public-port.invalid');
const PORT_SERVER = rule('client-public-port.server-port');
const PORT_WELL_KNOWN = rule('client-public-port.well-known');

export const publicPort: Check = (value, run) => {
  const port = readPort(value);
  if (port === 0) {
    run.hit(PORT_INVALID, PORT, value);
  } else if (port === 80 || port === 443) {
    run.hit(PORT_SERVER, PORT, value);
  } else if (port < 1024) {
    run.hit(PORT_WELL_KNOWN, PORT, value);
  }
};
