#!/usr/bin/env node
/**
 * `pnpm demo`: synthesise and audit the sample estate (examples/estate → out/synth, out/report) and
 * print how long each step took. The CLI's own output is shown as it runs.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.join(__dirname, '..');
const bin = path.join(root, 'packages/cli/dist/bin.js');
const times = [];
for (const argv of [
  ['synth', '--estate', 'examples/estate', '--out', 'out/synth'],
  ['audit', '--in', 'out/synth', '--report', 'out/report'],
]) {
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [bin, ...argv], { cwd: root, stdio: 'inherit' });
  times.push([argv[0], (performance.now() - t0) / 1000]);
  // The audit exits 1 when it finds failures: the demo still reports its time.
  if (p.status !== 0 && !(argv[0] === 'audit' && p.status === 1)) process.exit(p.status ?? 1);
}
const total = times.reduce((a, [, s]) => a + s, 0);
console.log(`\ndemo took ${total.toFixed(1)} s (${times.map(([n, s]) => `${n} ${s.toFixed(1)} s`).join(', ')})`);
