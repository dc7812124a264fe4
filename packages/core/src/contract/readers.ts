/**
 * Readers over untyped JSON (CloudFormation templates, recorded Pulumi inputs): the checks and the
 * diff read rendered output with these, never trusting a value's shape.
 */

export type JsonObject = Readonly<Record<string, unknown>>;

/** The value as an object, or undefined for anything else (arrays included). */
export function asObject(v: unknown): JsonObject | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as JsonObject) : undefined;
}

/** The value as an array, or empty. */
export function asList(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A number, or a string that is one (CloudFormation allows both); undefined otherwise. */
export function asNumeric(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

/** `a.b.c` into nested objects. */
export function atPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const k of path.split('.')) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

/** The default Object Lock retention of an S3 bucket's properties, in days (years count as 365). */
export function s3DefaultLockDays(bucketProperties: unknown): number | undefined {
  const d = asObject(atPath(bucketProperties, 'ObjectLockConfiguration.Rule.DefaultRetention'));
  const years = asNumeric(d?.Years);
  return asNumeric(d?.Days) ?? (years !== undefined ? years * 365 : undefined);
}
