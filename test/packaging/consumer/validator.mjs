// @fph-kit/validator as installed: HMRC's verdict on a valid set and on a broken one.
import { validate } from '@fph-kit/validator';

const valid = {
  'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
  'Gov-Client-Device-ID': '3f2a6c1e-8d4b-4f7a-9c2e-5b1d7e9a0c34',
  'Gov-Client-Local-IPs': '10.0.4.17',
  'Gov-Client-Local-IPs-Timestamp': '2026-11-23T09:59:58.611Z',
  'Gov-Client-MAC-Addresses': 'a4%3A83%3Ae7%3A2b%3A4c%3A19',
  'Gov-Client-Timezone': 'UTC+00:00',
  'Gov-Client-User-Agent':
    'os-family=Linux&os-version=6.1&device-manufacturer=Dell%20Inc.&device-model=PowerEdge%20R650',
  'Gov-Client-User-IDs': 'os=svc-vat&acme-books=batch',
  'Gov-Vendor-License-IDs':
    'acme-books=3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b',
  'Gov-Vendor-Product-Name': 'Acme%20Books',
  'Gov-Vendor-Version': 'acme-books-batch=4.12.0',
};
const now = new Date('2026-11-23T10:00:00.000Z');
const ok = validate(valid, { now });
const broken = validate({ ...valid, 'Gov-Client-Timezone': 'Europe/London' }, { now });
console.log(JSON.stringify({ valid: ok.report, broken: broken.report }));
