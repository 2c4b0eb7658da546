// @fph-kit/node as installed: this machine's headers, the device ID in a file of the project.
import { createCollector } from '@fph-kit/node';

const collector = createCollector({
  connectionMethod: 'BATCH_PROCESS_DIRECT',
  productName: 'Acme Books',
  versions: { 'acme-books-batch': '4.12.0' },
  userIds: { 'acme-books': 'batch' },
  deviceId: { path: new URL('./device-id', import.meta.url).pathname },
});
const first = await collector.headers();
const second = await collector.headers();
console.log(JSON.stringify({ first, second, warnings: collector.warnings.map((w) => w.code) }));
