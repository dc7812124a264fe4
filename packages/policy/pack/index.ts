/**
 * The `nplz-azure` policy pack for real Pulumi runs:
 *
 *   pulumi preview --policy-pack packages/policy/pack
 *
 * The same policy objects the offline runner (`evaluatePlan`, `evaluatePlanChecks`) calls over
 * `plan.json`. Each resource is checked against the baseline its `nplz:baseline` tag names (else
 * the stack's `nplz:baseline` tag, else the latest baseline).
 */
import { PolicyPack } from '@pulumi/policy';
import { azurePackPolicies } from '../src/azure';

new PolicyPack('nplz-azure', {
  description: 'NPLZ national guardrails for Azure: every Azure control of the NPLZ controls catalog.',
  displayName: 'NPLZ (National Policing Landing Zone) for Azure',
  provider: 'azure',
  tags: ['nplz', 'azure', 'ncsc-cloud-security-principles'],
  policies: azurePackPolicies(),
});
