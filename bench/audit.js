#!/usr/bin/env node
/**
 * Benchmark: the main job end to end on the 43-force sample estate, both clouds, all packs —
 * `nplz synth` (AWS cloud assembly with NplzChecks, AwsSolutions and the Control Tower guard rules;
 * the recorded Azure plan, in a child process while AWS synthesises) then `nplz audit` (every check,
 * the default report formats). Each step runs in a fresh process, as a user runs it, under
 * /usr/bin/time: wall seconds, CPU seconds (user + sys, child processes included: cfn-guard and the
 * Azure plan process) and peak RSS (the largest single process). Prints a Markdown table to paste
 * into bench/README.md.
 *
 *   pnpm exec tsc -b && node bench/audit.js [--runs 3] [--serial] [--warm]
 *
 * --serial  NPLZ_SERIAL=1: the Azure plan after AWS, in the same process (the "before" layout)
 * --warm    keep the cfn-guard cache between runs (default: each run starts with an empty cache)
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 3;
const serial = args.includes('--serial');
const warm = args.includes('--warm');
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) throw new Error('needs /usr/bin/time (GNU time) to count child processes CPU');

const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-cache-'));
function step(argv) {
  const env = { ...process.env, CI: 'true', NPLZ_CACHE_DIR: cacheDir, ...(serial ? { NPLZ_SERIAL: '1' } : {}) };
  const p = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', process.execPath, path.join(root, 'packages/cli/dist/bin.js'), ...argv], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 28,
  });
  const line = p.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (!line) throw new Error(p.stderr);
  const [wall, user, sys, rssKb] = line.split(' ').slice(1).map(Number);
  return { code: p.status, wall, cpu: +(user + sys).toFixed(2), sys, peakMb: Math.round(rssKb / 1024) };
}

const rows = [];
for (let i = 0; i < runs; i++) {
  if (!warm) fs.rmSync(cacheDir, { recursive: true, force: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-audit-'));
  const synth = step(['synth', '--estate', path.join(root, 'examples/estate'), '--out', path.join(dir, 'synth')]);
  if (synth.code !== 0) throw new Error(`synth exited ${synth.code}`);
  const audit = step(['audit', '--in', path.join(dir, 'synth'), '--report', path.join(dir, 'report')]);
  const findings = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'findings.json'), 'utf8')).findings.length;
  fs.rmSync(dir, { recursive: true, force: true });
  rows.push({ run: i + 1, synth, audit, findings });
}
fs.rmSync(cacheDir, { recursive: true, force: true });

const mode = `${serial ? 'serial' : 'parallel'}, ${warm ? 'warm' : 'cold'} cache`;
console.log(`\n${mode}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end\n`);
console.log(
  '| run | synth wall (s) | synth CPU (s) | synth peak (MB) | audit wall (s) | audit CPU (s) | audit peak (MB) | total wall (s) | total CPU (s) | findings |',
);
console.log(
  '| --- | -------------- | ------------- | --------------- | -------------- | ------------- | --------------- | -------------- | ------------- | -------- |',
);
for (const r of rows)
  console.log(
    `| ${r.run} | ${r.synth.wall} | ${r.synth.cpu} | ${r.synth.peakMb} | ${r.audit.wall} | ${r.audit.cpu} | ${r.audit.peakMb} | ${(r.synth.wall + r.audit.wall).toFixed(2)} | ${(r.synth.cpu + r.audit.cpu).toFixed(2)} | ${r.findings} |`,
  );
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wall = median(rows.map((r) => r.synth.wall + r.audit.wall));
console.log(`\nmedian total ${wall.toFixed(2)} s wall: ${(wall / 6).toFixed(2)}× the 6 s target of #14`);
