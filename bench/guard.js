#!/usr/bin/env node
/**
 * Benchmark: the Control Tower guard rules over a synthesised estate's templates, the stock
 * CfnGuardValidator against ControlTowerGuard (same rule files: those whose type the estate holds),
 * each in a fresh process under /usr/bin/time (CPU = user + sys, cfn-guard included). Checks that
 * both reports are identical.
 *
 *   node packages/cli/dist/bin.js synth --estate examples/estate --out /tmp/s && node bench/guard.js /tmp/s/aws
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const [dir, which, out] = process.argv.slice(2);
if (!dir) throw new Error('usage: node bench/guard.js <cloud assembly dir>');
const templates = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.template.json') && !f.includes('.stackset.'))
  .map((f) => path.join(dir, f));

if (which) {
  // One validator in this process; the report goes to `out`.
  const { ControlTowerGuard, inapplicableGuardRules } = require(path.join(root, 'packages/policy/dist/aws/index.js'));
  const { CfnGuardValidator } = require(
    require.resolve('@cdklabs/cdk-validator-cfnguard', { paths: [path.join(root, 'packages/policy')] }),
  );
  const types = new Set();
  for (const t of templates) for (const r of Object.values(JSON.parse(fs.readFileSync(t, 'utf8')).Resources ?? {})) types.add(r.Type);
  const props = { controlTowerRulesEnabled: true, disabledRules: inapplicableGuardRules(types) };
  const v = which === 'stock' ? new CfnGuardValidator(props) : new ControlTowerGuard(props);
  fs.writeFileSync(out, JSON.stringify(v.validate({ templatePaths: templates })));
  return;
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-guard-'));
const rows = [];
for (const v of ['stock', 'batched']) {
  const file = path.join(tmp, `${v}.json`);
  const p = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %U %S %M', process.execPath, __filename, dir, v, file], { encoding: 'utf8' });
  const line = p.stderr.split('\n').find((l) => l.startsWith('BENCH '));
  if (p.status !== 0 || !line) throw new Error(p.stderr);
  const [wall, user, sys, rss] = line.split(' ').slice(1).map(Number);
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  rows.push({
    v,
    wall,
    cpu: +(user + sys).toFixed(2),
    peakMb: Math.round(rss / 1024),
    violations: report.violations.length,
    text: JSON.stringify(report),
  });
}
console.log(`\n${templates.length} templates, load average ${os.loadavg()[0].toFixed(1)}\n`);
console.log('| validator | wall (s) | CPU (s) | peak (MB) | violations |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.v} | ${r.wall} | ${r.cpu} | ${r.peakMb} | ${r.violations} |`);
console.log(`\nreports identical: ${rows[0].text === rows[1].text}; CPU ratio ${(rows[0].cpu / rows[1].cpu).toFixed(1)}×`);
fs.rmSync(tmp, { recursive: true, force: true });
