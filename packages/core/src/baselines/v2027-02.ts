import { deepFreeze } from '../private/deep-freeze';
import type { Baseline } from './types';
import { BASELINE_2026_11 } from './v2026-11';

const prev = BASELINE_2026_11;

/**
 * Baseline 2027.02. Built from 2026.11 with each change spelled out below, so the difference
 * between two baselines reads in one screen. Published baselines are never edited.
 */
export const BASELINE_2027_02: Baseline = deepFreeze<Baseline>({
  ...prev,
  version: '2027.02',
  released: '2027-02-01',
  changes: [
    'Audit evidence is locked for two years instead of one: object lock and immutability policies on the national archive move from 365 to 730 days. Nothing for forces to do; the archive holds more data.',
    'A new required tag, "service-owner", names the service owner of every tenancy resource. Forces add `service-owner` under `tags` in their tenancy spec before moving to 2027.02.',
    'The AWS region guardrail exempts fewer global services: AWS Global Accelerator is no longer allowed. Forces publish internet-facing services through the national edge, not accelerators of their own.',
    'WinRM (5985, 5986) joins SSH and RDP in the management ports that no internet source may reach in a force tenancy, on both clouds: Azure denies such NSG rules, and the audit fails an AWS security group or Azure NSG that opens one.',
  ],
  logging: { ...prev.logging, immutabilityDays: 730 },
  requiredTags: [
    ...prev.requiredTags,
    { key: 'service-owner', source: 'spec', description: 'The named role accountable for the service running in the tenancy.' },
  ],
  regions: {
    ...prev.regions,
    aws: {
      ...prev.regions.aws,
      globalServiceActions: prev.regions.aws.globalServiceActions.filter((a) => a !== 'globalaccelerator:*'),
    },
  },
  guardrails: {
    ...prev.guardrails,
    network: { ...prev.guardrails.network, denyInternetManagementPorts: [22, 3389, 5985, 5986] },
  },
});
