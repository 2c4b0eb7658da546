// @fph-kit/validator-service as installed, on port 0: its page with every asset (the page's own
// files and @fph-kit/browser's script-tag bundle), /healthz and the JSON API.
import { createValidatorService } from '@fph-kit/validator-service';

const service = createValidatorService({ port: 0, host: '127.0.0.1', upstream: false, log: false });
const { url } = await service.listen();
try {
  const page = await fetch(`${url}/`);
  const html = await page.text();
  const assets = [];
  for (const [, path] of html.matchAll(/(?:src|href|data-bundle)="(\/assets\/[^"]+)"/g)) {
    const response = await fetch(`${url}${path}`);
    const body = await response.text();
    assets.push({
      path,
      status: response.status,
      bytes: body.length,
      fphKit: body.includes('FphKit'),
    });
  }
  const healthz = await fetch(`${url}/healthz`);
  const validated = await fetch(`${url}/v1/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      headers: {
        'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
        'Gov-Client-Timezone': 'Europe/London',
      },
    }),
  });
  console.log(
    JSON.stringify({
      page: page.status,
      assets,
      healthz: { status: healthz.status, body: await healthz.text() },
      validate: { status: validated.status, body: await validated.json() },
    }),
  );
} finally {
  await service.close();
}
