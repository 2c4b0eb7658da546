/// <reference types="@fph-kit/browser/iife" />
// A front end's TypeScript, with no @types/node: the browser collector (module and script-tag
// global), the spec formatters, the validator and the HMRC client as installed. The expected
// errors below prove the types are real: were any of them `any`, the directive would fail.
import { type CollectResult, collect, isBrowserError } from '@fph-kit/browser';
import { createTestApiClient } from '@fph-kit/hmrc';
import { formatUserIds } from '@fph-kit/spec';
import { validate } from '@fph-kit/validator';

export const collected: Promise<CollectResult> = collect({
  headers: { 'Gov-Client-User-IDs': formatUserIds({ 'my-app': 'alice123' }) },
});
// @ts-expect-error the browser collects Gov-Client-Screens itself
collect({ headers: { 'Gov-Client-Screens': 'width=1&height=1' } });
export const fromGlobal: Promise<CollectResult> = FphKit.collect();
export const guard: (error: unknown) => boolean = isBrowserError;
export const verdict: string = validate({ 'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER' })
  .report.code;
export const client = createTestApiClient({ bearerToken: () => 'token' });
// @ts-expect-error formatUserIds takes key-value pairs
formatUserIds(7);
