import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { recordAzurePlanInChild } from '../src/azure-plan-child';

/**
 * The child that records the Azure plan for `nplz synth` prints one result line, the sample estate's
 * deploy plan included (about 74 KB, more than a pipe holds). The parent reads it only once its
 * synchronous AWS synthesis is over, so the child must not exit before the whole line has been
 * taken: it once did (`process.exit` after an asynchronous write to a full pipe), and the parent
 * failed with "printed no counts".
 */
const ROOT = path.join(__dirname, '..', '..', '..');
// The child runs the built code: its plan cache salt is dist's, so its entries are kept apart.
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'nplz-test', 'azure-plan-child');

test('a parent busy for a while after the child finished still gets the whole result line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-azure-child-'));
  try {
    const file = path.join(dir, 'plan.json');
    const child = recordAzurePlanInChild(path.join(ROOT, 'examples/estate'), new Date('2026-12-01T00:00:00Z'), file, CACHE);
    // Busy, as during the AWS synthesis: no event loop turn, so nothing is read from the pipe,
    // until the child has written its plan and had time to exit.
    const started = Date.now();
    while (!fs.existsSync(file) && Date.now() - started < 120_000) {
      /* busy */
    }
    const after = Date.now();
    while (Date.now() - after < 1500) {
      /* busy */
    }
    const result = await child.done;
    expect(result.resources).toBeGreaterThan(1000);
    expect(JSON.stringify(result).length).toBeGreaterThan(65_536);
    expect(result.deployPlanMarkdown).toContain('pulumi up');
    expect(result.deployPlan.baseline).toBe('2026.11');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

// The mechanism itself, with a line far longer than any pipe holds: the child prints it and exits at
// once while this process is busy. The bare write (the control) loses most of it on Linux.
test('the result line is flushed before the child exits, however long it is', async () => {
  const module = path.join(ROOT, 'packages', 'cli', 'dist', 'azure-plan-child.js');
  const line = (print: string) =>
    new Promise<string>((resolve) => {
      const script = `const { printResult } = require(${JSON.stringify(module)}); const r = { x: 'a'.repeat(4 << 20) }; ${print}`;
      const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('close', () => resolve(out));
      const started = Date.now();
      while (Date.now() - started < 1500) {
        /* busy: nothing read from the pipe */
      }
    });
  const flushed = await line('printResult(r).then(() => process.exit(0));');
  expect(flushed.length).toBe((4 << 20) + '{"x":""}\n'.length);
  const bare = await line("process.stdout.write(JSON.stringify(r) + '\\n'); process.exit(0);");
  expect(bare.length).toBeLessThan(4 << 20);
}, 60_000);
