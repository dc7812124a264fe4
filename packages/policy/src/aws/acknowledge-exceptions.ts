import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { ControlException, Estate, globToRegExp, todayUtc, daysBetween } from '@nplz/core';
import { nagAcknowledgementIdsFor } from './aws-rules';

const TENANCY_TAG = 'nplz:tenancy';
const ENVIRONMENT_TAG = 'nplz:environment';

function matchesResource(ex: ControlException, path: string): boolean {
  if (!ex.scope.resource) return true;
  return globToRegExp(ex.scope.resource).test(path) || globToRegExp(`*${ex.scope.resource}`).test(path);
}

/**
 * Turn each tenancy's declared AWS exceptions into cdk-nag acknowledgements on the resources they
 * name: every L1 resource in the tenancy's stacks that falls within the exception's environment and
 * resource pattern. Never at app or stack level. Expired exceptions are not acknowledged (the
 * violation stays, and the audit reports the expiry). Returns the number of acknowledgements made.
 */
export function acknowledgeTenancyExceptions(root: IConstruct, estate: Estate, now: Date = new Date()): number {
  const specs = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  const today = todayUtc(now);
  let count = 0;
  for (const stack of root.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    const tags = stack.tags.tagValues();
    const spec = specs.get(tags[TENANCY_TAG] ?? '');
    if (!spec) continue;
    const env = tags[ENVIRONMENT_TAG];
    const live = (spec.exceptions ?? []).filter(
      (ex) => ex.scope.cloud === 'aws' && (!ex.scope.environment || ex.scope.environment === env) && daysBetween(today, ex.expires) >= 0,
    );
    if (live.length === 0) continue;
    for (const r of stack.node.findAll().filter(CfnResource.isCfnResource)) {
      for (const ex of live) {
        if (!matchesResource(ex, r.node.path)) continue;
        for (const id of nagAcknowledgementIdsFor(ex.control)) {
          Validations.of(r).acknowledge({ id, reason: `${ex.reason} (exception approved by ${ex.approvedBy}, expires ${ex.expires})` });
          count++;
        }
      }
    }
  }
  return count;
}
