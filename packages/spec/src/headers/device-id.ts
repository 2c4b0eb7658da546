/** A UUID in canonical 8-4-4-4-12 hexadecimal form (any version). */
export function isUuid(text: string): boolean {
  return /^[\da-f]{8}(-[\da-f]{4}){3}-[\da-f]{12}$/i.test(text);
}
