import { asObject as obj, PLAN_UNKNOWN, type JsonObject } from '@nplz/core';

/** Small readers over untyped Pulumi inputs: a policy never trusts a prop's shape. */

export type Props = JsonObject;

export { asObject as obj, asList as arr, atPath as at } from '@nplz/core';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Values the recorder could not resolve; a policy does not fail a resource on them. */
export function isUnknown(v: unknown): boolean {
  return v === PLAN_UNKNOWN;
}

export function tagsOf(props: Props): Readonly<Record<string, string>> {
  const t = obj(props.tags);
  if (!t) return {};
  return Object.fromEntries(Object.entries(t).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function show(v: unknown): string {
  return v === undefined ? 'not set' : JSON.stringify(v);
}

/** Last segment of a role definition id (`/providers/.../roleDefinitions/<guid>` or a bare guid), lower-cased. */
export function roleGuid(roleDefinitionId: unknown): string | undefined {
  const s = str(roleDefinitionId);
  if (!s) return undefined;
  return s.slice(s.lastIndexOf('/') + 1).toLowerCase();
}
