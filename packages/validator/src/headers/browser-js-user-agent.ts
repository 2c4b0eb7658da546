import UAParser from 'ua-parser-js';
import { rule } from '../rules.js';
import type { Check } from './check.js';

/** Gov-Client-Browser-JS-User-Agent: printable US-ASCII, a browser, not a headless one. */

const BUA = 'gov-client-browser-js-user-agent';
const BUA_NOT_ASCII = rule('client-browser-js-user-agent.not-ascii');
const BUA_ENCODED = rule('client-browser-js-user-agent.percent-encoded');
const BUA_HEADLESS = rule('client-browser-js-user-agent.headless');
const BUA_NOT_BROWSER = rule('client-browser-js-user-agent.not-a-browser');
const PRINTABLE = /^[\x20-\x7e]+$/;
const ESCAPE = /%[0-9A-Fa-f]{2}/;
const HEADLESS = /HeadlessChrome|PhantomJS|SlimerJS|HtmlUnit|jsdom\//;
const BROWSER_SHAPE = /^Mozilla\/5\.0 \([^)]+\)/;

export const browserJsUserAgent: Check = (value, run) => {
  if (!PRINTABLE.test(value)) {
    run.hit(BUA_NOT_ASCII, BUA, value, firstBadCharacter(value));
  } else if (!value.includes(' ') && ESCAPE.test(value)) {
    run.hit(BUA_ENCODED, BUA, value);
  }
  if (HEADLESS.test(value)) {
    run.hit(BUA_HEADLESS, BUA, value);
  } else if (!BROWSER_SHAPE.test(value)) {
    // Only unusual values pay for the full parser.
    const parsed = new UAParser(value).getResult();
    if (!parsed.browser.name) run.hit(BUA_NOT_BROWSER, BUA, value);
    else if (/headless/i.test(parsed.browser.name))
      run.hit(BUA_HEADLESS, BUA, value, parsed.browser.name);
  }
};

function firstBadCharacter(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      const code = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
      return `character ${i + 1} (${code}) is not printable US-ASCII`;
    }
  }
  return '';
}
