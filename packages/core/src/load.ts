import * as fs from 'node:fs';
import * as path from 'node:path';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { Problem } from './errors';

/** A parsed YAML or JSON document and a way to find the line of any field in it. */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the value at a dotted path (or of its nearest existing parent). */
  lineOf(fieldPath: string): number | undefined;
  /** The text of the scalar at a dotted path exactly as written, when the document is YAML or JSON text. */
  sourceOf?(fieldPath: string): string | undefined;
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isSpecFile(file: string): boolean {
  return EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** Split `a.b[0].c` into ['a', 'b', 0, 'c']. */
export function splitPath(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of p.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) {
      out.push(part);
      continue;
    }
    const [, name, indices = ''] = m;
    if (name) out.push(name);
    for (const idx of indices.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out.filter((x) => x !== '');
}

/** The largest spec or settings file read: far above any real one, so memory and time stay bounded. */
export const MAX_SPEC_FILE_BYTES = 1024 * 1024;
/** Alias expansions allowed in one document (a "billion laughs" alias bomb exceeds it). */
export const MAX_YAML_ALIASES = 100;
/** Nesting allowed in one document: far deeper than any spec, far shallower than a stack overflow. */
export const MAX_NESTING = 64;
/** YAML syntax errors reported per file; the rest are counted. */
const MAX_SYNTAX_PROBLEMS = 20;

/** Keys that a JavaScript object cannot hold as data: `__proto__` would be dropped or change the object. */
const FORBIDDEN_KEYS = new Set(['__proto__']);

/** A file problem with no field: the whole document. */
function fileProblem(file: string, message: string, allowed: string, received: unknown = file, extra: Partial<Problem> = {}): Problem {
  return { file, path: '', received, message, allowed, ...extra };
}

/**
 * What a path is on disk, without following it into a read that could block (a named pipe) or
 * throw (a loop of links, a folder without permission).
 */
export function pathKind(p: string): 'file' | 'folder' | 'other' | 'missing' | { error: string } {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : { error: code ?? String(e) };
  }
}

/** Where the first byte that is not UTF-8 is: its line and the bytes around it in hex. */
function firstInvalidUtf8(bytes: Buffer): { line: number; offset: number } {
  let lo = 0;
  let hi = bytes.length;
  // the longest prefix that decodes
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    try {
      // streaming: a prefix that ends inside a character is incomplete, not invalid
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  let line = 1;
  for (let i = 0; i < lo && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return { line, offset: lo };
}

/**
 * Check the data a document holds: no cycle (an alias inside its own anchor), no nesting deeper than
 * {@link MAX_NESTING}, no key a JavaScript object cannot hold. Returns the problems and the data with
 * the forbidden keys left out (so the rest of the document is still validated).
 */
function inspectData(
  data: unknown,
  file: string,
  lineOf: (p: string) => number | undefined,
): { data: unknown; problems: Problem[]; fatal: boolean } {
  const problems: Problem[] = [];
  let fatal = false;
  const onPath = new Set<object>();
  const pathOf = (segs: readonly (string | number)[]) =>
    segs.reduce<string>((acc, s) => (typeof s === 'number' ? `${acc}[${s}]` : acc ? `${acc}.${s}` : s), '');
  const walk = (v: unknown, segs: (string | number)[]): unknown => {
    if (fatal || v === null || typeof v !== 'object') return v;
    const at = pathOf(segs);
    if (onPath.has(v)) {
      fatal = true;
      problems.push({
        file,
        line: lineOf(at),
        path: at,
        received: '(a value that contains itself)',
        message: 'an alias refers to the node that contains it, so the value never ends',
        allowed: 'aliases (*name) only to anchors (&name) outside themselves',
        hint: 'write the value out instead of the alias',
      });
      return undefined;
    }
    if (segs.length > MAX_NESTING) {
      fatal = true;
      problems.push({
        file,
        line: lineOf(at),
        path: at,
        received: '(nested values)',
        message: `the document nests deeper than ${MAX_NESTING} levels`,
        allowed: `at most ${MAX_NESTING} levels of nesting (a spec needs fewer than 6)`,
      });
      return undefined;
    }
    onPath.add(v);
    let out: unknown;
    if (Array.isArray(v)) out = v.map((x, i) => walk(x, [...segs, i]));
    else {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (FORBIDDEN_KEYS.has(k)) {
          const p = pathOf([...segs, k]);
          problems.push({
            file,
            line: lineOf(p),
            path: p,
            received: k,
            message: `"${k}" cannot be used as a key`,
            allowed: 'a key that names a field, an environment, a role or a tag',
          });
          continue;
        }
        o[k] = walk(x, [...segs, k]);
      }
      out = o;
    }
    onPath.delete(v);
    return out;
  };
  const clean = walk(data, []);
  return { data: clean, problems, fatal };
}

/**
 * Read a YAML (or JSON, which is YAML) file. Never throws and never blocks for bad input: a path
 * that is not a regular file, a file over {@link MAX_SPEC_FILE_BYTES}, bytes that are not UTF-8,
 * syntax errors, alias bombs and cycles, nesting too deep and keys an object cannot hold all
 * become problems.
 */
export function readSourceDocument(file: string): { doc?: SourceDocument; problems: Problem[] } {
  const kind = pathKind(file);
  if (kind === 'missing')
    return { problems: [fileProblem(file, 'cannot read file: ENOENT', 'a readable YAML or JSON file', file, { hint: 'no such file' })] };
  if (typeof kind === 'object') return { problems: [fileProblem(file, `cannot read file: ${kind.error}`, 'a readable YAML or JSON file')] };
  if (kind === 'folder')
    return {
      problems: [
        fileProblem(file, 'is a folder, not a file', 'a YAML or JSON file', file, {
          hint: 'give the file, or the estate folder that holds it',
        }),
      ],
    };
  if (kind === 'other')
    return {
      problems: [
        fileProblem(file, 'is not a regular file (a named pipe, socket or device)', 'a regular YAML or JSON file', file, {
          hint: 'nplz reads only regular files: remove it from the folder',
        }),
      ],
    };
  let bytes: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_SPEC_FILE_BYTES)
      return {
        problems: [
          fileProblem(
            file,
            `the file is ${size} bytes, larger than any spec`,
            `a file of at most ${MAX_SPEC_FILE_BYTES} bytes`,
            `${size} bytes`,
          ),
        ],
      };
    bytes = fs.readFileSync(file);
  } catch (e) {
    return {
      problems: [fileProblem(file, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'a readable YAML or JSON file')],
    };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, offset } = firstInvalidUtf8(bytes);
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return {
      problems: [
        fileProblem(
          file,
          'the file is not UTF-8 text',
          'a YAML or JSON file encoded as UTF-8',
          `bytes ${bytes.subarray(offset, offset + 4).toString('hex')} at byte ${offset}`,
          {
            line,
            hint: utf16 ? 'the file is UTF-16: save it as UTF-8' : 'save the file as UTF-8 (it may be Latin-1 or Windows-1252)',
          },
        ),
      ],
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a UTF-8 byte order mark is allowed
  const lineCounter = new LineCounter();
  let yamlDoc: ReturnType<typeof parseDocument>;
  try {
    yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    return {
      problems: [
        fileProblem(
          file,
          `cannot be parsed: ${e instanceof RangeError ? 'nested too deeply' : String((e as Error).message)}`,
          'a well-formed YAML or JSON document',
        ),
      ],
    };
  }
  if (yamlDoc.errors.length) {
    const lines = text.split('\n');
    const problems: Problem[] = yamlDoc.errors.slice(0, MAX_SYNTAX_PROBLEMS).map((err) => {
      const line = lineCounter.linePos(err.pos[0]).line;
      return {
        file,
        line,
        path: '',
        received: lines[line - 1]?.trim().slice(0, 200),
        message: `not valid YAML/JSON: ${err.message.split('\n')[0]}`,
        allowed: 'a well-formed YAML or JSON document',
      };
    });
    if (yamlDoc.errors.length > MAX_SYNTAX_PROBLEMS)
      problems.push(
        fileProblem(
          file,
          `and ${yamlDoc.errors.length - MAX_SYNTAX_PROBLEMS} more syntax errors`,
          'a well-formed YAML or JSON document',
          undefined,
        ),
      );
    return { problems };
  }
  const lineOf = (fieldPath: string): number | undefined => {
    const segs = splitPath(fieldPath);
    for (let n = segs.length; n >= 0; n--) {
      let node: unknown;
      try {
        node = n === 0 ? yamlDoc.contents : yamlDoc.getIn(segs.slice(0, n), true);
      } catch {
        continue; // a path through a scalar
      }
      if (node && typeof node === 'object' && 'range' in node) {
        const range = (node as { range?: [number, number, number] }).range;
        if (range) return lineCounter.linePos(range[0]).line;
      }
    }
    return undefined;
  };
  /** The text of the scalar at a path exactly as written, for "YAML read this as a number" hints. */
  const sourceOf = (fieldPath: string): string | undefined => {
    try {
      const node = yamlDoc.getIn(splitPath(fieldPath), true) as { range?: [number, number, number]; source?: unknown } | undefined;
      if (node && typeof node === 'object' && isScalar(node) && node.range) return text.slice(node.range[0], node.range[1]).trim();
    } catch {
      // not a scalar
    }
    return undefined;
  };
  let raw: unknown;
  try {
    raw = yamlDoc.toJS({ maxAliasCount: MAX_YAML_ALIASES }) as unknown;
  } catch (e) {
    const bomb = /alias/i.test((e as Error).message);
    return {
      problems: [
        fileProblem(
          file,
          bomb
            ? `aliases expand more than ${MAX_YAML_ALIASES} times (a YAML alias bomb)`
            : `cannot be read: ${String((e as Error).message)}`,
          bomb ? `at most ${MAX_YAML_ALIASES} alias expansions` : 'a well-formed YAML or JSON document',
          undefined,
          bomb ? { hint: 'write the values out instead of the aliases' } : {},
        ),
      ],
    };
  }
  const inspected = inspectData(raw, file, lineOf);
  if (inspected.fatal) return { problems: inspected.problems };
  return { doc: { file, data: inspected.data, lineOf, sourceOf }, problems: inspected.problems };
}

/**
 * A hint for a value YAML typed as something other than the string the field needs: unquoted,
 * `2026.10` is the number 2026.1, `012345678901` loses its leading zero, `yes` may be a boolean.
 */
function quoteHint(p: Problem, doc: SourceDocument): string | undefined {
  if (!/^expected a string, got (number|boolean|null)/.test(p.message)) return undefined;
  const src = doc.sourceOf?.(p.path);
  if (src === undefined) return 'quote the value in YAML so it is read as text';
  const shown = JSON.stringify(p.received);
  return src === shown
    ? `quote it ("${src}") so YAML reads it as text`
    : `YAML reads ${src} as ${shown}; quote it ("${src}") so it is read as written`;
}

/** Attach file and line to problems from one document. */
export function locate(problems: readonly Problem[], doc: SourceDocument): Problem[] {
  return problems.map((p) => {
    const hint = p.hint ?? quoteHint(p, doc);
    return { ...p, file: p.file ?? doc.file, line: p.line ?? doc.lineOf(p.path), ...(hint ? { hint } : {}) };
  });
}
