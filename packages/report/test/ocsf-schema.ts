import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A validator for OCSF events, read from the schema's own definitions (test/fixtures/ocsf, copied
 * from ocsf/ocsf-schema; OCSF publishes no JSON Schema file). It resolves a class the way the OCSF
 * schema server does: `extends` chains, `$include`d profiles, attributes deep-merged over the
 * dictionary, and checks an event for
 *
 * - required attributes (of the class, of every object, of every profile the event declares in
 *   `metadata.profiles`), and no attribute the class or object does not define;
 * - data types (string, integer, long, float, boolean, timestamp; regex, max_len, range of derived
 *   types), arrays (`is_array`), objects recursively;
 * - enum values, and each `_id`'s sibling caption (`severity` for `severity_id` ...), free text
 *   only for 99 Other;
 * - the object constraints (`at_least_one`, `just_one`) and no deprecated attribute;
 * - class_uid, category_uid, type_uid and their names, and `metadata.version` = the schema version.
 */

interface Attr {
  readonly name: string;
  readonly type: string;
  readonly is_array?: boolean;
  readonly enum?: Readonly<Record<string, { readonly caption: string }>>;
  readonly requirement?: string;
  readonly sibling?: string;
  readonly profile?: string | null;
  readonly '@deprecated'?: unknown;
}

interface Def {
  readonly name: string;
  readonly caption: string;
  readonly uid?: number;
  readonly category?: string;
  readonly extends?: string;
  readonly attributes: Readonly<Record<string, Attr>>;
  readonly constraints?: { readonly at_least_one?: readonly string[]; readonly just_one?: readonly string[] };
}

type RawAttrs = Record<string, Record<string, unknown>>;
interface RawDef {
  name: string;
  caption: string;
  uid?: number;
  category?: string;
  extends?: string;
  attributes?: RawAttrs & { $include?: string[] };
  constraints?: Def['constraints'];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge of attribute definitions: later wins per key, nested objects (enum) merge. */
function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

export class OcsfSchema {
  readonly version: string;
  private readonly dictionary: RawAttrs;
  private readonly types: RawAttrs;
  private readonly categories: Record<string, { uid: number; caption: string }>;
  private readonly eventFiles = new Map<string, string>();
  private readonly cache = new Map<string, Def>();

  constructor(private readonly dir: string) {
    const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8')) as Record<string, unknown>;
    this.version = (read('version.json') as { version: string }).version;
    const dict = read('dictionary.json') as { attributes: RawAttrs; types: { attributes: RawAttrs } };
    this.dictionary = dict.attributes;
    this.types = dict.types.attributes;
    this.categories = (read('categories.json') as { attributes: OcsfSchema['categories'] }).attributes;
    const walk = (rel: string): void => {
      for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
        const p = join(rel, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.json')) this.eventFiles.set((JSON.parse(readFileSync(join(dir, p), 'utf8')) as RawDef).name, p);
      }
    };
    walk('events');
  }

  private readRaw(file: string): RawDef {
    return JSON.parse(readFileSync(join(this.dir, file), 'utf8')) as RawDef;
  }

  /** Attributes of a definition file, with `$include`d profiles marked by their profile name. */
  private ownAttributes(raw: RawDef): RawAttrs {
    const out: RawAttrs = {};
    const { $include, ...attrs } = raw.attributes ?? {};
    for (const inc of ($include as string[] | undefined) ?? []) {
      const profile = this.readRaw(inc);
      for (const [k, v] of Object.entries(profile.attributes ?? {})) {
        if (k !== '$include') out[k] = merge(out[k] ?? {}, { profile: profile.name, ...(v as Record<string, unknown>) });
      }
    }
    for (const [k, v] of Object.entries(attrs)) out[k] = merge(out[k] ?? {}, v as Record<string, unknown>);
    return out;
  }

  private resolve(kind: 'class' | 'object', name: string): Def {
    const key = `${kind}:${name}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const file = kind === 'class' ? this.eventFiles.get(name) : `objects/${name}.json`;
    if (!file || !existsSync(join(this.dir, file))) throw new Error(`OCSF ${kind} "${name}" is not vendored in ${this.dir}`);
    const raw = this.readRaw(file);
    const parent = raw.extends ? this.resolve(kind, raw.extends) : undefined;
    const attributes: Record<string, Attr> = {};
    const names = new Set([...Object.keys(parent?.attributes ?? {}), ...Object.keys(this.ownAttributes(raw))]);
    const own = this.ownAttributes(raw);
    for (const n of names) {
      const dict = this.dictionary[n];
      if (!dict) throw new Error(`attribute "${n}" of ${kind} ${name} is not in the dictionary`);
      const fromParent = (parent?.attributes[n] ?? {}) as unknown as Record<string, unknown>;
      attributes[n] = { name: n, ...merge(merge(dict, fromParent), own[n] ?? {}) } as unknown as Attr;
    }
    const def: Def = {
      name: raw.name,
      caption: raw.caption,
      uid: raw.uid ?? parent?.uid,
      category: raw.category ?? parent?.category,
      attributes,
      constraints: raw.constraints ?? parent?.constraints,
    };
    this.cache.set(key, def);
    return def;
  }

  /** Problems with `event` as an instance of the class `className` (e.g. `compliance_finding`); empty when valid. */
  validateEvent(event: unknown, className: string): string[] {
    const errors: string[] = [];
    if (!isObject(event)) return ['the event is not a JSON object'];
    const cls = this.resolve('class', className);
    const meta = isObject(event.metadata) ? event.metadata : {};
    const profiles = new Set(Array.isArray(meta.profiles) ? (meta.profiles as string[]) : []);
    this.validateObject(event, cls, '', profiles, errors);

    const category = cls.category ? this.categories[cls.category] : undefined;
    if (!category || cls.uid === undefined) errors.push(`class ${className} has no category or uid`);
    else {
      const classUid = category.uid * 1000 + cls.uid;
      const expect = (path: string, want: unknown) => {
        if (event[path] !== want) errors.push(`${path}: ${JSON.stringify(event[path])}, expected ${JSON.stringify(want)}`);
      };
      expect('class_uid', classUid);
      expect('category_uid', category.uid);
      expect('category_name', category.caption);
      expect('class_name', cls.caption);
      const activity = event.activity_id;
      expect('type_uid', classUid * 100 + (typeof activity === 'number' ? activity : NaN));
      const activityCaption = cls.attributes.activity_id?.enum?.[String(activity)]?.caption;
      if (activityCaption) expect('type_name', `${cls.caption}: ${activityCaption}`);
    }
    if (meta.version !== this.version) errors.push(`metadata.version: ${JSON.stringify(meta.version)}, expected "${this.version}"`);
    return errors;
  }

  private validateObject(value: Record<string, unknown>, def: Def, path: string, profiles: ReadonlySet<string>, errors: string[]): void {
    const at = (n: string) => (path ? `${path}.${n}` : n);
    const applies = (a: Attr) => !a.profile || profiles.has(a.profile);
    for (const a of Object.values(def.attributes)) {
      if (a.requirement === 'required' && applies(a) && value[a.name] === undefined)
        errors.push(`${at(a.name)}: required by ${def.name}, missing`);
    }
    for (const [k, v] of Object.entries(value)) {
      const a = def.attributes[k];
      if (!a) {
        errors.push(`${at(k)}: not an attribute of ${def.name}`);
        continue;
      }
      if (!applies(a)) errors.push(`${at(k)}: belongs to the "${a.profile}" profile, which metadata.profiles does not declare`);
      if (a['@deprecated']) errors.push(`${at(k)}: deprecated in ${def.name}`);
      if (a.is_array) {
        if (!Array.isArray(v)) errors.push(`${at(k)}: ${JSON.stringify(v)} is not an array`);
        else v.forEach((item, i) => this.validateValue(item, a, `${at(k)}[${i}]`, profiles, errors));
      } else this.validateValue(v, a, at(k), profiles, errors);
      if (a.enum && a.sibling && typeof v === 'number') {
        const sibling = value[a.sibling];
        const caption = a.enum[String(v)]?.caption;
        if (v === 99 && typeof sibling !== 'string') errors.push(`${at(a.sibling)}: required when ${at(k)} is 99 (Other)`);
        if (v !== 99 && sibling !== undefined && caption !== undefined && sibling !== caption) {
          errors.push(`${at(a.sibling)}: ${JSON.stringify(sibling)}, expected the caption of ${at(k)} ${v}: "${caption}"`);
        }
      }
    }
    const present = (names: readonly string[]) => names.filter((n) => value[n] !== undefined).length;
    const c = def.constraints;
    if (c?.at_least_one && present(c.at_least_one) < 1)
      errors.push(`${path || '(event)'}: needs at least one of ${c.at_least_one.join(', ')}`);
    if (c?.just_one && present(c.just_one) !== 1) errors.push(`${path || '(event)'}: needs exactly one of ${c.just_one.join(', ')}`);
  }

  private validateValue(v: unknown, a: Attr, path: string, profiles: ReadonlySet<string>, errors: string[]): void {
    // base_event's class_uid and category_uid enums hold only 0; the schema server replaces them
    // with the class's own ids, which validateEvent checks.
    const generated = path === 'class_uid' || path === 'category_uid';
    if (a.enum && !generated && !(String(v) in a.enum)) {
      errors.push(`${path}: ${JSON.stringify(v)} is not one of ${Object.keys(a.enum).join(', ')}`);
      return;
    }
    if (a.type === 'object') {
      if (!isObject(v)) errors.push(`${path}: ${JSON.stringify(v)} is not an object`);
      return;
    }
    if (this.types[a.type] === undefined) {
      if (!isObject(v)) {
        errors.push(`${path}: ${JSON.stringify(v)} is not a ${a.type} object`);
        return;
      }
      this.validateObject(v, this.resolve('object', a.type), path, profiles, errors);
      return;
    }
    this.validatePrimitive(v, a.type, path, errors);
  }

  private validatePrimitive(v: unknown, type: string, path: string, errors: string[]): void {
    const t = this.types[type] ?? {};
    const base = t.type as string | undefined;
    const fail = (what: string) => errors.push(`${path}: ${JSON.stringify(v)} is not ${what} (${type})`);
    switch (type) {
      case 'string_t':
        if (typeof v !== 'string') fail('a string');
        break;
      case 'integer_t':
        if (!Number.isInteger(v) || Math.abs(v as number) > 2 ** 31) fail('a 32-bit integer');
        break;
      case 'long_t':
        if (!Number.isSafeInteger(v)) fail('an integer');
        break;
      case 'float_t':
        if (typeof v !== 'number' || !Number.isFinite(v)) fail('a number');
        break;
      case 'boolean_t':
        if (typeof v !== 'boolean') fail('a boolean');
        break;
      case 'json_t':
        break;
      default:
        if (!base) throw new Error(`data type ${type} has no base type`);
        this.validatePrimitive(v, base, path, errors);
    }
    if (typeof t.regex === 'string' && typeof v === 'string' && !new RegExp(t.regex as string).test(v))
      fail(`matching ${t.regex as string}`);
    if (typeof t.max_len === 'number' && typeof v === 'string' && v.length > t.max_len) fail(`at most ${t.max_len} characters`);
    const range = t.range as [number, number] | undefined;
    if (range && typeof v === 'number' && (v < range[0] || v > range[1])) fail(`in ${range[0]}..${range[1]}`);
  }
}

export const OCSF_DIR = join(__dirname, 'fixtures/ocsf');
