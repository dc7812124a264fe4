/**
 * The commands a README tells its reader to type, read from its Markdown so that a test runs the
 * README as it stands, not a copy of it: the lines of the fenced `sh`/`bash`/`shell` blocks (with
 * `#` comments removed and `\` continuations joined) and, in prose, inline code that is a whole
 * command (`npm run <script>`, `npx <package> <argument>`), in document order.
 */
export interface Section {
  readonly heading: string;
  readonly body: string;
}

/** The `##` and `###` sections of a Markdown document (fenced blocks never start a section). */
export function sections(markdown: string): Section[] {
  const out: { heading: string; lines: string[] }[] = [];
  let fenced = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const h = fenced ? null : /^#{2,3}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) out.push({ heading: h[1]!, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out.map((s) => ({ heading: s.heading, body: s.lines.join('\n') }));
}

const SHELL_FENCE = /^(```|~~~)\s*(sh|bash|shell|console)\s*$/;
/** Inline code that is a whole command: `npm run <script> …` or `npx <package> <argument> …`, no ellipsis. */
const INLINE_COMMAND = /^(npm run \S|npx \S+ \S)(?!.*…)/;

/** Shell lines of a fenced block: comments dropped, continuations joined, blank lines skipped. */
function shellLines(block: string[]): string[] {
  const joined: string[] = [];
  let pending = '';
  for (const raw of block) {
    const line = raw.replace(/^\s*\$\s+/, '');
    if (/\\\s*$/.test(line)) {
      pending += `${line.replace(/\\\s*$/, '')} `;
      continue;
    }
    joined.push(pending + line);
    pending = '';
  }
  if (pending) joined.push(pending);
  return joined.map((l) => l.replace(/(^|\s)#(\s.*)?$/, '').trim()).filter((l) => l.length > 0);
}

/** The commands of one section's body, in document order. */
export function commandsIn(body: string): string[] {
  const commands: string[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*(```|~~~)(.*)$/.exec(lines[i]!);
    if (fence) {
      const end = lines.findIndex((l, j) => j > i && /^\s*(```|~~~)\s*$/.test(l));
      const close = end === -1 ? lines.length : end;
      if (SHELL_FENCE.test(lines[i]!.trim())) commands.push(...shellLines(lines.slice(i + 1, close)));
      i = close;
      continue;
    }
    for (const m of lines[i]!.matchAll(/`([^`]+)`/g)) {
      const code = m[1]!.trim();
      if (INLINE_COMMAND.test(code)) commands.push(code);
    }
  }
  return commands;
}

/** The commands of every section whose heading matches, in order, each once. */
export function commandsUnder(markdown: string, heading: RegExp): { heading: string; commands: string[] }[] {
  const seen = new Set<string>();
  return sections(markdown)
    .filter((s) => heading.test(s.heading))
    .map((s) => ({
      heading: s.heading,
      commands: commandsIn(s.body).filter((c) => (seen.has(c) ? false : (seen.add(c), true))),
    }));
}
