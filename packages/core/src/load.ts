import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Problem } from './errors';

/** A parsed YAML or JSON document and a way to find the line of any field in it. */
export interface SourceDocument {
  readonly file: string;
  readonly data: unknown;
  /** 1-based line of the value at a dotted path (or of its nearest existing parent). */
  lineOf(fieldPath: string): number | undefined;
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

/**
 * Read a YAML (or JSON, which is YAML) file. Syntax errors become problems, not exceptions.
 */
export function readSourceDocument(file: string): { doc?: SourceDocument; problems: Problem[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return {
      problems: [
        {
          file,
          path: '',
          received: file,
          message: `cannot read file: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
          allowed: 'a readable YAML or JSON file',
        },
      ],
    };
  }
  const lineCounter = new LineCounter();
  const yamlDoc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (yamlDoc.errors.length) {
    const lines = text.split('\n');
    return {
      problems: yamlDoc.errors.map((err) => {
        const line = lineCounter.linePos(err.pos[0]).line;
        return {
          file,
          line,
          path: '',
          received: lines[line - 1]?.trim(),
          message: `not valid YAML/JSON: ${err.message.split('\n')[0]}`,
          allowed: 'a well-formed YAML or JSON document',
        };
      }),
    };
  }
  const data = yamlDoc.toJS({ maxAliasCount: 100 }) as unknown;
  const lineOf = (fieldPath: string): number | undefined => {
    const segs = splitPath(fieldPath);
    for (let n = segs.length; n >= 0; n--) {
      const node = n === 0 ? yamlDoc.contents : yamlDoc.getIn(segs.slice(0, n), true);
      if (node && (isMap(node) || isSeq(node) || typeof node === 'object') && 'range' in node) {
        const range = (node as { range?: [number, number, number] }).range;
        if (range) return lineCounter.linePos(range[0]).line;
      }
      // a key whose value is a scalar: getIn with keepScalar returns the Scalar node, handled above
    }
    return undefined;
  };
  return { doc: { file, data, lineOf }, problems: [] };
}

/** Attach file and line to problems from one document. */
export function locate(problems: readonly Problem[], doc: SourceDocument): Problem[] {
  return problems.map((p) => ({ ...p, file: p.file ?? doc.file, line: p.line ?? doc.lineOf(p.path) }));
}
