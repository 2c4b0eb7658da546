export {
  createDemoApp,
  DEMO_DESKTOP_SOFTWARE,
  DEMO_LICENSED_SOFTWARE,
  DEMO_PRODUCT_NAME,
  DEMO_SERVER_SOFTWARE,
  DEMO_VERSION,
  DEMO_WEB_SOFTWARE,
  type DemoOptions,
  type DemoSession,
  type HmrcCallAnswer,
  VENDOR_IP_NOT_SET,
} from './app.js';
export { DEMO_ENV, type DemoConfig, demoConfig } from './config.js';
export { DEMO_ERROR_CODES, DemoError, type DemoErrorCode, isDemoError } from './errors.js';
