/** Output helpers: colour only on a terminal and never when NO_COLOR is set (https://no-color.org). */
export interface Terminal {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  /** True when progress lines should be shown (stderr is a terminal). */
  readonly interactive: boolean;
}

/** Write a line, unless the reader has gone (a closed pipe): then the output is dropped. */
function write(stream: NodeJS.WriteStream, t: string): void {
  if (stream.destroyed || !stream.writable) return;
  stream.write(t.endsWith('\n') ? t : `${t}\n`);
}

export function defaultTerminal(): Terminal {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  return {
    out: (t) => write(process.stdout, t),
    err: (t) => write(process.stderr, t),
    color: !noColor && Boolean(process.stdout.isTTY),
    interactive: Boolean(process.stderr.isTTY) && process.env.CI !== 'true',
  };
}

const CODES = { red: 31, green: 32, yellow: 33, blue: 34, dim: 2, bold: 1 } as const;
export type Style = keyof typeof CODES;

export function paint(term: Terminal, style: Style, text: string): string {
  return term.color ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text;
}

/** A plain-text table with padded columns. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  // A cell beyond the headers has no width: it is not padded.
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
