import { FORCES, getForce, isForceId, suggestForce, TERRITORIAL_FORCES } from '../src';

describe('force registry', () => {
  test('holds the 43 territorial forces of England and Wales and the 3 special forces', () => {
    expect(TERRITORIAL_FORCES).toHaveLength(43);
    expect(TERRITORIAL_FORCES.filter((f) => f.country === 'England')).toHaveLength(39);
    expect(TERRITORIAL_FORCES.filter((f) => f.country === 'Wales')).toHaveLength(4);
    expect(FORCES.filter((f) => f.kind === 'special').map((f) => f.id)).toEqual([
      'british-transport-police',
      'civil-nuclear-constabulary',
      'mod-police',
    ]);
  });

  test('ids are unique, stable kebab-case and names are distinct from ids', () => {
    const ids = FORCES.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of FORCES) {
      expect(f.id).toMatch(/^[a-z][a-z-]*[a-z]$/);
      expect(f.name).not.toEqual(f.id);
    }
  });

  test('the National Crime Agency is not a police force', () => {
    expect(FORCES.some((f) => /crime agency/i.test(f.name))).toBe(false);
  });

  test('each policing region holds the expected number of territorial forces', () => {
    const count = (r: string) => TERRITORIAL_FORCES.filter((f) => f.region === r).length;
    expect([
      count('North East'),
      count('North West'),
      count('East Midlands'),
      count('West Midlands'),
      count('Eastern'),
      count('South East'),
      count('South West'),
      count('London'),
      count('Wales'),
    ]).toEqual([7, 5, 5, 4, 6, 5, 5, 2, 4]);
  });

  test('getForce returns a frozen force', () => {
    const kent = getForce('kent');
    expect(kent.name).toBe('Kent Police');
    expect(Object.isFrozen(kent)).toBe(true);
    expect(isForceId('kent')).toBe(true);
  });

  test.each([
    ['kentt', 'did you mean "kent"?'],
    ['thames-vally', 'did you mean "thames-valley"?'],
    ['Greater Manchester', 'did you mean "greater-manchester"'],
    ['Metropolitan Police Service', 'did you mean "met"'],
  ])('fails with a suggestion for unknown id %p', (id, hint) => {
    expect(() => getForce(id)).toThrow(`unknown force id "${id}"`);
    expect(suggestForce(id)).toContain(hint);
  });

  test('an id nothing like a force gets no suggestion', () => {
    expect(suggestForce('zzzzzzzzzz')).toBeUndefined();
  });
});
