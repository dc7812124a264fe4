import { defineAzurePolicy } from '../define-policy';
import { T } from '../private/types';

/**
 * NPLZ-NET-05: public IP addresses exist only in the national hub (firewall egress, Bastion), never
 * in a force landing zone. A resource is in a force landing zone when it sits under a
 * ForceLandingZone (plan) or carries an `nplz:tenancy` tag (real engine).
 */
export const noPublicIpInForceSpokes = defineAzurePolicy({
  name: 'no-public-ip-in-force-spokes',
  control: 'NPLZ-NET-05',
  resourceTypes: [T.publicIp],
  description: 'No public IP addresses in force landing zones',
  validate(_props, { baseline, placement }, report) {
    if (!baseline.guardrails.azure.denyPublicIpInForces || !placement.tenancy) return;
    report(
      `public IP address in tenancy ${placement.tenancy}; allowed: none in force landing zones (baseline ${baseline.version} guardrails.azure.denyPublicIpInForces; reach workloads through the hub)`,
    );
  },
});
