#!/usr/bin/env node
/**
 * Benchmark: `nplz diff --from 2026.11 --to 2027.02` on the 43-force sample estate — the national
 * team's estate-wide run, and a force engineer's `--force kent` run (kent and its collaboration).
 * Each run is a fresh process, as a user runs it; peak memory is that process's max RSS.
 *
 *   pnpm exec tsc -b && node bench/diff.js [--runs 3]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

if (args[0] === '--child') {
  const { main } = require(path.join(root, 'packages/cli/dist/main'));
  let changes = 0;
  const term = { out: (t) => (changes = JSON.parse(t).changes.length), err: () => {}, color: false, interactive: false };
  const t0 = performance.now();
  main(args.slice(1), term).then((code) => {
    console.log(
      JSON.stringify({
        code,
        changes,
        seconds: +((performance.now() - t0) / 1000).toFixed(2),
        peakMb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  });
  return;
}

const runs = args[0] === '--runs' ? Number(args[1]) : 3;
const diff = (extra) => {
  const argv = ['diff', '--from', '2026.11', '--to', '2027.02', '--estate', path.join(root, 'examples/estate'), '--json', ...extra];
  const p = spawnSync(process.execPath, [__filename, '--child', ...argv], {
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NPLZ_TODAY: '2026-11-22' },
  });
  if (p.status !== 0) throw new Error(p.stderr || p.stdout);
  const r = JSON.parse(p.stdout.trim().split('\n').pop());
  if (r.code !== 0) throw new Error(`nplz diff exited ${r.code}`);
  return r;
};
const rows = [];
for (let i = 0; i < runs; i++) {
  const estate = diff([]);
  const kent = diff(['--force', 'kent']);
  const row = {
    run: i + 1,
    estateS: estate.seconds,
    estatePeakMb: estate.peakMb,
    estateChanges: estate.changes,
    kentS: kent.seconds,
    kentPeakMb: kent.peakMb,
    kentChanges: kent.changes,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
console.table(rows);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const e = median(rows.map((r) => r.estateS));
const k = median(rows.map((r) => r.kentS));
const em = median(rows.map((r) => r.estatePeakMb));
console.log(
  `estate-wide: median ${e} s (${(e / 30).toFixed(2)}× the 30 s target), peak ${em} MB (${(em / 2048).toFixed(2)}× the 2 GB target)`,
);
console.log(`--force kent: median ${k} s, ${(k / e).toFixed(2)}× the estate-wide run`);
