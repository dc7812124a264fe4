import { z } from 'zod';
import type { Problem } from '../errors';
import { didYouMean } from './suggest';

/** Params NPLZ attaches to custom zod issues so a problem can say what is allowed. */
export interface IssueParams {
  readonly allowed: string;
  readonly hint?: string;
}

/** Add a custom issue carrying `allowed` and `hint`. */
export function fail(ctx: z.core.$RefinementCtx<unknown>, message: string, params: IssueParams, path?: (string | number)[]): void {
  ctx.addIssue({ code: 'custom', message, params: { ...params }, ...(path ? { path } : {}) });
}

/** Render a zod path as `a.b[0].c`. */
export function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${String(seg)}` : String(seg);
  }
  return out;
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[seg as string];
  }
  return cur;
}

type AnyDef = {
  type: string;
  shape?: Record<string, z.ZodType>;
  valueType?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
};

/** The sub-schema a path leads to, unwrapping optionals and defaults; used to find a field's description. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let cur: z.ZodType | undefined = schema;
  const unwrap = (s: z.ZodType | undefined): z.ZodType | undefined => {
    let x = s;
    for (let i = 0; x && i < 5; i++) {
      const def = (x as unknown as { _zod: { def: AnyDef } })._zod.def;
      if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) x = def.innerType;
      else if (def.type === 'pipe' && def.in) x = def.in;
      else break;
    }
    return x;
  };
  for (const seg of path) {
    cur = unwrap(cur);
    if (!cur) return undefined;
    const def = (cur as unknown as { _zod: { def: AnyDef } })._zod.def;
    if (def.type === 'object' && def.shape) cur = def.shape[String(seg)];
    else if (def.type === 'record') cur = def.valueType;
    else if (def.type === 'array') cur = def.element;
    else return undefined;
  }
  return unwrap(cur) ?? cur;
}

function describeType(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'a mapping of fields';
  if (expected === 'array') return 'a list';
  return `a ${expected}`;
}

/** Turn zod issues into NPLZ problems, reading `received` from the input and `allowed` from the schema. */
export function issuesToProblems(schema: z.ZodType, input: unknown, issues: readonly z.core.$ZodIssue[]): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path;
    const received = valueAt(input, path);
    const described = schemaAt(schema, path)?.description;
    switch (issue.code) {
      case 'custom': {
        const params = (issue.params ?? {}) as Partial<IssueParams>;
        out.push({
          path: pathText(path),
          received,
          message: issue.message,
          allowed: params.allowed ?? described ?? 'see docs/tenancy-spec.md',
          hint: params.hint,
        });
        break;
      }
      case 'invalid_type': {
        const missing = received === undefined;
        out.push({
          path: pathText(path),
          received,
          message: missing
            ? 'required field is missing'
            : `expected ${describeType(issue.expected)}, got ${received === null ? 'null' : Array.isArray(received) ? 'a list' : typeof received}`,
          allowed: described ?? describeType(issue.expected),
        });
        break;
      }
      case 'unrecognized_keys': {
        const known = Object.keys((schemaAt(schema, path) as unknown as { _zod: { def: AnyDef } } | undefined)?._zod.def.shape ?? {});
        for (const key of issue.keys) {
          out.push({
            path: pathText([...path, key]),
            received: valueAt(input, [...path, key]),
            message: `unknown field "${key}"`,
            allowed: known.length ? `one of the fields: ${known.join(', ')}` : 'no other fields',
            hint: suggestKey(key, known),
          });
        }
        break;
      }
      case 'invalid_key': {
        // a key of a mapping that its key schema refused (a tag key): report the key's own issues
        const key = path[path.length - 1];
        for (const sub of issue.issues) {
          const params = ((sub as { params?: unknown }).params ?? {}) as Partial<IssueParams>;
          out.push({
            path: pathText(path),
            received: key,
            message: sub.message,
            allowed: params.allowed ?? 'a valid key',
            ...(params.hint ? { hint: params.hint } : {}),
          });
        }
        break;
      }
      case 'invalid_value':
        out.push({
          path: pathText(path),
          received,
          message: 'value is not one of the allowed values',
          allowed: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        });
        break;
      case 'too_small':
      case 'too_big': {
        const origin = (issue as { origin?: string }).origin;
        const limit = issue.code === 'too_small' ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum;
        const unit = origin === 'array' ? 'items' : origin === 'string' ? 'characters' : '';
        out.push({
          path: pathText(path),
          received,
          message:
            issue.code === 'too_small'
              ? `too small: at least ${String(limit)} ${unit}`.trim()
              : `too big: at most ${String(limit)} ${unit}`.trim(),
          allowed: described ?? `${issue.code === 'too_small' ? 'at least' : 'at most'} ${String(limit)} ${unit}`.trim(),
        });
        break;
      }
      default:
        out.push({ path: pathText(path), received, message: issue.message, allowed: described ?? 'see docs/tenancy-spec.md' });
    }
  }
  return out;
}

function suggestKey(key: string, known: readonly string[]): string | undefined {
  return didYouMean(key, known);
}
