import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { limitProblems } from '../../packages/cli/src/commands/synth';
import { checkOutputFolder } from '../../packages/cli/src/atomic';
import { isSynthOutput } from '../../packages/cli/src/synth-output';
import { DORSET, edit, expectRefused, runShell, runUntouched, snapshot, workFolder } from './harness';

/**
 * Hangs and floods (issue #11): a named pipe in the estate, thousands of problems, output piped to
 * a reader that stops early; and the parts of the output-folder and cloud-limit rules that need
 * no synthesis. The pipe and EPIPE cases run the built binary, with a time limit.
 */

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

describe('hangs', () => {
  test('a named pipe is refused, not read (it would block for ever): in tenancies/, as the spec, as national.yaml', async () => {
    // one run of the built binary for the three (each start costs seconds)
    const { work, estate } = workFolder();
    execFileSync('mkfifo', [path.join(estate, 'tenancies', 'kent.yaml')]);
    execFileSync('mkfifo', [path.join(work, 'spec.yaml')]);
    const second = workFolder();
    fs.rmSync(path.join(second.estate, 'national.yaml'));
    execFileSync('mkfifo', [path.join(second.estate, 'national.yaml')]);
    const r = await runShell(`$NPLZ validate ${q(estate)} ${q(path.join(work, 'spec.yaml'))} ${q(second.estate)}`);
    expect(r.timedOut).toBe(false);
    expectRefused(r, [
      `${path.join(estate, 'tenancies', 'kent.yaml')} › (document): is not a regular file (a named pipe, socket or device)`,
      `${path.join(work, 'spec.yaml')} › (document): is not a regular file`,
      `${path.join(second.estate, 'national.yaml')} › (document): is not a regular file`,
    ]);
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('a loop of symbolic links is a problem', async () => {
    const { work, estate } = workFolder();
    fs.symlinkSync('b.yaml', path.join(estate, 'tenancies', 'a.yaml'));
    fs.symlinkSync('a.yaml', path.join(estate, 'tenancies', 'b.yaml'));
    expectRefused(await runUntouched(work, ['validate', estate]), ['a.yaml', 'cannot read file: ELOOP']);
  });
});

describe('floods', () => {
  const many = (n: number) =>
    edit(
      DORSET,
      'environments: [prod, nonprod]',
      `environments: [prod, nonprod, ${Array.from({ length: n }, (_, i) => `Env${i}`).join(', ')}]`,
    );

  test('5000 bad environment names print a bounded summary, not megabytes', async () => {
    const { work, estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), many(5000));
    const r = await runUntouched(work, ['validate', estate]);
    expectRefused(r, ['4950 more problem(s) in', '4950 × "…" is not a valid environment name', '5000 problem(s) in 1 file(s)']);
    expect(r.stderr.length).toBeLessThan(60_000);
  });

  test('thousands of unmapped environments do not repeat the list in every problem', async () => {
    const { work, estate } = workFolder();
    const envs = Array.from({ length: 3000 }, (_, i) => `e${i}`);
    fs.writeFileSync(
      path.join(estate, 'tenancies', 'dorset.yaml'),
      edit(DORSET, 'environments: [prod, nonprod]', `environments: [prod, nonprod, ${envs.join(', ')}]`),
    );
    const r = await runUntouched(work, ['validate', estate]);
    expectRefused(r, ['at most 12 environments', 'and 2990 more']);
    expect(r.stderr.length).toBeLessThan(60_000);
  });

  test('--json output is bounded too', async () => {
    const { work, estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), many(5000));
    const r = await runUntouched(work, ['validate', '--json', estate]);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout) as { problems: unknown[]; omitted: number };
    expect(body.problems).toHaveLength(1000);
    expect(body.omitted).toBe(4000);
    expect(r.stdout.length).toBeLessThan(2_000_000);
  });

  test('a spec file over 1 MiB is refused unread', async () => {
    const { work, estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), `${DORSET}\n# ${'x'.repeat(1024 * 1024)}\n`);
    expectRefused(await runUntouched(work, ['validate', estate]), ['larger than any spec', 'at most 1048576 bytes']);
  });

  test('a huge value is shown shortened', async () => {
    const { work, estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), edit(DORSET, 'name: dorset', `name: ${'a'.repeat(500_000)}`));
    const r = await runUntouched(work, ['validate', estate]);
    expectRefused(r, ['is not a valid name', '...']);
    expect(r.stderr.length).toBeLessThan(10_000);
  });

  test('a 100 000-character id gets no slow "did you mean" (found by the fuzz test: 38 s before)', async () => {
    const { work, estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), edit(DORSET, 'force: dorset', `force: ${'x'.repeat(100_000)}`));
    const started = Date.now();
    expectRefused(await runUntouched(work, ['validate', estate]), ['unknown force id']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('piped to a reader that stops early, a failing validate still exits 2', async () => {
    const { estate } = workFolder();
    fs.writeFileSync(path.join(estate, 'tenancies', 'dorset.yaml'), many(5000));
    // before: the EPIPE handler exited with code 0 while validate was still printing
    const r = await runShell(`$NPLZ validate ${q(estate)} 2>&1 | head -c 100 >/dev/null`);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
  });

  test('piped to a reader that stops early, a succeeding command still exits 0', async () => {
    const r = await runShell('$NPLZ forces | head -n 1 >/dev/null');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('output folders', () => {
  const rules = (inputs: { option: string; path: string; readsOnly?: string[] }[]) => ({
    option: '--out',
    what: 'synth output',
    marker: 'synth.json',
    isPrevious: isSynthOutput,
    inputs,
  });

  test('a new folder, an empty folder and a previous synth output may be written', () => {
    const { work, estate } = workFolder();
    const prev = path.join(work, 'prev');
    fs.mkdirSync(prev);
    fs.writeFileSync(path.join(prev, 'synth.json'), '{"tool":"nplz"}');
    fs.mkdirSync(path.join(work, 'empty'));
    for (const out of [path.join(work, 'new'), path.join(work, 'empty'), prev, path.join(estate, 'out', 'synth')])
      expect(() =>
        checkOutputFolder(out, rules([{ option: '--estate', path: estate, readsOnly: ['national.yaml', 'tenancies'] }])),
      ).not.toThrow();
  });

  test('a truncated synth.json is not taken for a previous output', () => {
    const { work } = workFolder();
    fs.mkdirSync(path.join(work, 'o'));
    fs.writeFileSync(path.join(work, 'o', 'synth.json'), '{"tool":"np');
    expect(isSynthOutput(path.join(work, 'o'))).toBe(false);
  });

  test('a folder nplz did not write is left untouched', () => {
    const { work } = workFolder();
    const before = snapshot(work);
    expect(() => checkOutputFolder(path.join(work, 'estate'), rules([]))).toThrow('is not a previous synth output');
    expect(snapshot(work)).toEqual(before);
  });
});

describe('cloud limits at synthesis', () => {
  const cdk = (lines: string[]) => new Error(`Validation failed with the following errors:\n  ${lines.join('\n  ')}`);

  test('resources per stack and SCP size are bad input with the limit, the figure and what to change', () => {
    const problems = limitProblems(
      cdk([
        '[Nplz-Identity] Stack Nplz-Identity has 612 resources; CloudFormation allows at most 500 per stack. Split it into more stacks.',
        '[Nplz-Organization/Organization] Nplz-Organization/Organization: policy "nplz-guardrails" is 6001 characters; AWS Organizations allows at most 5120 per service control policy. Split it or shorten its statements.',
      ]),
      'estate',
    );
    expect(problems).toHaveLength(2);
    expect(problems?.[0]).toMatchObject({ file: 'estate', path: 'Nplz-Identity', received: '612 resources', allowed: 'at most 500' });
    expect(problems?.[0]?.hint).toContain('fewer environments');
    expect(problems?.[1]).toMatchObject({ received: '6001 characters', allowed: 'at most 5120' });
  });

  test('any other failed validation stays an internal error', () => {
    expect(limitProblems(cdk(['[App/Stack] something else went wrong']), 'estate')).toBeUndefined();
    expect(limitProblems(new Error('boom'), 'estate')).toBeUndefined();
  });
});
