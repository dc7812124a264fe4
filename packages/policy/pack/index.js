// The `nplz-azure` policy pack for real Pulumi runs:
//
//   pulumi preview --policy-pack node_modules/@nplz/policy/pack      (or packages/policy/pack here)
//
// The same policy objects the offline runner (`evaluatePlan`, `evaluatePlanChecks`) calls over
// plan.json. Each resource is checked against the baseline its `nplz:baseline` tag names (else the
// stack's `nplz:baseline` tag, else the latest baseline). Plain JavaScript, so the pack runs from
// the installed package without a TypeScript step.
//
// It loads the Azure entry of @nplz/policy (`@nplz/policy/azure`) by its file, not the package's
// root: the root also loads the AWS checks, aws-cdk-lib, cdk-nag and cfn-guard (some 400 modules
// more), which a Pulumi run never calls. The path is relative because this folder is a package of
// its own (the package.json beside this file, whose `version` Pulumi requires), so
// `require('@nplz/policy/azure')` would resolve once installed but not from here in the workspace.
// test/pack.test.ts fails if the pack loads any AWS module.
'use strict';
const { PolicyPack } = require('@pulumi/policy');
const { azurePackPolicies } = require('../dist/azure/index.js');

new PolicyPack('nplz-azure', {
  description: 'NPLZ national guardrails for Azure: every Azure control of the NPLZ controls catalog.',
  displayName: 'NPLZ (National Policing Landing Zone) for Azure',
  provider: 'azure',
  tags: ['nplz', 'azure', 'ncsc-cloud-security-principles'],
  policies: azurePackPolicies(),
});
