import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { attestationEvidence, loadAttestationFile, loadEstate, validateAttestation, type Problem } from '../src';

const FIXTURES = path.join(__dirname, 'fixtures', 'attestations');
const SAMPLE = path.join(__dirname, '../../../examples/estate');
const NOW = new Date('2026-11-22T00:00:00Z');

const brief = (ps: readonly Problem[]) => ps.map((p) => `${path.basename(p.file ?? '')}:${p.line} ${p.path}: ${p.message}`);

/** A copy of the sample estate with extra attestation files (the sample's own stay). */
function estateWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-att-'));
  fs.copyFileSync(path.join(SAMPLE, 'national.yaml'), path.join(dir, 'national.yaml'));
  fs.cpSync(path.join(SAMPLE, 'tenancies'), path.join(dir, 'tenancies'), { recursive: true });
  fs.cpSync(path.join(SAMPLE, 'attestations'), path.join(dir, 'attestations'), { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'attestations', name), text);
  return dir;
}

describe('attestations', () => {
  test('a well-formed attestation loads', () => {
    const r = loadAttestationFile(path.join(FIXTURES, 'good.yaml'), { now: NOW });
    expect(r.problems).toEqual([]);
    expect(r.entry?.attestation).toMatchObject({ id: 'good-vetting', owner: 'vetting@example.police.uk', ncsc: [6] });
  });

  test('an expired attestation is refused with its file, line and field', () => {
    const r = loadAttestationFile(path.join(FIXTURES, 'expired.yaml'), { now: NOW });
    expect(r.entry).toBeUndefined();
    expect(brief(r.problems)).toEqual(['expired.yaml:7 expires: the attestation expired 22 day(s) ago']);
    expect(r.problems[0]).toMatchObject({ received: '2026-10-31', allowed: 'a date on or after 2026-11-22' });
  });

  test('an attestation without an owner is refused', () => {
    const r = loadAttestationFile(path.join(FIXTURES, 'no-owner.yaml'), { now: NOW });
    expect(r.entry).toBeUndefined();
    expect(r.problems).toEqual([expect.objectContaining({ path: 'owner', message: 'required field is missing', received: undefined })]);
  });

  test('unknown NCSC principles, CAF outcomes and not-achieved indicators are refused, every one at once', () => {
    const r = loadAttestationFile(path.join(FIXTURES, 'unknown-outcome.yaml'), { now: NOW });
    expect(brief(r.problems)).toEqual([
      'unknown-outcome.yaml:10 ncsc[1]: 15 is not an NCSC Cloud Security Principle',
      'unknown-outcome.yaml:12 caf[0].outcome: "C2.b" is not a CAF 4.0 outcome',
      'unknown-outcome.yaml:15 caf[1].indicators[0]: "B1.b.1" is not an achieved indicator of CAF 4.0 B1.b Policy, Process and Procedure Implementation',
    ]);
    expect(r.problems[2]!.allowed).toBe('one of B1.b.10, B1.b.11, B1.b.12, B1.b.13');
  });

  test('dates must make sense: not after expiry, not open-ended, not in the future', () => {
    const base = validateAttestation({}, {}).problems.length; // every field missing
    expect(base).toBeGreaterThan(5);
    const good = { ...loadAttestationFile(path.join(FIXTURES, 'good.yaml')).entry!.attestation };
    const msg = (v: object, now = NOW) => validateAttestation({ ...good, ...v }, { now }).problems.map((p) => `${p.path}: ${p.message}`);
    expect(msg({ expires: '2026-10-01' })).toEqual([
      'expires: expires 2026-10-01 is not after the date 2026-11-01',
      'expires: the attestation expired 52 day(s) ago',
    ]);
    expect(msg({ expires: '2028-11-01' })).toEqual(['expires: the attestation runs 731 days; at most 366 are allowed']);
    expect(msg({ date: '2026-12-01', expires: '2027-06-01' })).toEqual(['date: the attestation is dated in the future (2026-12-01)']);
    expect(msg({ scope: { tenancy: 'Kent' } })).toEqual([expect.stringMatching(/^scope/)]);
  });

  test('the sample estate carries its attestations, personnel vetting (principle 6) among them', () => {
    const r = loadEstate(SAMPLE, { now: NOW });
    expect(r.problems).toEqual([]);
    const ids = r.estate!.attestations!.map((a) => a.attestation.id);
    expect(ids).toContain('national-personnel-vetting');
    expect(r.estate!.attestations!.find((a) => a.attestation.id === 'national-personnel-vetting')!.attestation.ncsc).toEqual([6]);
  });

  test('in an estate: bad attestations fail the estate, and a scope naming no tenancy or a repeated id is reported', () => {
    const dir = estateWith({
      'expired.yaml': fs.readFileSync(path.join(FIXTURES, 'expired.yaml'), 'utf8'),
      'typo.yaml': fs.readFileSync(path.join(FIXTURES, 'good.yaml'), 'utf8').replace('scope: estate', 'scope: { tenancy: kentt }'),
      'again.yaml': fs.readFileSync(path.join(FIXTURES, 'good.yaml'), 'utf8'),
    });
    try {
      const r = loadEstate(dir, { now: NOW });
      expect(r.estate).toBeUndefined();
      expect(brief(r.problems)).toEqual([
        'expired.yaml:7 expires: the attestation expired 22 day(s) ago',
        'typo.yaml:1 id: the id "good-vetting" is also used by ' + path.join(dir, 'attestations', 'again.yaml'),
        'typo.yaml:8 scope.tenancy: no tenancy "kentt" in the estate',
      ]);
      expect(r.problems[2]!.hint).toBe('did you mean "kent"?');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('as evidence, an attestation is current until the end of its expiry day, then expired', () => {
    const entry = loadAttestationFile(path.join(FIXTURES, 'good.yaml')).entry!;
    const on = (day: string) => attestationEvidence([entry], new Date(`${day}T12:00:00Z`))[0]!;
    expect(on('2027-10-31')).toMatchObject({
      source: 'attestation',
      status: 'current',
      daysLeft: 0,
      caf: ['B1.b'],
      cafIndicators: ['B1.b.11'],
    });
    expect(on('2027-11-01')).toMatchObject({ status: 'expired', daysLeft: -1 });
  });
});
