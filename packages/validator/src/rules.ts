import { HEADERS } from '@fph-kit/spec';
import { ANY, add, list, make, ruleHeaderId } from './rules-builder.js';
import { addHeaderRules } from './rules-headers.js';
import type { Rule, Severity } from './types.js';

export { ruleHeaderId };

/**
 * The rule catalogue: every problem the validator can report, with a stable id, its severity, the
 * report code, the message (HMRC's wording where known) and a one-line fix hint. `docs/rules.md` is
 * generated from this list (`pnpm --filter @fph-kit/validator rules`).
 */

// --- The set as a whole -------------------------------------------------------------------------

list.push(
  make('set.no-headers', ANY, {
    severity: 'error',
    code: 'INVALID_HEADERS',
    message:
      'No fraud prevention headers submitted. These are required by law. Check the specification.',
    hint: 'Send the Gov-Client-* and Gov-Vendor-* headers your connection method requires with every request.',
    wording: 'hmrc',
    page: 'connection-method-index',
  }),
);

add(ANY, 'unexpected', {
  severity: 'warning',
  code: 'UNEXPECTED_HEADER',
  message: 'Unrecognised header. Check format and spelling',
  hint: 'Check the header name against the specification; remove headers it does not define.',
  wording: 'hmrc',
  page: 'connection-method-index',
});
add(ANY, 'retired', {
  severity: 'advisory',
  message: 'Header no longer required. It was removed from the specification.',
  hint: 'Stop sending this header; no connection method requires it since spec 3.1/3.2.',
  wording: 'fph-kit',
});
add(ANY, 'not-required', {
  severity: 'advisory',
  message:
    'Header not required for this connection method. Check you are using the correct Gov-Client-Connection-Method.',
  hint: 'Either the connection method is wrong or this header should not be sent for it.',
  wording: 'fph-kit',
});
add(ANY, 'not-an-issue', {
  severity: 'info',
  message: 'Header not required for this connection method. Sending it is not an issue.',
  hint: 'No action needed; you may stop sending it.',
  wording: 'fph-kit',
});
add(ANY, 'test-scenario', {
  severity: 'info',
  message: 'Gov-Test-Scenario is not a fraud prevention header and is not validated.',
  hint: 'No action needed; it only selects sandbox test scenarios.',
  wording: 'fph-kit',
});
add(ANY, 'repeated', {
  severity: 'advisory',
  message: 'Header sent more than once. Its values were joined with commas, as HTTP does.',
  hint: 'Send each fraud prevention header exactly once.',
  wording: 'fph-kit',
});
add(ANY, 'placeholder', {
  severity: 'advisory',
  message: 'Value contains a placeholder such as null or undefined.',
  hint: 'Send the real value; if it cannot be collected, omit the header or send it empty after contacting HMRC.',
  wording: 'fph-kit',
  page: 'getting-it-right',
});
add(ANY, 'spec-example', {
  severity: 'advisory',
  message: 'Value is an example from the specification, not collected data.',
  hint: 'Collect the real value on the originating device or your servers instead of copying the example.',
  wording: 'fph-kit',
});
add(ANY, 'not-utf8', {
  severity: 'advisory',
  message: 'At least 1 percent-encoded value is not valid UTF-8.',
  hint: 'Percent-encode the UTF-8 bytes of each character (for example é is %C3%A9).',
  wording: 'fph-kit',
  page: 'getting-it-right',
});

add(ANY, 'too-large', {
  severity: 'advisory',
  message: 'Header larger than common gateways accept in one header line.',
  hint: 'Keep each header line under 8 KB: send fewer or shorter values (hash long identifiers).',
  wording: 'fph-kit',
});
list.push(
  make('set.too-large', ANY, {
    severity: 'advisory',
    message: 'Fraud prevention headers larger in all than common gateways accept.',
    hint: 'Keep the Gov-* headers under 16 KB together: send fewer or shorter values.',
    wording: 'fph-kit',
  }),
);

// --- Presence: every current header -------------------------------------------------------------

const MISSING_SPECIAL: Record<string, { severity: Severity; missing: string; empty: string }> = {
  'gov-client-multi-factor': {
    severity: 'warning',
    // HMRC's words (2026); the empty case's are not known.
    missing:
      'Header missing. This may be correct for single factor authentication, for example username and password. If this is the case, you must contact us explaining why you cannot submit this header.',
    empty:
      'Value required unless your application only uses single-factor authentication. Check what to do about missing data.',
  },
  'gov-vendor-license-ids': {
    severity: 'warning',
    missing: 'Header required',
    empty: 'Value required',
  },
  'gov-client-public-port': {
    severity: 'error',
    // HMRC's words (2026); the empty case's are not known.
    missing:
      'Header missing. You will not be able to submit a header if the connection is between client and server in a private network. If this is the case, you must contact us explaining why you cannot submit this header.',
    empty:
      'Value required unless the connection between client and server is over a private network. Check what to do about missing data.',
  },
};

for (const h of HEADERS) {
  if (h.status !== 'current') continue;
  const special = MISSING_SPECIAL[h.key];
  const severity = special?.severity ?? 'error';
  add(h.key, 'missing', {
    severity,
    code: 'MISSING_HEADER',
    message: special?.missing ?? 'Header required',
    hint: `Send ${h.name} with every request: ${lowerFirst(h.summary)}`,
    // Every missing-header message is HMRC's: "Header required", or its words for the three special.
    wording: 'hmrc',
  });
  add(h.key, 'empty', {
    severity,
    code: 'EMPTY_HEADER',
    message: special?.empty ?? 'Value required',
    hint: `Send a value in ${h.name}; if it truly cannot be collected, contact HMRC before omitting it.`,
    // HMRC's "Value required" is recorded for License-IDs; fph-kit uses it for every header.
    wording: h.key === 'gov-vendor-license-ids' ? 'hmrc' : 'fph-kit',
  });
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

// --- Encoding and structure: every list, key-value and key-value-list header --------------------

for (const h of HEADERS) {
  if (h.status !== 'current') continue;
  if (h.kind === 'list') {
    add(h.key, 'not-percent-encoded', {
      severity: 'error',
      message: 'At least 1 value is not percent encoded',
      hint:
        h.key === 'gov-client-mac-addresses'
          ? 'Percent-encode each value: the colons of a MAC address become %3A.'
          : 'Percent-encode each value: the colons of an IPv6 address become %3A.',
      wording: 'fph-kit',
    });
    add(h.key, 'encoded-separator', {
      severity: 'error',
      message: 'At least 1 separator is percent encoded. Check commas.',
      hint: 'Encode each value on its own, then join them with raw commas.',
      wording: 'fph-kit',
    });
    add(h.key, 'empty-item', {
      severity: 'error',
      message: 'At least 1 value in the list is empty',
      hint: 'Remove doubled, leading or trailing commas.',
      wording: 'fph-kit',
    });
  } else if (h.kind === 'key-value' || h.kind === 'key-value-list') {
    const multi = h.kind === 'key-value-list';
    add(h.key, 'not-percent-encoded', {
      severity: 'error',
      message: 'At least 1 key or value is not percent encoded',
      hint: 'Percent-encode every key and value (RFC 3986 unreserved characters stay as they are).',
      wording: 'hmrc-observed',
    });
    add(h.key, 'encoded-separator', {
      severity: 'error',
      message: multi
        ? 'At least 1 separator is percent encoded. Check ampersands, equal signs and commas.'
        : 'At least 1 separator is percent encoded. Check ampersands and equal signs.',
      hint: 'Encode keys and values on their own, then join them with raw = and & (and , between structures).',
      wording: multi ? 'fph-kit' : 'hmrc-observed',
    });
    add(h.key, 'not-key-value', {
      severity: 'error',
      message: 'Value must be a key-value data structure',
      hint: multi
        ? 'Write key=value pairs joined with &, one structure per item, structures joined with commas.'
        : 'Write key=value pairs joined with &.',
      wording: 'hmrc-observed',
    });
    add(h.key, 'duplicate-key', {
      severity: 'warning',
      message: 'At least 1 key is repeated',
      hint: multi
        ? 'Give each key once per structure.'
        : 'Give each key once; join several values into one.',
      wording: 'fph-kit',
    });
    if (multi) {
      add(h.key, 'empty-item', {
        severity: 'error',
        message: 'At least 1 key-value data structure in the list is empty',
        hint: 'Remove doubled, leading or trailing commas.',
        wording: 'fph-kit',
      });
    }
  }
}

addHeaderRules();

/** Every rule, in catalogue order. */
export const RULES: readonly Rule[] = Object.freeze(list);

const BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

/** The rule with this id. Throws for an unknown id, so a typo fails when the module loads. */
export function rule(id: string): Rule {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`fph-kit validator: no rule '${id}'`);
  return found;
}

/** The rule with this id, if there is one. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Shorthand used by the checks: the rule `<header id>.<problem>`. */
export function headerRule(key: string, problem: string): Rule {
  return rule(`${ruleHeaderId(key)}.${problem}`);
}
