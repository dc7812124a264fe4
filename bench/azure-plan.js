#!/usr/bin/env node
/**
 * Benchmark: record the offline Azure plan (NationalLandingZone under the plan recorder) for
 * 1, 10 and all 43 forces of examples/estate (plus the kent-essex-its collaboration when both
 * its members are present). Each size runs in a fresh process so peak memory (max RSS) is per size.
 *
 *   pnpm exec tsc -b && node bench/azure-plan.js        # all sizes
 *   node bench/azure-plan.js --one 10                   # one size, in this process
 *
 * "plan" is planAzureEstate() alone; "total" adds loading @pulumi/pulumi, @nplz/azure and the estate.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const SIZES = [1, 10, 43];

function runOne(forces) {
  const t0 = process.hrtime.bigint();
  const core = require(path.join(root, 'packages/core/dist/index.js'));
  const azure = require(path.join(root, 'packages/azure/dist/index.js'));
  const estate = core.loadEstateOrThrow(path.join(root, 'examples/estate'));
  const own = estate.tenancies.filter((t) => !core.isCollaboration(t.spec)).slice(0, forces);
  const present = new Set(own.map((t) => t.spec.force));
  const collabs = estate.tenancies.filter((t) => core.isCollaboration(t.spec) && t.spec.forces.every((f) => present.has(f)));
  const subset = { ...estate, tenancies: [...own, ...collabs] };
  const t1 = process.hrtime.bigint();
  return azure.planAzureEstate(subset).then((plan) => {
    const t2 = process.hrtime.bigint();
    const ms = (a, b) => Number(b - a) / 1e6;
    const zones = plan.resources.filter((r) => r.type === 'nplz:azure:ForceLandingZone').length;
    return {
      forces,
      tenancies: subset.tenancies.length,
      landingZones: zones,
      resources: plan.resources.length,
      planMs: Math.round(ms(t1, t2)),
      totalMs: Math.round(ms(t0, t2)),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  });
}

if (args[0] === '--one') {
  runOne(Number(args[1])).then((r) => console.log(JSON.stringify(r)));
} else {
  const rows = [];
  for (const n of SIZES) {
    const r = spawnSync(process.execPath, [process.argv[1], '--one', String(n)], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.error(r.stderr);
      process.exit(1);
    }
    rows.push(JSON.parse(r.stdout.trim().split('\n').pop()));
  }
  console.log('forces  tenancies  landing zones  resources  plan (s)  total (s)  peak RSS (MB)');
  for (const r of rows) {
    console.log(
      [
        String(r.forces).padStart(6),
        String(r.tenancies).padStart(10),
        String(r.landingZones).padStart(14),
        String(r.resources).padStart(10),
        (r.planMs / 1000).toFixed(2).padStart(9),
        (r.totalMs / 1000).toFixed(2).padStart(10),
        String(r.maxRssMb).padStart(14),
      ].join(' '),
    );
  }
  console.log(
    `node ${process.version}, ${require('node:os').cpus().length} CPUs, load average ${require('node:os')
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
}
