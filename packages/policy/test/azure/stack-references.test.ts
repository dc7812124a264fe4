import * as path from 'node:path';
import { getBaseline, loadEstateOrThrow, type Estate, type Plan, type PlanStack } from '@nplz/core';
import { azureStacks, recordPlan, runAzureStack } from '@nplz/azure';
import { evaluatePlanChecks } from '../../src/azure';
import { tenancyActivityLog } from '../../src/azure/checks/tenancy-activity-log';

/**
 * A force's own plan holds its tenancy stack only: the national activity-log assignment that
 * exports its subscription's activity log (NPLZ-LOG-01) is the national stack's, and reaches the
 * force's plan only as the output its StackReference reads. Recorded here as `nplz synth` records
 * a force's program: the national stack first, then kent-prod alone, its reference resolving to
 * the national outputs.
 */
const ROOT = path.join(__dirname, '../../../..');
const sample = loadEstateOrThrow(path.join(ROOT, 'examples/estate'), { now: new Date('2026-11-22T00:00:00Z') });
const estate: Estate = { ...sample, tenancies: sample.tenancies.filter((t) => t.spec.name === 'kent') };
const NATIONAL = 'organization/nplz/national';
let forceOnly: Plan;

beforeAll(async () => {
  const stacks = azureStacks(estate);
  const national = stacks.find((s) => s.kind === 'national')!;
  const kent = stacks.find((s) => s.tenancy === 'kent' && s.environment === 'prod')!;
  const n = await recordPlan(() => runAzureStack(estate, national), { project: national.project, stack: national.stack });
  const outputs = n.stacks!.find((s) => s.recorded)!.outputs;
  forceOnly = await recordPlan(() => runAzureStack(estate, kent), {
    project: kent.project,
    stack: kent.stack,
    stackReferences: { [NATIONAL]: outputs },
  });
}, 180_000);

const log01 = (plan: Plan) =>
  evaluatePlanChecks(plan, getBaseline(estate.national.baseline), [tenancyActivityLog]).map((r) => [r.status, r.message]);
/** The force's plan with the national stack's activityLogExport output changed as a careless change would. */
const withExport = (change: (e: Record<string, unknown>) => void): Plan => ({
  ...forceOnly,
  stacks: forceOnly.stacks!.map((s): PlanStack => {
    if (s.name !== NATIONAL) return s;
    const e = { ...(s.outputs.activityLogExport as Record<string, unknown>) };
    change(e);
    return { ...s, outputs: { ...s.outputs, activityLogExport: e } };
  }),
});

test("a force's plan of its stack alone holds no national resource, and reads the national stack", () => {
  for (const t of ['ManagementGroup', 'PolicyAssignment', 'Workspace'])
    expect(forceOnly.resources.filter((r) => r.type.endsWith(`:${t}`) && !r.tenancy)).toEqual([]);
  expect(forceOnly.stacks?.map((s) => [s.name, s.recorded, s.references])).toEqual([
    ['organization/kent-landing-zone/prod', true, [NATIONAL]],
    [NATIONAL, false, []],
  ]);
});

test('LOG-01 passes on the national export its StackReference reads', () => {
  expect(log01(forceOnly)).toEqual([
    [
      'pass',
      expect.stringMatching(
        /^activity log exported by national assignment \/nplz-plan\/.*PolicyAssignment\/nplz-policy-activity-logs \(read from stack organization\/nplz\/national\)$/,
      ),
    ],
  ]);
});

test('LOG-01 fails when the plan carries no stack reference (as a force plan did before)', () => {
  const { stacks: _dropped, ...noReferences } = forceOnly;
  expect(log01(noReferences)).toEqual([
    ['fail', expect.stringMatching(/^tenancy kent environment prod has no .* allowed: either, or a StackReference/)],
  ]);
  // A reference to a stack that exports no activity-log export is no better.
  const other = { ...forceOnly, stacks: forceOnly.stacks!.map((s) => (s.name === NATIONAL ? { ...s, outputs: { workspaceId: 'x' } } : s)) };
  expect(log01(other)).toEqual([['fail', expect.stringContaining('export no activityLogExport')]]);
});

test.each([
  ['audits only', (e: Record<string, unknown>) => void (e.effect = 'AuditIfNotExists'), /its effect is AuditIfNotExists/],
  ['not enforced', (e: Record<string, unknown>) => void (e.enforcementMode = 'DoNotEnforce'), /it is not enforced/],
  [
    'another workspace',
    (e: Record<string, unknown>) => void (e.workspaceId = '/subscriptions/x/workspaces/elsewhere'),
    /not the national workspace/,
  ],
  [
    'another branch of the hierarchy',
    (e: Record<string, unknown>) => void (e.scope = '/providers/Microsoft.Management/managementGroups/nplz-sandbox'),
    /neither the root group, the tenancy's placement group nor its subscription/,
  ],
  [
    'another policy',
    (e: Record<string, unknown>) => void (e.policyDefinitionId = '/providers/Microsoft.Authorization/policyDefinitions/x'),
    /is neither the activity-log built-in nor NPLZ's own export definition/,
  ],
])('LOG-01 fails when the referenced export %s', (_why, change, message) => {
  expect(log01(withExport(change))).toEqual([['fail', expect.stringMatching(message)]]);
});
