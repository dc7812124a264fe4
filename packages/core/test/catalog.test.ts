import { BASELINES, catalogDefects, Control, CONTROLS, findControl, NCSC_PRINCIPLES } from '../src';

describe('controls catalog', () => {
  test('is sound: unique ids, NPLZ-<AREA>-<nn>, mapped to NCSC and CAF', () => {
    expect(catalogDefects()).toEqual([]);
  });

  test('the integrity check can fail', () => {
    const bad: Control[] = [{ ...CONTROLS[0]!, ncsc: [] }, { ...CONTROLS[0]! }, { ...CONTROLS[1]!, id: 'NPLZ-XX-1', caf: ['Z9.z'] }];
    expect(catalogDefects(bad)).toEqual([
      `${CONTROLS[0]!.id}: maps to no NCSC principle`,
      `${CONTROLS[0]!.id}: duplicate id`,
      'NPLZ-XX-1: id does not match NPLZ-<AREA>-<nn>',
      'NPLZ-XX-1: unknown CAF 4.0 outcome Z9.z',
      `NPLZ-XX-1: CAF outcomes Z9.z are not those of its indicators (${CONTROLS[1]!.caf.join(',')})`,
    ]);
  });

  test('has at least 30 controls covering at least 10 of the 14 NCSC principles', () => {
    expect(CONTROLS.length).toBeGreaterThanOrEqual(30);
    const covered = new Set(CONTROLS.flatMap((c) => c.ncsc));
    expect(covered.size).toBeGreaterThanOrEqual(10);
    for (const n of covered) expect(NCSC_PRINCIPLES[n]).toBeDefined();
  });

  test('covers every area the landing zone promises', () => {
    const areas = new Set(CONTROLS.map((c) => c.area));
    for (const a of ['IAM', 'PAM', 'LOG', 'ENC', 'NET', 'RES', 'RET', 'MON', 'GRD', 'CLS']) expect(areas).toContain(a);
  });

  test('every baseline enforces only catalogued controls', () => {
    for (const b of BASELINES) for (const id of b.controls) expect(findControl(id)).toBeDefined();
  });

  test('the catalog is frozen', () => {
    expect(Object.isFrozen(CONTROLS)).toBe(true);
    expect(() => {
      (CONTROLS[0] as { title: string }).title = 'changed';
    }).toThrow();
  });
});
