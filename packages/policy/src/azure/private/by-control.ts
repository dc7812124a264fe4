export function byControl<T extends { readonly control: string }>(items: readonly T[]): Readonly<Record<string, readonly T[]>> {
  const out: Record<string, T[]> = {};
  for (const item of items) (out[item.control] ??= []).push(item);
  return Object.freeze(Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Object.freeze(v)])));
}
