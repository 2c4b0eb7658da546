// @fph-kit/spec as installed: format values, read them back, look up a method's requirements.
import {
  formatScreens,
  formatTimezone,
  formatUserIds,
  parseScreens,
  requirementsFor,
  SPEC_VERSION,
} from '@fph-kit/spec';

const screens = formatScreens([
  { width: 1920, height: 1080, scalingFactor: 1.25, colourDepth: 24 },
]);
console.log(
  JSON.stringify({
    specVersion: SPEC_VERSION,
    screens,
    parsed: parseScreens(screens),
    timezone: formatTimezone(-150),
    userIds: formatUserIds({ 'my app': 'alice@example.com' }),
    required: requirementsFor('BATCH_PROCESS_DIRECT').required,
  }),
);
