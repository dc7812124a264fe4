#!/usr/bin/env node
/**
 * Benchmark: one changed tenancy (#14's "one changed tenancy" target). A copy of the sample estate
 * is synthesised and audited once to fill the cache (cold), then Kent's budget is changed (a real
 * edit of one force's spec: `budget.monthlyGbp`), and the estate is synthesised and audited again
 * with the cache kept (warm), and once more unchanged. Each step in a fresh process under
 * /usr/bin/time (wall, CPU of the process and its children, peak RSS). The cache is the one
 * `nplz synth` and `nplz audit` keep by default (content-addressed), in a temporary folder.
 *
 *   pnpm exec tsc -b && node bench/one-tenancy.js [--runs 3]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) throw new Error('needs /usr/bin/time (GNU time) to count child processes CPU');

function step(argv, env) {
  const p = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', process.execPath, path.join(root, 'packages/cli/dist/bin.js'), ...argv], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', ...env },
    maxBuffer: 1 << 28,
  });
  const line = p.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line || (p.status !== 0 && !(argv[0] === 'audit' && p.status === 1))) throw new Error(`${argv[0]} exited ${p.status}\n${p.stderr}`);
  const [wall, user, sys, rssKb] = line.split(' ').slice(1).map(Number);
  return { wall, cpu: +(user + sys).toFixed(2), peakMb: Math.round(rssKb / 1024) };
}

const rows = [];
for (let i = 0; i < runs; i++) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-one-'));
  const estate = path.join(work, 'estate');
  fs.cpSync(path.join(root, 'examples/estate'), estate, { recursive: true });
  const env = { NPLZ_CACHE_DIR: path.join(work, 'cache') };
  const both = (label) => {
    const out = path.join(work, `synth-${label}`);
    const synth = step(['synth', '--estate', estate, '--out', out], env);
    const audit = step(['audit', '--in', out, '--report', path.join(work, `report-${label}`)], env);
    return { synth, audit };
  };
  const cold = both('cold');
  const kent = path.join(estate, 'tenancies', 'kent.yaml');
  const text = fs.readFileSync(kent, 'utf8');
  if (!/monthlyGbp: 8000/.test(text)) throw new Error('kent.yaml no longer has monthlyGbp: 8000: update the bench');
  fs.writeFileSync(kent, text.replace('monthlyGbp: 8000', 'monthlyGbp: 9000'));
  const changed = both('changed');
  const unchanged = both('unchanged');
  rows.push({ run: i + 1, cold, changed, unchanged });
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`\n${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end\n`);
console.log('| run | step | synth wall / CPU (s) | synth peak (MB) | audit wall / CPU (s) | audit peak (MB) | total wall (s) |');
console.log('| --- | ---- | -------------------- | --------------- | -------------------- | --------------- | -------------- |');
for (const r of rows)
  for (const [name, s] of [
    ['cold cache', r.cold],
    ['Kent changed', r.changed],
    ['nothing changed', r.unchanged],
  ])
    console.log(
      `| ${r.run} | ${name} | ${s.synth.wall} / ${s.synth.cpu} | ${s.synth.peakMb} | ${s.audit.wall} / ${s.audit.cpu} | ${s.audit.peakMb} | ${(s.synth.wall + s.audit.wall).toFixed(2)} |`,
    );
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const changedWall = median(rows.map((r) => r.changed.synth.wall + r.changed.audit.wall));
console.log(
  `\nmedian one-changed-tenancy total ${changedWall.toFixed(2)} s wall: ${(changedWall / 1.5).toFixed(2)}× the 1.5 s target of #14`,
);
