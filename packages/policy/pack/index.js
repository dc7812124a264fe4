// The `nplz-azure` policy pack for real Pulumi runs:
//
//   pulumi preview --policy-pack node_modules/@nplz/policy/pack      (or packages/policy/pack here)
//
// The same policy objects the offline runner (`evaluatePlan`, `evaluatePlanChecks`) calls over
// plan.json. Each resource is checked against the baseline its `nplz:baseline` tag names (else the
// stack's `nplz:baseline` tag, else the latest baseline). Plain JavaScript, so the pack runs from
// the installed package without a TypeScript step.
'use strict';
const { PolicyPack } = require('@pulumi/policy');
const { azurePackPolicies } = require('..');

new PolicyPack('nplz-azure', {
  description: 'NPLZ national guardrails for Azure: every Azure control of the NPLZ controls catalog.',
  displayName: 'NPLZ (National Policing Landing Zone) for Azure',
  provider: 'azure',
  tags: ['nplz', 'azure', 'ncsc-cloud-security-principles'],
  policies: azurePackPolicies(),
});
