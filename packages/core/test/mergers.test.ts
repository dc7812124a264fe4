import { checkMergers, currentForce, forcesWithGroups, mergedForces, predecessorsOf, type Merger } from '../src';

const m = (successor: string, forces: string[]): Merger => ({ successor, name: `${successor} Police`, forces, since: '2026-11-20' });

describe('mergers', () => {
  test('a successor of a successor owns the whole chain; the merged forces keep their groups', () => {
    const chain = [m('wessex', ['dorset', 'devon-cornwall']), m('south-west', ['wessex', 'avon-somerset'])];
    expect(checkMergers(chain)).toEqual([]);
    expect(currentForce('dorset', chain)).toBe('south-west');
    expect(currentForce('kent', chain)).toBe('kent');
    expect(predecessorsOf('south-west', chain).sort()).toEqual(['avon-somerset', 'devon-cornwall', 'dorset', 'wessex']);
    expect(mergedForces(chain)).toEqual(['avon-somerset', 'devon-cornwall', 'dorset', 'wessex']);
    expect(forcesWithGroups(['south-west', 'kent'], chain)).toEqual([
      'avon-somerset',
      'devon-cornwall',
      'dorset',
      'kent',
      'south-west',
      'wessex',
    ]);
    // Not where the successor has no tenancy on that cloud.
    expect(forcesWithGroups(['kent'], chain)).toEqual(['kent']);
  });

  test('a registry force may absorb another (the registry can later list a successor)', () => {
    expect(checkMergers([m('kent', ['surrey'])])).toEqual([]);
    expect(currentForce('surrey', [m('kent', ['surrey'])])).toBe('kent');
  });

  test.each([
    [
      'a successor that merges again before it began',
      [m('wessex', ['dorset', 'devon-cornwall']), { ...m('south-west', ['wessex', 'avon-somerset']), since: '2026-01-01' }],
      'mergers[1].since',
      /wessex merges into south-west on 2026-01-01, before wessex itself began on 2026-11-20/,
    ],
    [
      'a successor declared twice',
      [m('wessex', ['dorset', 'devon-cornwall']), m('wessex', ['surrey', 'sussex'])],
      'mergers[1].successor',
      /already declared/,
    ],
    [
      'a force in two mergers',
      [m('wessex', ['dorset', 'devon-cornwall']), m('south-east', ['surrey', 'dorset'])],
      'mergers[1].forces[1]',
      /already merges into "wessex"/,
    ],
    ['an unknown force', [m('wessex', ['dorsett', 'devon-cornwall'])], 'mergers[0].forces[0]', /unknown force id "dorsett"/],
    ['a force listed twice', [m('wessex', ['dorset', 'dorset'])], 'mergers[0].forces[1]', /listed twice/],
    ['a force merged into itself', [m('wessex', ['wessex', 'dorset'])], 'mergers[0].forces[0]', /cannot merge into itself/],
    [
      'a loop of successors',
      [m('a-force', ['b-force', 'dorset']), m('b-force', ['a-force', 'surrey'])],
      'mergers[0].forces',
      /its own predecessor/,
    ],
  ])('%s is refused, naming the field', (_n, mergers, path, message) => {
    const problems = checkMergers(mergers);
    expect(problems.find((p) => p.path === path)?.message).toMatch(message);
  });
});
