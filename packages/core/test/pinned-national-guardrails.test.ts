import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBaseline, loadEstate } from '../src';
import { nationalGuardrailConflicts } from '../src/contract/national-guardrails';

const SAMPLE = path.resolve(__dirname, '../../../examples/estate');

/**
 * A one-tenancy estate from the sample: the national platform at `nationalBaseline`, kent pinned to
 * 2026.11 with `edit` applied to its spec text.
 */
function estateDir(nationalBaseline: string, edit: (kent: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nplz-pinned-'));
  fs.mkdirSync(path.join(dir, 'tenancies'));
  const national = fs
    .readFileSync(path.join(SAMPLE, 'national.yaml'), 'utf8')
    .replace(/^baseline: .*$/m, `baseline: "${nationalBaseline}"`);
  fs.writeFileSync(path.join(dir, 'national.yaml'), national);
  const kent = fs.readFileSync(path.join(SAMPLE, 'tenancies/kent.yaml'), 'utf8').replace(/^collaborations:\n( {2}- .*\n)+/m, '');
  fs.writeFileSync(path.join(dir, 'tenancies/kent.yaml'), edit(kent));
  return dir;
}

const withoutServiceOwner = (kent: string) => kent.replace(/^ {2}service-owner: .*\n/m, '');

describe('a tenancy pinned to an older baseline, under the newer national guardrails', () => {
  test('the premise: 2027.02 asks every spec for a tag 2026.11 does not', () => {
    const spec = (v: string) =>
      findBaseline(v)!
        .requiredTags.filter((t) => t.source === 'spec')
        .map((t) => t.key);
    expect(spec('2027.02').filter((k) => !spec('2026.11').includes(k))).toEqual(['service-owner']);
  });

  test('validation refuses a pinned Azure tenancy without a tag the national required-tag Deny asks for', () => {
    const dir = estateDir('2027.02', withoutServiceOwner);
    const r = loadEstate(dir);
    expect(r.estate).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({
        file: path.join(dir, 'tenancies/kent.yaml'),
        path: 'tags.service-owner',
        received: undefined,
        message:
          'required tag "service-owner" is missing: tenancy kent is pinned to baseline 2026.11, but on Azure it is governed by the national guardrails of baseline 2027.02, whose required-tag Deny would refuse every resource without it',
        allowed: expect.stringMatching(
          /^tags\.service-owner set \(.+\); baseline 2027\.02's national guardrails require: cost-centre, data-owner, service-owner$/,
        ),
      }),
    ]);
  });

  test('the same spec is accepted once the tag is there, when the national platform runs its own baseline, or when it has no Azure section', () => {
    expect(loadEstate(estateDir('2027.02', (k) => k)).problems).toEqual([]);
    expect(loadEstate(estateDir('2026.11', withoutServiceOwner)).problems).toEqual([]);
    const awsOnly = (k: string) => withoutServiceOwner(k).replace(/^azure:\n( {2}.*\n)+/m, '');
    expect(loadEstate(estateDir('2027.02', awsOnly)).problems).toEqual([]);
  });
});

describe('the national guardrails a pinned spec decides besides its tags', () => {
  const national = findBaseline('2027.02')!;
  const kentSpec = (edit: (kent: string) => string = (k) => k) => {
    const r = loadEstate(estateDir('2026.11', edit));
    expect(r.problems).toEqual([]);
    return r.estate!.tenancies[0]!.spec;
  };
  /** A newer national baseline that narrows what the older one allowed, as a later release may. */
  const narrowed = (allowed: string[]) => ({
    ...national,
    regions: { ...national.regions, azure: { ...national.regions.azure, allowed } },
  });

  test("a location the national allowed-locations Deny refuses is refused, set or defaulted to the pinned baseline's home", () => {
    const inWest = kentSpec((k) => k.replace(/^azure:\n/m, 'azure:\n  location: ukwest\n'));
    expect(inWest.azure?.location).toBe('ukwest');
    expect(nationalGuardrailConflicts(inWest, narrowed(['uksouth']))).toEqual([
      {
        path: 'azure.location',
        received: 'ukwest',
        message:
          'location ukwest is outside the regions the national guardrails allow: tenancy kent is pinned to baseline 2026.11, but on Azure it is governed by the national guardrails of baseline 2027.02, whose allowed-locations Deny would refuse every resource there',
        allowed: "one of uksouth (baseline 2027.02's national allowed locations)",
        hint: 'set azure.location to one of them, or upgrade the tenancy: `nplz diff --from 2026.11 --to 2027.02 --force kent`',
      },
    ]);
    const home = kentSpec();
    expect(home.azure?.location).toBeUndefined();
    expect(nationalGuardrailConflicts(home, narrowed(['ukwest'])).map((c) => [c.path, c.received, c.message.split(':')[0]])).toEqual([
      [
        'azure.location',
        undefined,
        "location uksouth (baseline 2026.11's home region, as azure.location is not set) is outside the regions the national guardrails allow",
      ],
    ]);
    expect(nationalGuardrailConflicts(inWest, national)).toEqual([]);
  });

  test('a required tag NPLZ derives that the pinned baseline does not put on its resources is refused at `baseline`', () => {
    const spec = kentSpec();
    const more = {
      ...national,
      requiredTags: [
        ...national.requiredTags,
        { key: 'nplz:lifecycle', source: 'tenancy' as const, description: 'The tenancy lifecycle state.' },
      ],
    };
    expect(nationalGuardrailConflicts(spec, more)).toEqual([
      expect.objectContaining({
        path: 'baseline',
        received: '2026.11',
        message: expect.stringMatching(/^required tag "nplz:lifecycle" is not one baseline 2026\.11 puts on its resources: /),
        allowed: 'a baseline whose resources carry nplz:lifecycle (The tenancy lifecycle state.), such as 2027.02',
      }),
    ]);
    // A tenancy at the national baseline, or without Azure, has nothing to conflict with.
    expect(nationalGuardrailConflicts({ ...spec, baseline: '2027.02' }, more)).toEqual([]);
    const { azure: _a, ...awsOnly } = spec;
    expect(nationalGuardrailConflicts(awsOnly, narrowed(['ukwest']))).toEqual([]);
  });
});
