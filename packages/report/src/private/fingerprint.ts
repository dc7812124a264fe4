import { createHash } from 'node:crypto';
import type { Finding } from '@nplz/core';

/**
 * A finding's stable identity across audits: SHA-256 of control, tenancy, cloud, environment,
 * resource and rule. SARIF's `nplzFinding/v1` fingerprint and OCSF's `finding_info.uid`, so code
 * scanning and a SIEM agree on which finding is which.
 */
export function findingFingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.control, f.tenancy, f.cloud, f.environment ?? '', f.resource, f.rule].join('\u0000'))
    .digest('hex');
}
