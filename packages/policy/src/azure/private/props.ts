/** Small readers over untyped Pulumi inputs: a policy never trusts a prop's shape. */

export type Props = Readonly<Record<string, unknown>>;

export function obj(v: unknown): Props | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Props) : undefined;
}

export function arr(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Values the recorder could not resolve; a policy does not fail a resource on them. */
export function isUnknown(v: unknown): boolean {
  return v === '[unknown]';
}

export function tagsOf(props: Props): Readonly<Record<string, string>> {
  const t = obj(props.tags);
  if (!t) return {};
  return Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** `a.b.c` into nested inputs. */
export function at(props: Props, path: string): unknown {
  let cur: unknown = props;
  for (const k of path.split('.')) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

export function show(v: unknown): string {
  return v === undefined ? 'not set' : JSON.stringify(v);
}

/** Last segment of a role definition id (`/providers/.../roleDefinitions/<guid>` or a bare guid), lower-cased. */
export function roleGuid(roleDefinitionId: unknown): string | undefined {
  const s = str(roleDefinitionId);
  if (!s) return undefined;
  return s.split('/').pop()!.toLowerCase();
}
