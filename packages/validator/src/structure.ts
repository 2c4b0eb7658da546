import {
  type CodecProblem,
  type CodecProblemCode,
  decodeKeyValue,
  decodeKeyValueList,
  decodeList,
  type KeyValuePair,
} from '@fph-kit/spec';
import { isPlaceholder } from './examples.js';
import { headerRule, rule } from './rules.js';
import type { Run } from './run.js';

/**
 * Reading the spec's structures (lists, key-value, lists of key-value) for the checks with the
 * spec's codec, whose problems become the report's encoding and structure rules.
 */

/** One key-value structure, keys and values decoded; a repeated key keeps its first value. */
export type Pairs = readonly KeyValuePair[];

const NOT_UTF8 = rule('any.not-utf8');
const PLACEHOLDER = rule('any.placeholder');

/** The rule (per header) each decoder problem becomes; not-utf8 is an advisory for any header. */
const PROBLEM_RULES: Readonly<Record<CodecProblemCode, string>> = {
  UNENCODED_CHARACTER: 'not-percent-encoded',
  NON_ASCII: 'not-percent-encoded',
  CONTROL_CHARACTER: 'not-percent-encoded',
  BAD_PERCENT_ESCAPE: 'not-percent-encoded',
  INVALID_UTF8: 'not-utf8',
  ENCODED_SEPARATOR: 'encoded-separator',
  MISSING_EQUALS: 'not-key-value',
  EMPTY_KEY: 'not-key-value',
  EMPTY_PAIR: 'not-key-value',
  EMPTY_LIST_VALUE: 'empty-item',
  DUPLICATE_KEY: 'duplicate-key',
};

/** Problems after which the value cannot be read as the structure it should be. */
const STRUCTURAL = new Set(['MISSING_EQUALS', 'EMPTY_KEY', 'EMPTY_PAIR', 'ENCODED_SEPARATOR']);

/** Turns decoder problems into rule hits; true when the structure itself could not be read. */
function reportProblems(
  problems: readonly CodecProblem[],
  key: string,
  value: string,
  run: Run,
): boolean {
  let broken = false;
  for (const p of problems) {
    const problem = PROBLEM_RULES[p.code];
    run.hit(problem === 'not-utf8' ? NOT_UTF8 : headerRule(key, problem), key, value, p.message);
    if (STRUCTURAL.has(p.code)) broken = true;
  }
  return broken;
}

function firstWins(pairs: readonly KeyValuePair[]): Pairs {
  const seen = new Set<string>();
  const out: KeyValuePair[] = [];
  for (const pair of pairs) {
    if (seen.has(pair[0])) continue;
    seen.add(pair[0]);
    out.push(pair);
  }
  return out;
}

/**
 * The structures of a key-value (`list` false) or key-value-list header, with encoding and
 * structure problems recorded on `run`. Undefined when the structure is broken, so the checks of
 * keys and values do not pile more messages on a value that is not key-value data at all.
 */
export function readKeyValue(
  value: string,
  key: string,
  list: boolean,
  run: Run,
): Pairs[] | undefined {
  const decoded = list ? decodeKeyValueList(value) : decodeKeyValue(value);
  if (decoded.problems.length > 0 && reportProblems(decoded.problems, key, value, run)) {
    return undefined;
  }
  // Without problems no key is repeated: the decoded structures are used as they are.
  const structures =
    decoded.problems.length === 0
      ? list
        ? (decoded.value as KeyValuePair[][])
        : [decoded.value as KeyValuePair[]]
      : list
        ? (decoded.value as KeyValuePair[][]).map(firstWins)
        : [firstWins(decoded.value as KeyValuePair[])];
  for (let s = 0; s < structures.length; s++) {
    const pairs = structures[s]!;
    for (let p = 0; p < pairs.length; p++) {
      const v = pairs[p]![1];
      if (isPlaceholder(v)) run.hit(PLACEHOLDER, key, value, `${pairs[p]![0]}=${v}`);
    }
  }
  return structures;
}

/** The decoded values of a list header, with encoding problems recorded on `run`. */
export function readList(value: string, key: string, run: Run): string[] | undefined {
  const decoded = decodeList(value);
  if (reportProblems(decoded.problems, key, value, run)) return undefined;
  // Addresses never contain a comma: one decoded from %2C is a separator sent encoded, wherever
  // it is in the list (the decoder only recognises a list that is all one item).
  const joined = decoded.value.find((item) => item.includes(','));
  if (joined !== undefined) {
    run.hit(headerRule(key, 'encoded-separator'), key, value, `'${joined}' holds an encoded comma`);
    return undefined;
  }
  for (const item of decoded.value) {
    if (isPlaceholder(item)) run.hit(PLACEHOLDER, key, value, `'${item}'`);
  }
  return decoded.value;
}
