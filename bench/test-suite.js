#!/usr/bin/env node
/**
 * Benchmark: `pnpm test` (#14's "pnpm test at most 90 s wall, no worker above 1.5 GB"), and where its
 * CPU goes. Runs jest as `pnpm test` does (after `tsc -b`), under /usr/bin/time, with two probes that
 * change nothing a test sees:
 *
 * - a setup file (`--setupFilesAfterEnv`) that records, per test file, the jest worker's CPU from
 *   before the file's imports to its last test, and the worker's RSS high-water mark at the file's
 *   end (`process.resourceUsage().maxRSS`, which counts the worker's earlier files too);
 * - a preload (`NODE_OPTIONS=--require`) in every node process the tests start (the built CLI, the
 *   Azure plan children, tsc, the CDK CLI, a scaffolded project's app) that records its own CPU and
 *   command line when it exits.
 *
 * The rest of the run's CPU (from /usr/bin/time, every process waited for) is jest's own parent, the
 * processes that are not node (cfn-guard, cfn-lint, Chromium, npm's shell-outs) and any node process
 * killed before it could record. It prints markdown tables to paste into bench/README.md.
 *
 *   pnpm exec tsc -b && node bench/test-suite.js [-- <test paths>]
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const TIME = '/usr/bin/time';
if (!fs.existsSync(TIME)) throw new Error('needs /usr/bin/time (GNU time) to count child processes CPU');
const jestArgs = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-bench-tests-'));
const filesLog = path.join(work, 'files.ndjson');
const procsLog = path.join(work, 'processes.ndjson');
const setup = path.join(work, 'setup.js');
const preload = path.join(work, 'preload.js');
fs.writeFileSync(
  setup,
  `const fs = require('node:fs');
const start = process.cpuUsage();
const t0 = Date.now();
// The process's high-water mark (monotonic, so it includes earlier files of the same worker), and
// RSS sampled while the file runs (a synchronous synthesis holds off the timer, so the samples miss peaks).
const maxRss = () => process.resourceUsage().maxRSS * 1024;
const startRss = maxRss();
let peak = startRss;
const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 100);
timer.unref();
afterAll(() => {
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss(), maxRss());
  const u = process.cpuUsage(start);
  fs.appendFileSync(${JSON.stringify(filesLog)}, JSON.stringify({
    file: require('node:path').relative(${JSON.stringify(root)}, expect.getState().testPath),
    cpu: (u.user + u.system) / 1e6, wall: (Date.now() - t0) / 1000, peakMb: Math.round(peak / 1048576), startMb: Math.round(startRss / 1048576),
  }) + '\\n');
});
`,
);
fs.writeFileSync(
  preload,
  // Every node process, jest's own included (the tests' children inherit JEST_WORKER_ID, so the command
  // line tells them apart below).
  `process.on('exit', () => {
  const u = process.cpuUsage();
  const argv = process.argv.slice(1).join(' ');
  try {
    require('node:fs').appendFileSync(${JSON.stringify(procsLog)}, JSON.stringify({ argv, cpu: (u.user + u.system) / 1e6 }) + '\\n');
  } catch {}
});
`,
);

const t0 = Date.now();
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const run = spawnSync(TIME, ['-f', 'BENCH %e %U %S %M', process.execPath, jest, ...jestArgs, '--setupFilesAfterEnv', setup], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim() },
  maxBuffer: 1 << 28,
});
const line = run.stderr.split('\n').find((l) => l.startsWith('BENCH '));
if (!line) throw new Error(`jest did not run under ${TIME}:\n${run.stderr.slice(-4000)}`);
const [wall, user, sys] = line.split(' ').slice(1).map(Number);
const summary = run.stderr.match(/^Tests:.*$/m)?.[0];
if (!summary) throw new Error(`jest printed no summary:\n${run.stderr.slice(-4000)}`);
const read = (f) =>
  fs.existsSync(f)
    ? fs
        .readFileSync(f, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
const files = read(filesLog);
// jest itself (its parent, the worker farm) is not one of the tests' processes.
const procs = read(procsLog).filter((p) => !/node_modules\/jest\/bin\/jest\.js|jest-worker/.test(p.argv));
fs.rmSync(work, { recursive: true, force: true });

const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const s = (x) => x.toFixed(1);
const total = user + sys;
const inFiles = sum(files.map((f) => f.cpu));
const inProcs = sum(procs.map((p) => p.cpu));

/** A command line without its temporary paths and arguments, so runs of one command group together. */
function command(argv) {
  const rel = argv
    .split(' ')
    .map((a) => (a.startsWith(root) ? path.relative(root, a) : a))
    .map((a) => a.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''))
    .map((a) => a.replace(/\.(init|guide)-test-[^/]+/, '.$1-test-*'));
  const [script, sub] = rel;
  if (/packages\/cli\/dist\/bin\.js$/.test(script)) return `nplz ${sub ?? ''}`.trim();
  if (/azure-plan-child\.js$/.test(script))
    return `azure-plan-child.js${sub === '--estates' ? ' --estates (nplz diff, tests)' : ' (nplz synth)'}`;
  return script && !script.startsWith('-') ? script : `node ${rel.slice(0, 1).join(' ')} (inline)`;
}
const byCommand = new Map();
for (const p of procs) {
  const k = command(p.argv);
  const e = byCommand.get(k) ?? { n: 0, cpu: 0 };
  e.n++;
  e.cpu += p.cpu;
  byCommand.set(k, e);
}

console.log(`\n${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end; ${summary}`);
console.log(`\njest: ${s(wall)} s wall, ${s(total)} s CPU (user ${s(user)} + sys ${s(sys)}); bench ${s((Date.now() - t0) / 1000)} s\n`);
console.log('| where the CPU went | CPU (s) | share |');
console.log('| --- | --- | --- |');
const share = (x) => `${Math.round((100 * x) / total)}%`;
console.log(`| jest workers, inside ${files.length} test files | ${s(inFiles)} | ${share(inFiles)} |`);
console.log(`| node processes the tests start (${procs.length}) | ${s(inProcs)} | ${share(inProcs)} |`);
const rest = total - inFiles - inProcs;
console.log(
  `| the rest: jest's parent and start-up, processes that are not node, any killed before recording | ${s(rest)} | ${share(rest)} |`,
);
console.log(
  `\nA floor from this run: the processes the tests start, alone, on ${os.cpus().length} cores: ${s(inProcs / os.cpus().length)} s wall.`,
);
console.log('\n| node process the tests start | runs | CPU (s) |');
console.log('| --- | --- | --- |');
for (const [k, e] of [...byCommand].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 15)) console.log(`| \`${k}\` | ${e.n} | ${s(e.cpu)} |`);
console.log('\n| test file | worker CPU (s) | wall (s) | worker peak RSS (MB) |');
console.log('| --- | --- | --- | --- |');
for (const f of [...files].sort((a, b) => b.cpu - a.cpu).slice(0, 15))
  console.log(`| ${f.file} | ${s(f.cpu)} | ${s(f.wall)} | ${f.peakMb} |`);
const peak = files.reduce((m, f) => (f.peakMb > m.peakMb ? f : m), { peakMb: 0, file: '-' });
console.log(`\nlargest jest worker: ${peak.peakMb} MB RSS, during ${peak.file} (target 1.5 GB)`);
const over = files.filter((f) => f.peakMb > 1536).sort((a, b) => b.peakMb - a.peakMb);
if (over.length) {
  console.log(
    `\n${over.length} test files ran in a worker above 1.5 GB RSS (the worker's high-water mark when the file started, then at its end):`,
  );
  for (const f of over) console.log(`- ${f.file}: ${f.startMb} → ${f.peakMb} MB`);
}
console.log(`pnpm test's jest: ${s(wall)} s wall, ${(wall / 90).toFixed(2)}× the 90 s target of #14`);
if (run.status !== 0) {
  const failed = run.stderr.split('\n').filter((l) => l.startsWith('FAIL '));
  console.error(`\njest exited ${run.status}: the figures are of a failing run\n${failed.join('\n')}`);
  process.exit(1);
}
