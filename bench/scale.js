#!/usr/bin/env node
/**
 * Benchmark: the scale curve. Writes bench estates of three sizes with the sample estate's
 * generator (examples/estate/generate.js: same address plan, account numbering, groups and
 * collaboration) into a temporary folder, then runs `nplz synth` and `nplz audit` on each, every
 * step in a fresh process under /usr/bin/time (wall, CPU = user + sys with child processes, peak
 * RSS of the largest process). Prints the curve, the cost per account or subscription at each size
 * and the marginal cost between sizes, which is what "grows linearly" means: a constant marginal
 * cost. A size the synth checks refuse (a cloud limit) is reported with the refusal, not hidden.
 *
 *   pnpm exec tsc -b && node bench/scale.js        # 12x2, 43x2 (the sample estate), 39x3, 46x6
 *   node bench/scale.js --runs 3                             # the median of 3 runs of each step
 *   node bench/scale.js --sizes 43x2,46x6 --keep             # forces x environments; keep the folder
 *
 * Forces are taken in registry order (packages/core/src/forces.ts: the 43 territorial, then the 3
 * special); Kent and Essex's collaboration is added when both are in. Each synth gets an empty
 * guard cache (NPLZ_CACHE_DIR), so every size is a cold run.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'packages/cli/dist/bin.js');
const { writeEstate } = require(path.join(root, 'examples/estate/generate.js'));
const { FORCES } = require(require.resolve('@nplz/core', { paths: [path.join(root, 'examples/estate')] }));
const ENVIRONMENTS = ['prod', 'nonprod', 'dev', 'test', 'preprod', 'train', 'dr', 'sandbox'];

const args = process.argv.slice(2);
let sizes = '12x2,43x2,39x3,46x6';
let keep = false;
let runs = 1;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--sizes') sizes = args[++i];
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else if (args[i] === '--keep') keep = true;
  else throw new Error(`unknown argument ${args[i]}; usage: node bench/scale.js [--sizes 12x2,43x2,39x3,46x6] [--runs N] [--keep]`);
}
const plan = sizes.split(',').map((s) => {
  const m = /^(\d+)x(\d+)$/.exec(s.trim());
  if (!m || +m[1] < 1 || +m[1] > FORCES.length || +m[2] < 1 || +m[2] > ENVIRONMENTS.length)
    throw new Error(`--sizes: "${s}" is not <forces 1-${FORCES.length}>x<environments 1-${ENVIRONMENTS.length}>`);
  return { forces: +m[1], envs: +m[2] };
});

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** `timed` n times (a fresh guard cache each synth): the median of each figure; a refusal is returned at once. */
function timedMedian(n, argv, envFor) {
  const all = [];
  for (let r = 0; r < n; r++) {
    const t = timed(argv, envFor(r));
    if (t.code !== 0 && !(argv[0] === 'audit' && t.code === 1)) return t;
    all.push(t);
  }
  return {
    ...all[all.length - 1],
    wall: median(all.map((t) => t.wall)),
    cpu: median(all.map((t) => t.cpu)),
    mb: median(all.map((t) => t.mb)),
  };
}

function timed(argv, env) {
  const p = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, bin, ...argv], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  const lines = p.stderr.split('\n');
  const line = lines.find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(`${argv.join(' ')}: no timing\n${p.stderr}`);
  const [wall, user, sys, kb] = line.split(' ').slice(1).map(Number);
  const stderr = lines.filter((l) => !l.startsWith('BENCH ') && !/^Command exited with non-zero status/.test(l)).join('\n');
  return { code: p.status, wall, cpu: user + sys, mb: kb / 1024, stdout: p.stdout, stderr };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-scale-'));
const rows = [];
for (const { forces, envs } of plan) {
  const label = `${forces}x${envs}`;
  const estate = path.join(tmp, `estate-${label}`);
  const out = path.join(tmp, `synth-${label}`);
  const report = path.join(tmp, `report-${label}`);
  const { tenancies } = writeEstate(estate, { forces: FORCES.slice(0, forces), environments: ENVIRONMENTS.slice(0, envs) });
  const collab = tenancies > forces;
  // Accounts and subscriptions the tenancies declare: each environment on both clouds, plus the
  // collaboration's prod on both. (The national accounts and subscriptions are not counted.)
  const accounts = forces * envs * 2 + (collab ? 2 : 0);
  const row = { label, forces, envs, tenancies, accounts };
  process.stderr.write(`${label}: ${tenancies} tenancies, ${accounts} accounts + subscriptions: synth... `);
  const s = timedMedian(runs, ['synth', '--estate', estate, '--out', out], (r) => ({
    NPLZ_CACHE_DIR: path.join(tmp, `cache-${label}-${r}`),
  }));
  row.synth = s;
  if (s.code !== 0) {
    row.refused = s.stderr.trim().split('\n').slice(0, 12).join('\n');
    process.stderr.write(`refused (exit ${s.code})\n`);
    rows.push(row);
    continue;
  }
  process.stderr.write('audit... ');
  const a = timedMedian(runs, ['audit', '--in', out, '--report', report, '--json'], () => ({}));
  if (a.code !== 0 && a.code !== 1) throw new Error(`audit of ${label} exited ${a.code}\n${a.stderr}`);
  row.audit = a;
  try {
    row.findings = JSON.parse(a.stdout).summary;
  } catch {
    row.findings = undefined;
  }
  row.templates = fs.readdirSync(path.join(out, 'aws')).filter((f) => f.endsWith('.template.json')).length;
  process.stderr.write('done\n');
  rows.push(row);
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(report, { recursive: true, force: true });
}

const f2 = (x) => x.toFixed(2);
const ms = (x) => (x * 1000).toFixed(0);
console.log(
  `\nload average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, ${os.cpus().length} cores, node ${process.version}\n`,
);
console.log(
  '| forces × envs | tenancies | accounts + subs | templates | synth wall / CPU (s) | synth peak (MB) | audit wall / CPU (s) | audit peak (MB) | CPU per account (ms) |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  if (r.refused) {
    console.log(
      `| ${r.label} | ${r.tenancies} | ${r.accounts} | — | refused after ${f2(r.synth.wall)} / ${f2(r.synth.cpu)} | ${Math.round(r.synth.mb)} | — | — | — |`,
    );
    continue;
  }
  const cpu = r.synth.cpu + r.audit.cpu;
  console.log(
    `| ${r.label} | ${r.tenancies} | ${r.accounts} | ${r.templates} | ${f2(r.synth.wall)} / ${f2(r.synth.cpu)} | ${Math.round(r.synth.mb)} | ${f2(r.audit.wall)} / ${f2(r.audit.cpu)} | ${Math.round(r.audit.mb)} | ${ms(cpu / r.accounts)} |`,
  );
}
const ok = rows.filter((r) => !r.refused);
if (ok.length >= 2) {
  console.log('\nMarginal cost between sizes, per added account or subscription (CPU; growth of the peak RSS):');
  const marg = [];
  for (let i = 1; i < ok.length; i++) {
    const [a, b] = [ok[i - 1], ok[i]];
    const d = b.accounts - a.accounts;
    const per = (k, f) => (f(b[k]) - f(a[k])) / d;
    const cpu = per('synth', (x) => x.cpu) + per('audit', (x) => x.cpu);
    marg.push(cpu);
    console.log(
      `  ${a.label} → ${b.label} (+${d}): synth ${ms(per('synth', (x) => x.cpu))} ms, audit ${ms(per('audit', (x) => x.cpu))} ms, together ${ms(cpu)} ms; synth peak ${per('synth', (x) => x.mb).toFixed(2)} MB, audit peak ${per('audit', (x) => x.mb).toFixed(2)} MB`,
    );
  }
  if (marg.length > 1) {
    const ratio = marg[marg.length - 1] / marg[0];
    console.log(
      `\nlast marginal CPU / first marginal CPU: ${ratio.toFixed(2)}: ${ratio > 1.25 ? 'super-linear (the cost of an account grows with the estate)' : 'linear within 25% (an added account costs about the same in a bigger estate)'}`,
    );
  }
}
for (const r of rows.filter((x) => x.refused)) console.log(`\n${r.label} refused by synth (exit ${r.synth.code}):\n${r.refused}`);
if (keep) console.log(`\nestates kept in ${tmp}`);
else fs.rmSync(tmp, { recursive: true, force: true });
