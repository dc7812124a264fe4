/** Levenshtein distance, for "did you mean" suggestions. Characters are UTF-16 code units. */
export function editDistance(a: string, b: string): number {
  // Wagner-Fischer, one row at a time: after row i, row[j] is the distance between the first i
  // characters of `a` and the first j of `b`, and `distance` is the row's last entry.
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  let distance = b.length;
  for (let i = 0; i < a.length; i++) {
    let diag = i; // the previous row's entry in the column before
    let left = i + 1; // this row's entry in the column before
    const next = [left];
    // Column k + 1, for the character b[k]; `up` is the previous row's entry in it.
    for (const [k, up] of row.slice(1).entries()) {
      left = Math.min(up + 1, left + 1, diag + (a[i] === b[k] ? 0 : 1));
      next.push(left);
      diag = up;
    }
    row = next;
    distance = left;
  }
  return distance;
}

/** The longest input a suggestion is looked for. */
const MAX_SUGGESTABLE = 100;

/**
 * The closest candidates to `input`: those within a third of the input's length,
 * or those that contain it / are contained by it. At most `max`, nearest first.
 */
export function closest(input: string, candidates: readonly string[], max = 3): string[] {
  const needle = input.toLowerCase();
  // No name is this long: a huge value gets no suggestion rather than seconds of edit distances.
  if (needle.length > MAX_SUGGESTABLE) return [];
  const limit = Math.max(2, Math.ceil(needle.length / 3));
  return candidates
    .filter((c) => c.length <= MAX_SUGGESTABLE * 4)
    .map((c) => {
      const d = editDistance(needle, c.toLowerCase());
      const related = needle.length >= 3 && (c.includes(needle) || needle.includes(c));
      return { c, d: related ? Math.min(d, limit) : d };
    })
    .filter((x) => x.d <= limit)
    .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** "Did you mean ...?" text, or undefined when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const near = closest(input, candidates);
  if (near.length === 0) return undefined;
  return `did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`;
}
