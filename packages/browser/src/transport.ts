import { CLIENT_PAYLOAD_FIELD } from '@fph-kit/spec';
import { type CollectOptions, collect } from './collect.js';
import { BrowserError } from './errors.js';

/**
 * The collected headers as a plain object, for XHR (`setRequestHeader`) or an axios request
 * interceptor. Call it for each request, not once.
 */
export async function collectHeaders(options?: CollectOptions): Promise<Record<string, string>> {
  return (await collect(options)).headers;
}

/**
 * `fetch` with the collected headers added, collected just before the request. A header the caller
 * already set on the request is kept as it is.
 */
export async function fphFetch(
  input: RequestInfo | URL,
  init?: RequestInit,
  options?: CollectOptions,
): Promise<Response> {
  const headers = await collectHeaders(options);
  const request = new Request(input, init);
  for (const name in headers) {
    if (!request.headers.has(name)) request.headers.set(name, headers[name]!);
  }
  return fetch(request);
}

function checkForm(form: unknown, caller: string): asserts form is HTMLFormElement {
  if (!(form instanceof HTMLFormElement)) {
    throw new BrowserError(
      'INVALID_FORM',
      `${caller}: expected a <form> element, got ${String(form)}`,
    );
  }
}

/**
 * Writes the collected headers as JSON into the form's hidden `fph_client` input (created when
 * missing). For forms submitted from code: `await writeFormField(form); form.submit()`. When
 * `options` are wrong it rejects and removes the field, so no stale payload is ever sent.
 */
export async function writeFormField(
  form: HTMLFormElement,
  options?: CollectOptions,
): Promise<void> {
  checkForm(form, 'writeFormField');
  const found = form.elements.namedItem(CLIENT_PAYLOAD_FIELD);
  const field =
    found instanceof HTMLInputElement
      ? found
      : form.appendChild(
          Object.assign(document.createElement('input'), {
            type: 'hidden',
            name: CLIENT_PAYLOAD_FIELD,
          }),
        );
  try {
    field.value = JSON.stringify(await collectHeaders(options));
  } catch (error) {
    field.remove();
    throw error;
  }
}

/**
 * Fills the form's `fph_client` field right before every submission: the submit event is held
 * while the values are collected, then the form is submitted again with the same submit button.
 * Returns a function that detaches the helper.
 */
export function attachToForm(form: HTMLFormElement, options?: CollectOptions): () => void {
  checkForm(form, 'attachToForm');
  let resubmitting = false;
  const onSubmit = (event: Event): void => {
    if (resubmitting) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // Submitted whatever happens (without the field when the options are wrong: the rejection
    // then surfaces as unhandled). In a new task: while the held event is still being
    // dispatched, requestSubmit does nothing.
    writeFormField(form, options).finally(() =>
      setTimeout(() => {
        resubmitting = true;
        try {
          form.requestSubmit((event as SubmitEvent).submitter);
        } finally {
          resubmitting = false;
        }
      }),
    );
  };
  form.addEventListener('submit', onSubmit, true);
  return () => form.removeEventListener('submit', onSubmit, true);
}
