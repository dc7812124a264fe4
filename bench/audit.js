#!/usr/bin/env node
/**
 * Benchmark: the main job end to end on the 43-force sample estate, both clouds, all packs —
 * `nplz synth` (AWS cloud assembly with NplzChecks, AwsSolutions and the Control Tower guard rules;
 * the recorded Azure plan) then `nplz audit` (every check, every report format). Each step runs in
 * a fresh process, as a user runs it; peak memory is that process's max RSS.
 *
 *   pnpm exec tsc -b && node bench/audit.js [--runs 3]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

if (args[0] === '--child') {
  // Run one nplz command in this process and report time and peak memory on the last line.
  const { main } = require(path.join(root, 'packages/cli/dist/main'));
  const quiet = { out: () => {}, err: (t) => process.stderr.write(`${t}\n`), color: false, interactive: false };
  const t0 = performance.now();
  main(args.slice(1), quiet).then((code) => {
    console.log(JSON.stringify({ code, seconds: +((performance.now() - t0) / 1000).toFixed(2), peakMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
  });
  return;
}

const runs = args[0] === '--runs' ? Number(args[1]) : 3;
const step = (argv) => {
  const p = spawnSync(process.execPath, [__filename, '--child', ...argv], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  if (p.status !== 0) throw new Error(p.stderr);
  return JSON.parse(p.stdout.trim().split('\n').pop());
};
const rows = [];
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-audit-'));
  const synth = step(['synth', '--estate', path.join(root, 'examples/estate'), '--out', path.join(dir, 'synth')]);
  const audit = step(['audit', '--in', path.join(dir, 'synth'), '--report', path.join(dir, 'report')]);
  const findings = JSON.parse(fs.readFileSync(path.join(dir, 'report', 'findings.json'), 'utf8')).findings.length;
  fs.rmSync(dir, { recursive: true, force: true });
  const row = { run: i + 1, synthS: synth.seconds, synthPeakMb: synth.peakMb, auditS: audit.seconds, auditPeakMb: audit.peakMb, totalS: +(synth.seconds + audit.seconds).toFixed(2), findings, auditExit: audit.code };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const total = median(rows.map((r) => r.totalS));
console.log(`median total ${total} s for 43 forces on both clouds with all packs: ${(total / 15).toFixed(2)} of the 15 s target`);
