import { getControl } from '@nplz/core';
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
