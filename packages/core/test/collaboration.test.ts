import * as path from 'node:path';
import { consentedMembers, loadEstateOrThrow } from '../src';

describe('consentedMembers', () => {
  const root = path.join(__dirname, '..', '..', '..', 'examples', 'estate');
  const full = loadEstateOrThrow(root, { now: new Date('2026-11-22T00:00:00Z') });
  const pick = (names: string[]) => full.tenancies.filter((t) => names.includes(t.spec.name));

  test('links a collaboration to the members that consented', () => {
    expect(consentedMembers(pick(['kent', 'essex', 'kent-essex-its']).map((t) => t.spec))).toEqual({
      'kent-essex-its': ['kent', 'essex'],
    });
  });

  test('does not link a force the collaboration names but whose own tenancy does not list it', () => {
    const tenancies = pick(['kent', 'essex', 'kent-essex-its']).map((t) =>
      t.spec.name === 'essex' ? { ...t, spec: { ...t.spec, collaborations: [] } } : t,
    );
    expect(consentedMembers(tenancies.map((t) => t.spec))).toEqual({ 'kent-essex-its': ['kent'] });
  });
});
