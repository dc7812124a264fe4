import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isNplzError, loadEstate } from '@nplz/core';
import { readEstateSnapshot, writeEstateSnapshot } from '../src/synth-output';
import { runCli, STACK_LINE } from './helpers';

const SAMPLE = path.join(__dirname, '../../../examples/estate');

/** A synth output folder holding only the estate snapshot and placeholder cloud outputs. */
function snapshotDir(): string {
  const r = loadEstate(SAMPLE, { now: new Date('2026-11-22T00:00:00Z') });
  if (!r.estate) throw new Error('sample estate invalid');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-snap-'));
  fs.mkdirSync(path.join(dir, 'aws'));
  fs.mkdirSync(path.join(dir, 'azure'));
  fs.writeFileSync(path.join(dir, 'aws', 'manifest.json'), '{}');
  fs.writeFileSync(path.join(dir, 'azure', 'plan.json'), '{}');
  writeEstateSnapshot(dir, r.estate);
  return dir;
}

test('the estate snapshot carries the attestations to the audit', () => {
  const dir = snapshotDir();
  try {
    const e = readEstateSnapshot(dir);
    expect(e.attestations?.map((a) => a.attestation.id)).toEqual([
      'cloud-provider-contracts',
      'landing-zone-secure-development',
      'national-personnel-vetting',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an attestation edited in the snapshot (owner removed, outcome unknown) is refused with its path', () => {
  const dir = snapshotDir();
  try {
    const file = path.join(dir, 'estate.json');
    const snap = JSON.parse(fs.readFileSync(file, 'utf8')) as { attestations: { attestation: Record<string, unknown> }[] };
    delete snap.attestations[1]!.attestation.owner;
    snap.attestations[0]!.attestation.caf = [{ outcome: 'C2.b', indicators: ['C2.b.2'] }];
    fs.writeFileSync(file, JSON.stringify(snap));
    let err: unknown;
    try {
      readEstateSnapshot(dir);
    } catch (e) {
      err = e;
    }
    expect(isNplzError(err)).toBe(true);
    const problems = (err as { problems: { path: string; message: string }[] }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(problems).toEqual([
      'attestations[0].attestation.caf[0].outcome: "C2.b" is not a CAF 4.0 outcome',
      'attestations[1].attestation.owner: required field is missing',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('validate and synth refuse an estate with an expired attestation: exit 2, file and line, no stack trace, nothing written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-att-cli-'));
  try {
    const estate = path.join(dir, 'estate');
    fs.mkdirSync(estate);
    fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(estate, 'national.yaml'));
    fs.cpSync(path.join(SAMPLE, 'tenancies'), path.join(estate, 'tenancies'), { recursive: true });
    fs.cpSync(path.join(SAMPLE, 'attestations'), path.join(estate, 'attestations'), { recursive: true });
    fs.copyFileSync(
      path.join(__dirname, '../../core/test/fixtures/attestations/expired.yaml'),
      path.join(estate, 'attestations', 'expired.yaml'),
    );
    const v = await runCli(['validate', estate]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/attestations\/expired\.yaml:7 › expires: the attestation expired \d+ day\(s\) ago/);
    expect(v.stderr).not.toMatch(STACK_LINE);
    const out = path.join(dir, 'out');
    const s = await runCli(['synth', '--estate', estate, '--out', out]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('expired.yaml:7');
    expect(fs.existsSync(out)).toBe(false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
