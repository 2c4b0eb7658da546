// CommonJS consumers: Node 20.19+ loads the ES module packages through require(). Prints what
// the server assembles for a direct client connection and the validator's verdict on it, and how
// many exports each package named on the command line gives require().
const { validate } = require('@fph-kit/validator');
const { createAssembler } = require('@fph-kit/server');

const assembler = createAssembler({
  connectionMethod: 'OTHER_VIA_SERVER',
  productName: 'Acme Batch',
  versions: { 'acme-api': '3.8.0' },
  vendorPublicIp: '52.56.10.20',
});
assembler
  .assemble({
    remoteAddress: '81.2.69.160',
    remotePort: 53012,
    headers: { 'gov-client-device-id': 'eb6e4a76-99d9-4373-b8f6-db32ab08ac9b' },
    receivedAt: Date.now(),
  })
  .then(({ headers }) => {
    const loaded = Object.fromEntries(
      process.argv.slice(2).map((name) => [name, Object.keys(require(name)).length]),
    );
    console.log(JSON.stringify({ headers, report: validate(headers).report, loaded }));
  });
