import * as fs from 'node:fs';
import { consentedMembers, Estate, getBaseline, NplzError, type Finding } from '@nplz/core';
import { auditAzurePlan, type AzurePlan, localResourceGroupsOf, parseAzurePlan } from '../azure';
import { azurePlanFinding } from './finding';

/** Read and check a recorded plan file; bad JSON or a wrong shape is bad input (exit 2). */
export function readAzurePlan(file: string) {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw NplzError.of({
      file,
      path: '',
      received: (e as Error).message,
      message: 'plan.json is not readable JSON',
      allowed: 'the plan.json `nplz synth` writes',
    });
  }
  return parseAzurePlan(value, file);
}

/**
 * Findings for the Azure side: every NPLZ policy on every resource of the recorded plan and the
 * plan-wide checks, each resource checked against its own tenancy's baseline. `plan` is the plan
 * file as already read (the audit reads it once, to check its input); without it the file is read.
 */
export async function azureFindings(planFile: string, estate: Estate, plan: AzurePlan = readAzurePlan(planFile)): Promise<Finding[]> {
  const specs = new Map(estate.tenancies.map((t) => [t.spec.name, t.spec]));
  const national = getBaseline(estate.national.baseline);
  const collaborations = consentedMembers(estate.tenancies.map((t) => t.spec));
  const results = await auditAzurePlan(plan, {
    baseline: national,
    baselineFor: (r) => {
      const spec = r.tenancy ? specs.get(r.tenancy) : undefined;
      return spec ? getBaseline(spec.baseline) : national;
    },
    collaborations,
    localResourceGroups: localResourceGroupsOf(estate),
  });
  return results.map(azurePlanFinding);
}
