#!/usr/bin/env node
/**
 * Benchmark: synthesise the AWS estate for 1, 10 and all 43 forces (plus the collaboration when
 * both its members are present), with the AwsSolutions pack and the Control Tower guard rules.
 * Each size runs in a fresh process so peak memory (max RSS) is per size.
 *
 *   pnpm exec tsc -b && node bench/aws-synth.js            # all sizes
 *   node bench/aws-synth.js --one 10 [--no-packs] [--all-guard-rules]   # one size, in this process
 *
 * By default the Control Tower rule files whose resource type the estate does not contain are
 * skipped (they can only say "not applicable"); --all-guard-rules runs every file.
 */
const { spawnSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

function runOne(forces, packs, allGuardRules = false) {
  const { loadEstateOrThrow } = require(path.join(root, 'packages/core/dist'));
  const { synthesizeAwsEstate } = require(path.join(root, 'packages/aws/dist'));
  const t0 = performance.now();
  const full = loadEstateOrThrow(path.join(root, 'examples/estate'));
  const owners = full.tenancies
    .filter((t) => t.spec.force)
    .slice(0, forces)
    .map((t) => t.spec.force);
  const tenancies = full.tenancies.filter((t) =>
    t.spec.force ? owners.includes(t.spec.force) : t.spec.forces.every((f) => owners.includes(f)),
  );
  const estate = { ...full, tenancies };
  const pluginFactories = [];
  if (packs) {
    // The same packs `nplz synth` runs (see packages/policy/src/aws/independent-packs.ts).
    const { AwsSolutionsChecks } = require(path.join(root, 'packages/policy/node_modules/cdk-nag'));
    const { CfnGuardValidator } = require(path.join(root, 'packages/policy/node_modules/@cdklabs/cdk-validator-cfnguard'));
    const { controlTowerValidator } = require(path.join(root, 'packages/policy/dist'));
    pluginFactories.push(
      (app) => new AwsSolutionsChecks(app),
      allGuardRules ? () => new CfnGuardValidator({ controlTowerRulesEnabled: true }) : controlTowerValidator,
    );
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-'));
  const r = synthesizeAwsEstate(estate, { outdir, pluginFactories });
  const ms = performance.now() - t0;
  let violations = 0;
  if (r.reportFile) {
    const rep = JSON.parse(fs.readFileSync(r.reportFile, 'utf8'));
    for (const p of rep.pluginReports) for (const v of p.violations) violations += v.violatingResources.length;
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return {
    forces: owners.length,
    tenancies: tenancies.length,
    stacks: r.stacks,
    resources: r.resources,
    packs,
    seconds: +(ms / 1000).toFixed(2),
    peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
    violations,
  };
}

if (args[0] === '--one') {
  console.log(JSON.stringify(runOne(Number(args[1]), !args.includes('--no-packs'), args.includes('--all-guard-rules'))));
} else {
  const rows = [];
  for (const packs of [false, true]) {
    for (const n of [1, 10, 43]) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, [path.join(__dirname, 'aws-synth.js'), '--one', String(n), ...(packs ? [] : ['--no-packs'])], {
        encoding: 'utf8',
      });
      if (p.status !== 0) {
        console.error(p.stderr);
        process.exit(1);
      }
      const row = JSON.parse(p.stdout.trim().split('\n').pop());
      row.processSeconds = +((performance.now() - t0) / 1000).toFixed(2);
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  console.table(rows);
}
