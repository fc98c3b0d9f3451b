/** Deterministic document ids: a duplicate write becomes a conflict, not a second record. */
export function compositeId(...parts: string[]): string {
  return parts.join('_');
}
