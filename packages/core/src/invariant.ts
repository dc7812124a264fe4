/**
 * `value`, which the caller's own logic guarantees is there: an invariant TypeScript cannot see.
 * @throws Error naming `what` when it is missing, which is a bug in NPLZ rather than in its input.
 */
export function defined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`NPLZ internal error: ${what} is missing`);
  return value;
}
