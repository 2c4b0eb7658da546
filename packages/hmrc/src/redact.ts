/**
 * The one place secrets are removed. Every log event, error message, error cause and result the
 * client produces passes through a Redactor that knows the client secret and every bearer token
 * the client has used.
 */

export const REDACTED = '[REDACTED]';

/** Tokens kept for scrubbing; older ones have long expired (HMRC tokens last 4 hours). */
const MAX_SECRETS = 32;

export interface SanitisedCause {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  cause?: SanitisedCause;
}

export class Redactor {
  readonly #secrets: string[] = [];

  /** Remembers a secret (client secret, access token); empty strings are ignored. */
  add(secret: string | undefined): void {
    if (!secret) return;
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ]);
    for (const form of forms) {
      if (this.#secrets.includes(form)) continue;
      this.#secrets.push(form);
      if (this.#secrets.length > MAX_SECRETS) this.#secrets.shift();
    }
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  /** The text with every known secret, bearer credential and client_secret field masked. */
  text(value: string): string {
    let out = value;
    for (const secret of this.#secrets) out = out.split(secret).join(REDACTED);
    return out
      .replace(/\bBearer\s+(?!\[REDACTED\])[^\s",;]+/g, `Bearer ${REDACTED}`)
      .replace(
        /(authorization["']?\s*[:=]\s*["']?Basic\s+)(?!\[REDACTED\])[^\s",;]+/gi,
        `$1${REDACTED}`,
      )
      .replace(
        /(?<![\w-])(client_secret|access_token|refresh_token)(["']?\s*[=:]\s*["']?)(?!\[REDACTED\])[^\s"'&,;}]+/g,
        `$1$2${REDACTED}`,
      );
  }

  /** A deep copy of JSON-like data with every string scrubbed (object keys included). */
  value<T>(value: T): T {
    return this.#deep(value, 0) as T;
  }

  #deep(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object' || depth > 64) return value;
    if (Array.isArray(value)) return value.map((v) => this.#deep(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[this.text(k)] = this.#deep(v, depth + 1);
    return out;
  }

  /**
   * A stand-in for an error cause that keeps its name, message, code, stack and causes, scrubbed.
   * Errors from fetch can quote header values (a malformed Authorization, say) in their messages.
   */
  cause(error: unknown, depth = 0): SanitisedCause | undefined {
    if (error === undefined || error === null) return undefined;
    if (!(error instanceof Error)) {
      return { name: 'Error', message: this.text(String(error)) };
    }
    const out = new Error(this.text(error.message)) as Error & SanitisedCause;
    out.name = error.name;
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    if (error.stack) out.stack = this.text(error.stack);
    else delete out.stack;
    const inner =
      depth < 5 ? this.cause((error as { cause?: unknown }).cause, depth + 1) : undefined;
    if (inner) out.cause = inner;
    return out;
  }
}
