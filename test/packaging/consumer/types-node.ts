// A Node consumer's TypeScript: every library's types as installed, Express's through
// @types/express (the optional peer dependency of @fph-kit/server). Each @ts-expect-error proves
// the types are real: were any of them `any`, the directive itself would be an error.
import { createTestApiClient, type ValidateResult } from '@fph-kit/hmrc';
import { type Collector, createCollector } from '@fph-kit/node';
import { createAssembler, createFphMiddleware } from '@fph-kit/server';
import { type ConnectionMethod, formatScreens } from '@fph-kit/spec';
import { type ValidationResult, validate } from '@fph-kit/validator';
import { createValidatorService, type ValidatorService } from '@fph-kit/validator-service';
import express from 'express';

const method: ConnectionMethod = 'DESKTOP_APP_DIRECT';
const result: ValidationResult = validate({ 'Gov-Client-Connection-Method': method });
export const code: 'VALID_HEADERS' | 'POTENTIALLY_INVALID_HEADERS' | 'INVALID_HEADERS' =
  result.report.code;
// @ts-expect-error validate takes a header map
validate(42);
export const screens: string = formatScreens([
  { width: 1920, height: 1080, scalingFactor: 1, colourDepth: 24 },
]);

const collector: Collector = createCollector({ connectionMethod: 'BATCH_PROCESS_DIRECT' });
export const headers: Promise<Record<string, string>> = collector.headers();
// @ts-expect-error the web method is the browser collector's
createCollector({ connectionMethod: 'WEB_APP_VIA_SERVER', unknownOption: true });

const app = express();
app.post(
  '/api/returns',
  createFphMiddleware({
    connectionMethod: 'WEB_APP_VIA_SERVER',
    productName: 'Acme Tax',
    versions: { 'acme-api': '3.8.0' },
    vendorPublicIp: '52.56.10.20',
  }),
  (req, res) => {
    const assembled: Record<string, string> = req.fph.headers();
    res.json(assembled);
  },
);
export const assembler = createAssembler({
  connectionMethod: 'OTHER_VIA_SERVER',
  productName: 'Acme Batch',
  versions: { 'acme-api': '3.8.0' },
  vendorPublicIp: '52.56.10.20',
});

const client = createTestApiClient({ clientId: 'id', clientSecret: 'secret' });
export const answer: Promise<ValidateResult> = client.validate({
  'Gov-Client-Timezone': 'UTC+00:00',
});
// @ts-expect-error credentials or a bearer token, not both
createTestApiClient({ clientId: 'id', clientSecret: 'secret', bearerToken: 'token' });

const service: ValidatorService = createValidatorService({ port: 0, upstream: false });
export const mounted: express.Express = service.app;
