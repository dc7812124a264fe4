import {
  asList as arr,
  asNumeric as num,
  asObject as obj,
  atPath,
  s3DefaultLockDays as defaultLockDays,
  type JsonObject as Props,
} from '@nplz/core';
import type { CfnTemplate, StackContext } from './aws-diff';
import type { DiffablePlan } from './azure-diff';
import type { BreakingChange } from './types';

/**
 * Evidence made weaker between two renderings of the same resource: a shorter object lock or
 * immutability period, a weaker lock mode, a lock removed, a shorter retention of an archive or a
 * log, a trail that stops logging or validating, an activity-log category no longer exported.
 * Each is a loosened guardrail: the audit trail is what an investigation stands on.
 */

/** `a.b.c` into properties that may be absent. */
const at = (p: Props | undefined, path: string): unknown => (p ? atPath(p, path) : undefined);

/** The shortest expiry among a bucket's lifecycle rules (current or earlier versions), if any rule expires objects. */
function shortestExpiry(p: Props | undefined): number | undefined {
  const rules = at(p, 'LifecycleConfiguration.Rules');
  const days = arr(rules)
    .map(obj)
    .filter((r) => r?.Status !== 'Disabled')
    .flatMap((r) => [
      num(r?.ExpirationInDays),
      num(r?.NoncurrentVersionExpirationInDays),
      num(at(r, 'NoncurrentVersionExpiration.NoncurrentDays')),
    ])
    .filter((d): d is number => d !== undefined);
  return days.length ? Math.min(...days) : undefined;
}

/** What got weaker in one AWS resource, as messages. */
function awsResource(type: string, before: Props | undefined, after: Props | undefined, path: string): string[] {
  const out: string[] = [];
  switch (type) {
    case 'AWS::S3::Bucket': {
      // Days of the default lock; 0 when there is none.
      const [was, now] = [defaultLockDays(before) ?? 0, defaultLockDays(after) ?? 0];
      if (was > now)
        out.push(
          now ? `evidence lock on ${path} shortened from ${was} to ${now} days` : `evidence lock on ${path} removed (was ${was} days)`,
        );
      const [m0, m1] = [
        at(before, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode'),
        at(after, 'ObjectLockConfiguration.Rule.DefaultRetention.Mode'),
      ];
      if (m0 === 'COMPLIANCE' && m1 === 'GOVERNANCE') out.push(`evidence lock on ${path} weakened from COMPLIANCE to GOVERNANCE mode`);
      const [e0, e1] = [shortestExpiry(before), shortestExpiry(after)];
      if (before?.ObjectLockEnabled === true && e1 !== undefined && (e0 === undefined || e1 < e0))
        out.push(
          `archive ${path} now keeps objects ${e1} days${e0 === undefined ? ' (they were kept without expiry)' : ` instead of ${e0}`}`,
        );
      break;
    }
    case 'AWS::Logs::LogGroup': {
      const [r0, r1] = [num(before?.RetentionInDays), num(after?.RetentionInDays)];
      if (r1 !== undefined && (r0 === undefined || r1 < r0))
        out.push(
          `log group ${path} now keeps logs ${r1} days${r0 === undefined ? ' (they were kept without expiry)' : ` instead of ${r0}`}`,
        );
      break;
    }
    case 'AWS::CloudTrail::Trail':
      for (const [key, what] of [
        ['IsLogging', 'stops logging'],
        ['EnableLogFileValidation', 'stops validating its log files'],
        ['IsMultiRegionTrail', 'no longer covers every region'],
        ['IsOrganizationTrail', 'no longer covers the organisation'],
      ] as const) {
        if (before?.[key] === true && after?.[key] !== true) out.push(`trail ${path} ${what}`);
      }
      break;
  }
  return out;
}

/** Evidence weakened between two templates of one stack. */
export function awsEvidenceLoosening(from: CfnTemplate, to: CfnTemplate, ctx: StackContext): BreakingChange[] {
  const out: BreakingChange[] = [];
  const after = to.Resources ?? {};
  for (const [id, b] of Object.entries(from.Resources ?? {})) {
    const a = after[id];
    if (!a || a.Type !== b.Type) continue; // removals and replacements are judged as stateful changes
    const path = (b.Metadata?.['aws:cdk:path'] as string | undefined) ?? id;
    for (const message of awsResource(b.Type, b.Properties, a.Properties, path))
      out.push({ kind: 'guardrail-loosened', cloud: 'aws', tenancy: ctx.tenancy, resource: path, type: b.Type, message });
  }
  return out;
}

/** What a diagnostic setting sends: enabled `logs[].category` names and `categoryGroup`s. */
function enabledLogs(inputs: Props): { categories: string[]; groups: string[] } {
  const logs = arr(inputs.logs)
    .map(obj)
    .filter((l) => l?.enabled === true);
  const names = (key: string) => logs.map((l) => l?.[key]).filter((v): v is string => typeof v === 'string');
  return { categories: names('category'), groups: names('categoryGroup') };
}

/** Categories and groups sent before and not after; none when the setting now sends every log (`allLogs`). */
function droppedLogs(before: Props, after: Props): string[] {
  const [was, now] = [enabledLogs(before), enabledLogs(after)];
  if (now.groups.includes('allLogs')) return [];
  return [...was.categories.filter((c) => !now.categories.includes(c)), ...was.groups.filter((g) => !now.groups.includes(g))];
}

/** What got weaker in one Azure resource, as messages. */
function azureResource(type: string, before: Props, after: Props, name: string): string[] {
  const shorter = (what: string, was: number | undefined, now: number | undefined) =>
    was !== undefined && (now === undefined || now < was) ? [`${what} on ${name} shortened from ${was} to ${now ?? 0} days`] : [];
  switch (type) {
    case 'azure-native:storage:BlobContainerImmutabilityPolicy':
      return shorter('immutability', num(before.immutabilityPeriodSinceCreationInDays), num(after.immutabilityPeriodSinceCreationInDays));
    case 'azure-native:storage:StorageAccount': {
      const p = 'immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays';
      return shorter('immutability', num(at(before, p)), num(at(after, p)));
    }
    case 'azure-native:operationalinsights:Workspace':
      return shorter('log retention', num(before.retentionInDays), num(after.retentionInDays));
    case 'azure-native:monitor:SubscriptionDiagnosticSetting':
    case 'azure-native:monitor:DiagnosticSetting':
    case 'azure-native:aadiam:DiagnosticSetting': {
      const lost = droppedLogs(before, after);
      return lost.length ? [`diagnostic setting ${name} no longer sends ${lost.join(', ')}`] : [];
    }
    default:
      return [];
  }
}

/** Evidence weakened between two recorded plans, resource by resource (matched by URN). */
export function azureEvidenceLoosening(from: DiffablePlan, to: DiffablePlan): BreakingChange[] {
  const after = new Map(to.resources.map((r) => [r.urn, r]));
  const out: BreakingChange[] = [];
  for (const b of from.resources) {
    const a = after.get(b.urn);
    if (!a || !b.custom) continue;
    for (const message of azureResource(b.type, b.inputs, a.inputs, b.name))
      out.push({ kind: 'guardrail-loosened', cloud: 'azure', tenancy: b.tenancy ?? 'national', resource: b.urn, type: b.type, message });
  }
  return out;
}
