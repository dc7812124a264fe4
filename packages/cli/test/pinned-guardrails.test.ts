import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, STACK_LINE } from './helpers';

const SAMPLE = path.resolve(__dirname, '../../../examples/estate');

test('nplz validate refuses a pinned Azure tenancy that lacks a tag the newer national guardrails deny (exit 2, file and field named, nothing written)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-pinned-cli-'));
  fs.mkdirSync(path.join(dir, 'tenancies'));
  fs.writeFileSync(
    path.join(dir, 'national.yaml'),
    fs.readFileSync(path.join(SAMPLE, 'national.yaml'), 'utf8').replace(/^baseline: .*$/m, 'baseline: "2027.02"'),
  );
  const kent = fs
    .readFileSync(path.join(SAMPLE, 'tenancies/kent.yaml'), 'utf8')
    .replace(/^collaborations:\n( {2}- .*\n)+/m, '')
    .replace(/^ {2}service-owner: .*\n/m, '');
  fs.writeFileSync(path.join(dir, 'tenancies/kent.yaml'), kent);
  const before = fs.readdirSync(dir).sort();
  const r = await runCli(['validate', dir]);
  expect(r.code).toBe(2);
  const out = r.stdout + r.stderr;
  expect(out).toContain('kent.yaml');
  expect(out).toContain('tags.service-owner');
  expect(out).toContain('governed by the national guardrails of baseline 2027.02');
  expect(out).toContain("baseline 2027.02's national guardrails require: cost-centre, data-owner, service-owner");
  expect(out).not.toMatch(STACK_LINE);
  expect(fs.readdirSync(dir).sort()).toEqual(before);
});
