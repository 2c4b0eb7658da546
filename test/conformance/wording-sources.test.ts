import { HMRC_OPENAPI_DOCUMENT } from '@fph-kit/hmrc';
import { RULES } from '@fph-kit/validator';
import { describe, expect, it } from 'vitest';

/**
 * The catalogue says where HMRC's wording of each rule was seen. A rule that cites the Test API's
 * OpenAPI document must have its message among the messages of that document's examples, and only
 * fph-kit's own wording goes without a source.
 */

/** `message` fields (validate's issues) and the strings of `errors`/`warnings` (feedback's). */
function messagesIn(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) messagesIn(item, into);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'message' && typeof inner === 'string') into.add(inner);
      else if ((key === 'errors' || key === 'warnings') && Array.isArray(inner))
        for (const item of inner)
          if (typeof item === 'string') into.add(item);
          else messagesIn(item, into);
      else messagesIn(inner, into);
    }
  return into;
}

const DOCUMENT_MESSAGES = messagesIn(HMRC_OPENAPI_DOCUMENT, new Set());

describe("where the catalogue's HMRC wording was seen", () => {
  it("every rule citing the OpenAPI document has a message of that document's examples", () => {
    const citing = RULES.filter((r) => r.source?.includes('OpenAPI document'));
    expect(citing.length).toBeGreaterThan(20);
    const absent = citing.filter((r) => !DOCUMENT_MESSAGES.has(r.message)).map((r) => r.id);
    expect(absent).toEqual([]);
  });

  it("HMRC's wording always has a source, fph-kit's never", () => {
    expect(RULES.filter((r) => r.wording !== 'fph-kit' && !r.source).map((r) => r.id)).toEqual([]);
    expect(RULES.filter((r) => r.wording === 'fph-kit' && r.source).map((r) => r.id)).toEqual([]);
  });

  it("no fph-kit message is one of HMRC's document's own", () => {
    const claimedOwn = RULES.filter(
      (r) => r.wording === 'fph-kit' && DOCUMENT_MESSAGES.has(r.message),
    ).map((r) => r.id);
    expect(claimedOwn).toEqual([]);
  });
});
