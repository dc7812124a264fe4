import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findBaseline, loadEstate } from '../src';

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
