/**
 * One problem with one value in one input. Every validation in NPLZ reports
 * problems in this shape so that a user always learns which file, which field,
 * what was received and what is allowed.
 */
export interface Problem {
  /** The file the value came from, when it came from a file. */
  readonly file?: string;
  /** 1-based line of the value in its file, when known. */
  readonly line?: number;
  /** Dotted field path, e.g. `aws.network.prod` or `exceptions[0].expires`. Empty for the whole document. */
  readonly path: string;
  /** The value received, exactly as given (`undefined` when the field is missing). */
  readonly received: unknown;
  /** What the field accepts, in words. */
  readonly allowed: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** A suggestion that would fix it, when there is one. */
  readonly hint?: string;
}

/**
 * The single error type for bad input. It carries every problem found, not just
 * the first, so a user can fix a file in one pass. The CLI prints it without a
 * stack trace and exits with code 2.
 */
export class NplzError extends Error {
  public readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[] | Problem) {
    const list = Array.isArray(problems) ? problems : [problems as Problem];
    super(list.map(formatProblem).join('\n'));
    this.name = 'NplzError';
    this.problems = list;
  }

  /** Raise one problem. */
  public static of(problem: Problem): NplzError {
    return new NplzError([problem]);
  }
}

/** True for an NplzError, also across package copies (checks the name, not the prototype). */
export function isNplzError(e: unknown): e is NplzError {
  return e instanceof Error && e.name === 'NplzError' && Array.isArray((e as NplzError).problems);
}

/** Render a value for a message: strings quoted, objects as compact JSON, long values shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The one-problem text used by the CLI and by `NplzError.message`. */
export function formatProblem(p: Problem): string {
  const where = [p.file ? (p.line ? `${p.file}:${p.line}` : p.file) : undefined, p.path || '(document)'].filter(Boolean).join(' › ');
  const lines = [`${where}: ${p.message}`, `    received: ${describeValue(p.received)}`, `    allowed:  ${p.allowed}`];
  if (p.hint) lines.push(`    hint:     ${p.hint}`);
  return lines.join('\n');
}

/** Attach a file name to problems that lack one. */
export function inFile(problems: readonly Problem[], file: string): Problem[] {
  return problems.map((p) => (p.file ? p : { ...p, file }));
}
