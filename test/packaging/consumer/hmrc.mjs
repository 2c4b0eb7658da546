// @fph-kit/hmrc as installed, against a loopback stand-in for HMRC's sandbox that speaks its
// documented formats: OAuth client credentials at /oauth/token, then the Test API's validate
// endpoint answering for the request's own Gov-* headers (judged by @fph-kit/validator).
import { createServer } from 'node:http';
import { createTestApiClient, HMRC_ACCEPT } from '@fph-kit/hmrc';
import { validate } from '@fph-kit/validator';

const seen = [];
const server = createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8').on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    seen.push({ method: req.method, path: req.url, accept: req.headers.accept });
    const json = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'POST' && req.url === '/oauth/token') {
      const form = new URLSearchParams(body);
      if (form.get('grant_type') !== 'client_credentials' || form.get('client_secret') !== 's3cret')
        return json(401, {
          code: 'INVALID_CREDENTIALS',
          message: 'Invalid Authentication information provided',
        });
      return json(200, { access_token: 'token-1', token_type: 'bearer', expires_in: 14400 });
    }
    if (req.url === '/test/fraud-prevention-headers/validate') {
      if (req.headers.authorization !== 'Bearer token-1')
        return json(401, {
          code: 'INVALID_CREDENTIALS',
          message: 'Invalid Authentication information provided',
        });
      const govHeaders = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith('gov-')),
      );
      return json(200, validate(govHeaders).report);
    }
    return json(404, {
      code: 'MATCHING_RESOURCE_NOT_FOUND',
      message: 'A resource with the name in the request cannot be found in the API',
    });
  });
});
server.listen(0, '127.0.0.1', async () => {
  const client = createTestApiClient({
    baseUrl: `http://127.0.0.1:${server.address().port}`,
    clientId: 'fph-kit-consumer',
    clientSecret: 's3cret',
  });
  const result = await client.validate({
    'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
    'Gov-Client-Timezone': 'Europe/London',
  });
  console.log(JSON.stringify({ accept: HMRC_ACCEPT, result, seen }));
  server.close();
});
