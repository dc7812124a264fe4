import { AWS_NAMES, awsNamePattern, NATIONAL_TAG_VALUE, tagKeyFor } from '@nplz/core';
import type { AwsRuleContext, CfnResourceJson, RuleOutcome, CfnJson } from '../types';

/** The logical id a `Ref` or `Fn::GetAtt` points at, or undefined for anything else. */
export function refTarget(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref;
  const att = o['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** The resource a `Ref` / `Fn::GetAtt` points at in the same template. */
export function resolveRef(v: unknown, ctx: AwsRuleContext): { id: string; resource: CfnResourceJson } | undefined {
  const id = refTarget(v);
  const resource = id === undefined ? undefined : ctx.resources[id];
  return id !== undefined && resource ? { id, resource } : undefined;
}

/** True when `v` is a CloudFormation intrinsic (`Ref`, `Fn::*`): a value known only at deployment. */
export function isIntrinsic(v: unknown): boolean {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const [key, ...rest] = Object.keys(v);
  return key !== undefined && rest.length === 0 && (key === 'Ref' || key.startsWith('Fn::'));
}

/** True for `true` and `"true"` (CloudFormation accepts both). */
export function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && v.toLowerCase() === 'false');
}

export function asArray<T = unknown>(v: unknown): T[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]) as T[];
}

/** A number from a number or numeric string; undefined otherwise (e.g. an intrinsic). */
export { asNumeric as asNumber } from '@nplz/core';

/**
 * A readable flattening of a value that may hold intrinsics: `Fn::Join` is joined, `Ref` becomes
 * `${Id}`, `Fn::GetAtt` `${Id.Attr}`, `Fn::Sub` its template. Used to match names and ARNs by pattern.
 */
export function flatText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return v.map(flatText).join(',');
  const o = v as Record<string, unknown>;
  if (typeof o.Ref === 'string') return `\${${o.Ref}}`;
  const att = o['Fn::GetAtt'];
  if (att !== undefined) return `\${${Array.isArray(att) ? att.join('.') : String(att)}}`;
  const join = o['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return (join[1] as unknown[]).map(flatText).join(String(join[0] ?? ''));
  const sub = o['Fn::Sub'];
  if (sub !== undefined) return flatText(Array.isArray(sub) ? sub[0] : sub);
  return JSON.stringify(v);
}

/** A resource's own tags as a map, from either CloudFormation tag shape (list of Key/Value, or map). */
export function resourceTags(r: CfnResourceJson): Record<string, string> {
  const raw = r.Properties?.Tags;
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (const t of raw) {
      if (t && typeof t === 'object' && typeof t.Key === 'string') out[t.Key] = typeof t.Value === 'string' ? t.Value : flatText(t.Value);
    }
  } else if (raw && typeof raw === 'object' && !isIntrinsic(raw)) {
    for (const [k, val] of Object.entries(raw as Record<string, unknown>)) out[k] = typeof val === 'string' ? val : flatText(val);
  }
  return out;
}

/** Tags in effect on a resource: the stack's tags (CloudFormation propagates them) overlaid by its own. */
export function effectiveTags(r: CfnResourceJson, ctx: AwsRuleContext): Record<string, string> {
  return { ...(ctx.stackTags ?? {}), ...resourceTags(r) };
}

/** The tag key that names the owning force (`national` on the national platform), from the baseline. */
export function forceTagKey(ctx: AwsRuleContext): string {
  return tagKeyFor(ctx.baseline, 'force');
}

export function tenancyTagKey(ctx: AwsRuleContext): string {
  return tagKeyFor(ctx.baseline, 'tenancy');
}

/**
 * Whether a resource belongs to the national platform or a tenancy, read from the `nplz:force`
 * tag (the resource's own, else the stack's). Undefined when neither says.
 */
export function scopeOf(r: CfnResourceJson, ctx: AwsRuleContext): 'national' | 'tenancy' | undefined {
  const force = effectiveTags(r, ctx)[forceTagKey(ctx)];
  if (force === undefined || force === '') return undefined;
  return force === NATIONAL_TAG_VALUE ? 'national' : 'tenancy';
}

/** One statement of an IAM-style policy document (which may arrive as a JSON string, as Organizations allows). */
export type Statement = CfnJson;

export function statements(doc: unknown): Statement[] {
  let d = doc;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      return [];
    }
  }
  if (!d || typeof d !== 'object') return [];
  return asArray<Statement>((d as Record<string, unknown>).Statement).filter((s) => s && typeof s === 'object');
}

/** Values of a condition key under an operator, e.g. `conditionValues(s, 'Bool', 'aws:SecureTransport')`; key match is case-insensitive. */
export function conditionValues(s: Statement, operator: string, key: string): string[] {
  const block = s.Condition?.[operator];
  if (!block || typeof block !== 'object') return [];
  const found = Object.entries(block as Record<string, unknown>).find(([k]) => k.toLowerCase() === key.toLowerCase());
  return found ? asArray(found[1]).map((x) => flatText(x)) : [];
}

/** Every action a statement names, lower-cased. */
export function actionsOf(s: Statement, field: 'Action' | 'NotAction' = 'Action'): string[] {
  return asArray(s[field]).map((a) => flatText(a).toLowerCase());
}

/** True when an IAM action pattern (with `*` / `?`) matches the action. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

/** True when the statement's `Action` covers the action. */
export function statementCovers(s: Statement, action: string): boolean {
  return actionsOf(s).some((p) => actionMatches(p, action));
}

/** True when the principal is everyone (`*` or `{ AWS: '*' }`). */
export function isAnyPrincipal(p: unknown): boolean {
  if (p === '*') return true;
  if (p && typeof p === 'object' && !Array.isArray(p)) {
    return asArray((p as Record<string, unknown>).AWS).some((a) => a === '*');
  }
  return false;
}

/** Other resources of the template of the given types. */
export function resourcesOfType(ctx: AwsRuleContext, ...types: string[]): [string, CfnResourceJson][] {
  return Object.entries(ctx.resources).filter(([, r]) => types.includes(r.Type));
}

/** True when `v` points at `logicalId` (`Ref`, `Fn::GetAtt`, or a flattened text that mentions it). */
export function pointsAt(v: unknown, logicalId: string): boolean {
  if (refTarget(v) === logicalId) return true;
  return flatText(v).includes(`\${${logicalId}}`) || flatText(v).includes(`\${${logicalId}.`);
}

/** Deep search: does any value inside `v` point at `logicalId`? */
export function mentions(v: unknown, logicalId: string): boolean {
  if (v === undefined || v === null || typeof v !== 'object') return false;
  if (refTarget(v) === logicalId) return true;
  return Object.values(v as Record<string, unknown>).some((x) => mentions(x, logicalId));
}

/** Days a bucket's default object lock keeps each object (`Days`, or `Years` as 365 days each), if it sets a default. */
export { s3DefaultLockDays as defaultLockDays } from '@nplz/core';

export const fail = (message: string): RuleOutcome => ({ status: 'NON_COMPLIANT', message });
export const pass = (message: string): RuleOutcome => ({ status: 'COMPLIANT', message });

/**
 * Is `text` (a flattened bucket name or ARN) the bucket `name`, or an S3 ARN of it or of a prefix in
 * it, and not a bucket whose name merely contains it? Without a name, any bucket matching `fallback`.
 */
function isBucket(text: string, name: string | undefined, fallback: RegExp): boolean {
  if (!name) return fallback.test(text);
  return new RegExp(`(^|:::)${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|/)`).test(text);
}

const LOG_ARCHIVE_NAME = awsNamePattern(AWS_NAMES.logArchiveBucket);
const CONFIG_ARCHIVE_NAME = awsNamePattern(AWS_NAMES.configArchiveBucket);

/** The national log archive: the bucket the context names, or the default `nplz-log-archive-*` name. */
export function isNationalArchive(text: string, ctx: AwsRuleContext): boolean {
  return isBucket(text, ctx.logArchiveBucket, LOG_ARCHIVE_NAME);
}

/** The national AWS Config archive: the bucket the context names, or the default `nplz-config-archive-*` name. */
export function isNationalConfigArchive(text: string, ctx: AwsRuleContext): boolean {
  return isBucket(text, ctx.configArchiveBucket, CONFIG_ARCHIVE_NAME);
}

/**
 * Is this bucket where AWS Config delivers (by its name, or a Config delivery channel in the same
 * template pointing at it)? Config cannot deliver to a bucket with Object Lock enabled.
 */
export function isConfigArchiveBucket(logicalId: string, r: CfnResourceJson, ctx: AwsRuleContext): boolean {
  const p = r.Properties ?? {};
  if (p.BucketName !== undefined && isNationalConfigArchive(flatText(p.BucketName), ctx)) return true;
  return Object.values(ctx.resources).some(
    (o) => o.Type === 'AWS::Config::DeliveryChannel' && pointsAt(o.Properties?.S3BucketName, logicalId),
  );
}

/**
 * Is this bucket an audit archive (the controls on immutability, versioning, access logging and
 * retention apply)? Yes when any of: object lock is on; its name is the national archive's or
 * the Config archive's; a trail, Config delivery channel or flow log in the same template delivers to it.
 */
export function isAuditArchiveBucket(logicalId: string, r: CfnResourceJson, ctx: AwsRuleContext): boolean {
  const p = r.Properties ?? {};
  if (isTrue(p.ObjectLockEnabled)) return true;
  if (p.BucketName !== undefined && isNationalArchive(flatText(p.BucketName), ctx)) return true;
  if (isConfigArchiveBucket(logicalId, r, ctx)) return true;
  return Object.values(ctx.resources).some((o) => {
    const op = o.Properties ?? {};
    switch (o.Type) {
      case 'AWS::CloudTrail::Trail':
      case 'AWS::Config::DeliveryChannel':
        return pointsAt(op.S3BucketName, logicalId);
      case 'AWS::EC2::FlowLog':
        return pointsAt(op.LogDestination, logicalId);
      default:
        return false;
    }
  });
}
