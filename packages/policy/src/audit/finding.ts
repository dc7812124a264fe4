import { getControl, NATIONAL_TENANCY } from '@nplz/core';
import type { Finding, FindingCloud, FindingSource, FindingStatus } from '@nplz/core';

/** Build a finding for a catalog control: severity, NCSC principles and CAF outcomes come from the catalog. */
export function controlFinding(args: {
  control: string;
  status: FindingStatus;
  cloud: FindingCloud;
  tenancy: string;
  environment?: string;
  resource: string;
  source?: FindingSource;
  rule: string;
  message: string;
}): Finding {
  const c = getControl(args.control);
  return {
    control: c.id,
    status: args.status,
    severity: c.severity,
    cloud: args.cloud,
    tenancy: args.tenancy,
    ...(args.environment ? { environment: args.environment } : {}),
    resource: args.resource,
    source: args.source ?? 'nplz',
    rule: args.rule,
    message: args.message,
    ncsc: c.ncsc,
    caf: c.caf,
    exception: null,
  };
}

/** One result of an Azure plan check (a policy, a whole-plan check, the effective-access checks) as a finding. */
export function azurePlanFinding(r: {
  control: string;
  status: FindingStatus;
  tenancy?: string;
  environment?: string;
  urn: string;
  policy: string;
  message: string;
}): Finding {
  return controlFinding({
    control: r.control,
    status: r.status,
    cloud: 'azure',
    tenancy: r.tenancy ?? NATIONAL_TENANCY,
    environment: r.environment,
    resource: r.urn,
    rule: r.policy,
    message: r.message,
  });
}
