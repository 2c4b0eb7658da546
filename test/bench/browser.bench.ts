import { gzipSync } from 'node:zlib';
import {
  appBundleText,
  bundleText,
  launchChromium,
  page,
  startServer,
} from '@fph-kit/test-support/browser-harness';
import { type Benchmark, median } from './harness.ts';

const WARM_UP_CALLS = 300;
const TIMED_CALLS = 3000;

/** Median time of one awaited `collect()` in headless Chromium, timed in the page. */
async function collectMedianMs(iife: string): Promise<{ ms: number; resolutionMs: number }> {
  // Cross-origin isolation gives performance.now() 5 µs steps instead of 100 µs.
  const isolated = {
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-embedder-policy': 'require-corp',
  };
  const server = await startServer({
    '/': { body: page(), headers: isolated },
    '/fph-kit.iife.js': { type: 'text/javascript', body: iife, headers: isolated },
  });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 720 },
      screen: { width: 1920, height: 1080 },
      deviceScaleFactor: 2,
    });
    const tab = await context.newPage();
    await tab.goto(server.origin);
    const { times, isolatedPage } = await tab.evaluate(
      async ([warmUp, timed]) => {
        const options = {
          headers: {
            'Gov-Client-User-IDs': 'my-app=alice',
            'Gov-Vendor-Version': 'my-web-app=2.2.2',
          },
        };
        for (let i = 0; i < warmUp; i++) await window.FphKit.collect(options);
        const out: number[] = [];
        for (let i = 0; i < timed; i++) {
          const start = performance.now();
          await window.FphKit.collect(options);
          out.push(performance.now() - start);
        }
        return { times: out, isolatedPage: crossOriginIsolated };
      },
      [WARM_UP_CALLS, TIMED_CALLS] as const,
    );
    return { ms: median(times), resolutionMs: isolatedPage ? 0.005 : 0.1 };
  } finally {
    await browser.close();
    await server.close();
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'browser',
    async run() {
      const [esm, iife, fetchApp] = await Promise.all([
        bundleText('esm'),
        bundleText('iife'),
        appBundleText(['collect', 'fphFetch']),
      ]);
      const gzip = (code: string): number => gzipSync(code, { level: 9 }).length;
      const { ms, resolutionMs } = await collectMedianMs(iife);
      return [
        {
          name: 'browser.bundleGzipBytes',
          value: gzip(esm),
          unit: 'bytes',
          target: { op: '<=', value: 2000 },
          note: 'the whole ESM bundle, dist/index.js, everything the package exports: collect (device ID, screens, window, timezone, user agent, the app-given values checked), fphFetch, attachToForm, BrowserError, with the @fph-kit/spec formatters collect uses; the production build (rule texts left out, esbuild then terser), gzip -9',
        },
        {
          name: 'browser.fetchAppBundleGzipBytes',
          value: gzip(fetchApp),
          unit: 'bytes',
          target: { op: '<=', value: 2000 },
          note: 'what an app importing only collect and fphFetch ships of the ESM build (the form transport tree-shaken away); production build, gzip -9',
        },
        {
          name: 'browser.iifeGzipBytes',
          value: gzip(iife),
          unit: 'bytes',
          note: 'the script-tag build, dist/fph-kit.iife.js (global FphKit, everything), production build, gzip -9',
        },
        {
          name: 'browser.collectMedianMs',
          value: ms,
          unit: 'ms',
          target: { op: '<=', value: 0.5 },
          note: `median of ${TIMED_CALLS} awaited collect() calls after ${WARM_UP_CALLS} warm-up, performance.now() in headless Chromium (${resolutionMs * 1000} µs steps)`,
        },
      ];
    },
  },
];
