import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, STACK_LINE } from '../packages/cli/test/helpers';

/**
 * The bad-input corpus: every file under test/fixtures/invalid is a tenancy spec with one defect and
 * a first line `# expect: <fragment>`. Every estate under test/fixtures/invalid-estates holds files
 * whose `# expect:` lines must all be reported. Each must fail validation with exit code 2, the
 * fragment in the message, and no stack trace.
 */
const FIXTURES = path.join(__dirname, 'fixtures');

function expectations(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('# expect: '))
    .map((l) => l.slice('# expect: '.length));
}

const specs = fs
  .readdirSync(path.join(FIXTURES, 'invalid'))
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const estates = fs.readdirSync(path.join(FIXTURES, 'invalid-estates')).sort();

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

test('the corpus holds at least 40 invalid specs', () => {
  expect(specs.length).toBeGreaterThanOrEqual(40);
});

test('the base of the corpus is valid, so each fixture fails for its own defect', async () => {
  const r = await runCli(['validate', path.join(FIXTURES, 'valid')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test.each(specs)('invalid/%s is refused with its message', async (name) => {
  const file = path.join(FIXTURES, 'invalid', name);
  const [fragment] = expectations(file);
  expect(fragment).toBeDefined();
  const r = await runCli(['validate', file]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(fragment);
  expect(r.stderr).toContain(file);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.stdout).toBe('');
});

test.each(estates)('invalid-estates/%s is refused with every expected message', async (name) => {
  const dir = path.join(FIXTURES, 'invalid-estates', name);
  const files = [
    path.join(dir, 'national.yaml'),
    ...fs.readdirSync(path.join(dir, 'tenancies')).map((f) => path.join(dir, 'tenancies', f)),
  ];
  const fragments = files.flatMap(expectations);
  expect(fragments.length).toBeGreaterThan(0);
  const r = await runCli(['validate', dir]);
  expect(r.code).toBe(2);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(STACK_LINE);
});
