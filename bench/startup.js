#!/usr/bin/env node
/**
 * Benchmark: CLI start-up. Runs light commands (`--version`, `--help`, `forces`, `validate` of the
 * sample estate) in fresh processes under /usr/bin/time and prints wall, CPU (user + sys) and peak
 * memory, the median of --runs. Pass one or more --bin <path to bin.js> to compare builds in the
 * same run (default: packages/cli/dist/bin.js); runs are interleaved so load affects each alike.
 *
 *   node bench/startup.js --runs 5
 *   node bench/startup.js --bin /path/to/old/bin.js --bin packages/cli/dist/bin.js
 */
'use strict';
const { spawnSync } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);
const bins = [];
let runs = 5;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--bin') bins.push(path.resolve(args[++i]));
  else if (args[i] === '--runs') runs = Number(args[++i]);
  else throw new Error(`unknown argument ${args[i]}; usage: node bench/startup.js [--runs N] [--bin <bin.js>]...`);
}
if (!bins.length) bins.push(path.join(root, 'packages/cli/dist/bin.js'));

const COMMANDS = [['--version'], ['--help'], ['forces'], ['validate', 'examples/estate']];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const samples = new Map(); // `${bin}\0${cmd}` → [{wall, cpu, mb}]
for (let r = 0; r < runs; r++) {
  for (const argv of COMMANDS) {
    for (const bin of bins) {
      const p = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, bin, ...argv], { cwd: root, encoding: 'utf8' });
      const line = p.stderr.split('\n').find((l) => l.startsWith('BENCH '));
      if (p.status !== 0 || !line) throw new Error(`${bin} ${argv.join(' ')}: exit ${p.status}\n${p.stderr}`);
      const [wall, user, sys, kb] = line.split(' ').slice(1).map(Number);
      const key = `${bin}\0${argv.join(' ')}`;
      if (!samples.has(key)) samples.set(key, []);
      samples.get(key).push({ wall, cpu: user + sys, mb: kb / 1024 });
    }
  }
}
console.log(`\nmedian of ${runs}, load average ${os.loadavg()[0].toFixed(1)}, ${os.cpus().length} cores\n`);
console.log('| bin | command | wall (s) | CPU (s) | peak (MB) |');
console.log('| --- | --- | --- | --- | --- |');
for (const argv of COMMANDS) {
  for (const bin of bins) {
    const s = samples.get(`${bin}\0${argv.join(' ')}`);
    const m = (k) => median(s.map((x) => x[k]));
    console.log(
      `| ${path.relative(root, bin)} | nplz ${argv.join(' ')} | ${m('wall').toFixed(2)} | ${m('cpu').toFixed(2)} | ${Math.round(m('mb'))} |`,
    );
  }
}
