import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CONTROLS, FORCES } from '@nplz/core';
import { Progress } from '../src/progress';
import { BIN, runCli, STACK_LINE } from './helpers';

const ROOT = path.join(__dirname, '../../..');

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

describe('nplz', () => {
  test('forces lists every force; --json is machine-readable', async () => {
    const table = await runCli(['forces']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/thames-valley +Thames Valley Police +England +South East/);
    expect(table.stdout).toContain('46 forces (43 territorial, 3 special)');
    const json = await runCli(['forces', '--json']);
    expect(JSON.parse(json.stdout)).toHaveLength(FORCES.length);
  });

  test('controls lists the catalog with NCSC coverage', async () => {
    const r = await runCli(['controls']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NPLZ-RES-01');
    expect(r.stdout).toMatch(/\d+ controls covering 1\d of 14 NCSC Cloud Security Principles/);
    const json = JSON.parse((await runCli(['controls', '--json'])).stdout) as { id: string; checks: { aws: string[]; azure: string[] } }[];
    expect(json).toHaveLength(CONTROLS.length);
    expect(json.find((c) => c.id === 'NPLZ-NET-01')!.checks.aws).toContain('NplzChecks-S3BucketPublicAccessBlocked');
    expect(json.find((c) => c.id === 'NPLZ-NET-01')!.checks.azure).toContain('storage-no-public-access');
  });

  test('controls speaks CAF 4.0 by default and 3.2 with --caf 3.2', async () => {
    const v4 = await runCli(['controls']);
    expect(v4.stdout).toMatch(/CAF 4\.0 \(CDDO data, co-cddo\/domains-webcaf@[0-9a-f]{7}\): \d+ of 41 contributing outcomes/);
    const row = (out: string, id: string) => out.split('\n').find((l) => l.startsWith(id)) ?? '';
    // Assurance is A2.c in CAF 4.0 and was A2.b in 3.2.
    expect(row(v4.stdout, 'NPLZ-MON-02')).toContain('A2.c');
    const v32 = await runCli(['controls', '--caf', '3.2']);
    expect(v32.code).toBe(0);
    expect(v32.stdout).toContain('CAF 3.2');
    expect(row(v32.stdout, 'NPLZ-MON-02')).toContain('A2.b');
    expect(row(v32.stdout, 'NPLZ-MON-02')).not.toContain('A2.c');
    const json = JSON.parse((await runCli(['controls', '--json'])).stdout) as { id: string; cafVersion: string; cafIndicators: string[] }[];
    expect(json.find((c) => c.id === 'NPLZ-PAM-02')).toMatchObject({ cafVersion: '4.0', cafIndicators: ['B2.c.13'] });
    const bad = await runCli(['controls', '--caf', '3.1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--caf: received "3.1"; allowed: 4.0, 3.2');
  });

  test('validate accepts the sample estate', async () => {
    const r = await runCli(['validate', path.join(ROOT, 'examples/estate')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('45 file(s) valid, 44 tenancies');
  });

  test('validate --json reports problems as data', async () => {
    const r = await runCli(['validate', '--json', path.join(ROOT, 'test/fixtures/invalid/unknown-force.yaml')]);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout);
    expect(body.valid).toBe(false);
    expect(body.problems[0]).toMatchObject({ path: 'force', received: 'thames-vally', line: 4 });
  });

  test.each([
    [['nosuch'], 'unknown command "nosuch"'],
    [['validate'], 'give at least one spec file or folder'],
    [['forces', '--colour'], "Unknown option '--colour'"],
    [['validate', '/no/such/path.yaml'], 'no such file or folder'],
  ])('usage mistakes exit 2 with a message: %p', async (argv, fragment) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(fragment);
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  test('every command has --help with examples', async () => {
    for (const cmd of ['validate', 'forces', 'controls']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });

  test('NPLZ_TODAY must be a date', async () => {
    process.env.NPLZ_TODAY = '22/11/2026';
    try {
      const r = await runCli(['validate', path.join(ROOT, 'examples/estate')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('NPLZ_TODAY is not a calendar date');
    } finally {
      process.env.NPLZ_TODAY = '2026-11-22';
    }
  });

  test('the built binary exits 2 on bad input, with no stack trace', () => {
    const r = spawnSync(process.execPath, [BIN, 'validate', path.join(ROOT, 'test/fixtures/invalid/classification-secret.yaml')], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('classification SECRET is refused');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stdout).toBe('');
  });

  test('progress goes to stderr only on a terminal', () => {
    const lines: string[] = [];
    const term = (interactive: boolean) => ({ out: () => undefined, err: (t: string) => lines.push(t), color: false, interactive });
    new Progress(term(false)).step('quiet');
    expect(lines).toEqual([]);
    new Progress(term(true)).step('kent/prod');
    expect(lines).toEqual(['  kent/prod']);
  });

  test('the built binary prints its version', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
