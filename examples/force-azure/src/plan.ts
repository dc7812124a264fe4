// Offline preview: records the program's plan under Pulumi mocks and writes plan.json.
// Usage: node dist/plan.js [out-file]   (no Pulumi CLI or Azure account needed)
import * as path from 'node:path';
import { recordPlan, writePlan } from '@nplz/azure';
import { forceProgram, PROJECT, sampleNationalOutputs } from './program';

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? 'plan.json');
  const stackReferences = await sampleNationalOutputs();
  const plan = await recordPlan(async () => (await forceProgram({ environment: 'prod' })).outputs, {
    project: PROJECT,
    stack: 'prod',
    stackReferences,
  });
  writePlan(plan, out);
  console.log(`${plan.resources.length} resources → ${out}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
