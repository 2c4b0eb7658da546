import { CLIENT_PAYLOAD_FIELD } from '@fph-kit/spec';
import { type CollectOptions, collect, collectNow, prepare } from './collect.js';
import { DETAILED } from './detail.js';
import { BrowserError } from './errors.js';

/**
 * `fetch` with the collected headers added, collected just before the request. A header the caller
 * already set on the request is kept as it is.
 */
export async function fphFetch(
  input: RequestInfo | URL,
  init?: RequestInit,
  options?: CollectOptions,
): Promise<Response> {
  const request = new Request(input, init);
  for (const [name, value] of Object.entries((await collect(options)).headers)) {
    if (!request.headers.has(name)) request.headers.set(name, value);
  }
  return fetch(request);
}

/**
 * Adds the collected headers, as JSON in the field `fph_client`, to everything `form` sends: they
 * are collected while each submission reads the form's fields (its `formdata` event, which the
 * app's own `new FormData(form)` fires as well). Throws at once for wrong options. Returns a
 * function that detaches it.
 */
export function attachToForm(form: HTMLFormElement, options?: CollectOptions): () => void {
  if (!(form instanceof HTMLFormElement)) {
    throw new BrowserError(
      'INVALID_FORM',
      `attachToForm: ${DETAILED ? 'expected a <form>, got ' : ''}${String(form)}`,
    );
  }
  prepare(options);
  const onFormData = ({ formData }: FormDataEvent): void => {
    // Dropped first, so that options made wrong since leave no stale value to be sent (the
    // BrowserError is then reported as an uncaught error, and the form is sent without it).
    formData.delete(CLIENT_PAYLOAD_FIELD);
    formData.set(CLIENT_PAYLOAD_FIELD, JSON.stringify(collectNow(options).headers));
  };
  form.addEventListener('formdata', onFormData);
  return () => form.removeEventListener('formdata', onFormData);
}
