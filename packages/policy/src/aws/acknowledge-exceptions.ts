import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { Estate, exceptionInScope, exceptionLive, NPLZ_TAGS } from '@nplz/core';
import { nagAcknowledgementIdsFor } from './aws-rules';

/**
 * Turn each tenancy's declared AWS exceptions into cdk-nag acknowledgements on the resources they
 * name: every L1 resource in the tenancy's stacks that falls within the exception's environment and
 * resource pattern. Never at app or stack level. Expired exceptions are not acknowledged (the
 * violation stays, and the audit reports the expiry). Returns the number of acknowledgements made.
 */
export function acknowledgeTenancyExceptions(root: IConstruct, estate: Estate, now: Date = new Date()): number {
  const specs = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  let count = 0;
  for (const stack of root.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
    const tags = stack.tags.tagValues();
    const spec = specs.get(tags[NPLZ_TAGS.tenancy] ?? '');
    if (!spec) continue;
    const environment = tags[NPLZ_TAGS.environment];
    const live = (spec.exceptions ?? []).filter(
      (ex) => exceptionLive(ex, now) && exceptionInScope(ex, { cloud: 'aws', environment, anyResource: true }),
    );
    if (live.length === 0) continue;
    for (const r of stack.node.findAll().filter(CfnResource.isCfnResource)) {
      for (const ex of live) {
        if (!exceptionInScope(ex, { cloud: 'aws', environment, resource: r.node.path })) continue;
        for (const id of nagAcknowledgementIdsFor(ex.control)) {
          Validations.of(r).acknowledge({ id, reason: `${ex.reason} (exception approved by ${ex.approvedBy}, expires ${ex.expires})` });
          count++;
        }
      }
    }
  }
  return count;
}
