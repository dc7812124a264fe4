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

/**
 * Characters that must not reach a terminal or a CI log as they are: C0 and C1 control characters
 * (ESC starts an escape sequence, CSI is one on its own), DEL, the bidirectional overrides and
 * isolates that reorder what is shown, and the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]/g;

/** Text made safe to print: every unsafe character becomes a visible `\u001b`-style escape. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

/** At most `max` characters of `text` (escaped), with the number left out said at the end. */
export function shorten(text: string, max: number): string {
  const safe = escapeText(text);
  return safe.length > max ? `${safe.slice(0, max - 20)}... (${safe.length - max + 20} more characters)` : safe;
}

/**
 * Compact JSON of `value`, but never more than about `budget` characters of it: a huge or deeply
 * nested value costs no more to describe than a small one, and a cycle ends the rendering.
 */
function preview(value: unknown, budget: number): string {
  let out = '';
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number): void => {
    if (out.length > budget) return;
    if (v === null || typeof v !== 'object') {
      const t = typeof v === 'string' ? JSON.stringify(v.length > budget ? v.slice(0, budget) : v) : String(JSON.stringify(v) ?? String(v));
      out += t;
      return;
    }
    if (seen.has(v) || depth > 20) {
      out += Array.isArray(v) ? '[...]' : '{...}';
      return;
    }
    seen.add(v);
    if (Array.isArray(v)) {
      out += '[';
      for (const [i, x] of v.entries()) {
        if (out.length > budget) break;
        if (i) out += ',';
        walk(x, depth + 1);
      }
      out += ']';
    } else {
      out += '{';
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (out.length > budget) break;
        out += `${first ? '' : ','}${JSON.stringify(k)}:`;
        first = false;
        walk(x, depth + 1);
      }
      out += '}';
    }
    seen.delete(v);
  };
  walk(value, 0);
  return out;
}

/** Render a value for a message: strings quoted, objects as compact JSON, long values shortened, unsafe characters escaped. */
export function describeValue(value: unknown): string {
  if (value === undefined) return '(missing)';
  const safe = escapeText(preview(value, 240));
  return safe.length > 120 ? `${safe.slice(0, 117)}...` : safe;
}

/** The longest `allowed` or `hint` text printed; a longer one (a list of thousands) is cut and says so. */
const MAX_TEXT = 400;

/** The one-problem text used by the CLI and by `NplzError.message`. Every part is escaped. */
export function formatProblem(p: Problem): string {
  const file = p.file === undefined ? undefined : shorten(p.file, 300);
  const where = [file ? (p.line ? `${file}:${p.line}` : file) : undefined, p.path ? shorten(p.path, 200) : '(document)']
    .filter(Boolean)
    .join(' › ');
  const lines = [
    `${where}: ${shorten(p.message, MAX_TEXT)}`,
    `    received: ${describeValue(p.received)}`,
    `    allowed:  ${shorten(p.allowed, MAX_TEXT)}`,
  ];
  if (p.hint) lines.push(`    hint:     ${shorten(p.hint, MAX_TEXT)}`);
  return lines.join('\n');
}

/** Attach a file name to problems that lack one. */
export function inFile(problems: readonly Problem[], file: string): Problem[] {
  return problems.map((p) => (p.file ? p : { ...p, file }));
}

/**
 * A problem fit for machine-readable output: the same fields, but a received value too large to
 * repeat (a whole mapping of thousands of entries) is replaced by a string preview of it, and the
 * texts are bounded, so a report of thousands of problems stays small.
 */
export function problemForOutput(p: Problem): Problem {
  const big = preview(p.received, 2000);
  const received = big.length > 2000 ? `${big.slice(0, 2000)}... (truncated)` : p.received;
  const cut = (t: string) => (t.length > 2000 ? `${t.slice(0, 2000)}... (truncated)` : t);
  return {
    ...p,
    received,
    message: cut(p.message),
    allowed: cut(p.allowed),
    ...(p.hint === undefined ? {} : { hint: cut(p.hint) }),
  };
}
