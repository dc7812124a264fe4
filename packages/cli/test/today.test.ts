import { NplzError } from '@nplz/core';
import { generationTime, today } from '../src/today';

describe('the as-of date and the generation time are separate', () => {
  test('NPLZ_TODAY sets the evaluation date and leaves the generation time on the real clock', () => {
    const env = { NPLZ_TODAY: '2027-03-01' };
    expect(today(env).toISOString()).toBe('2027-03-01T00:00:00.000Z');
    const before = Date.now();
    const generated = generationTime(env).getTime();
    expect(generated).toBeGreaterThanOrEqual(before);
    expect(generated).toBeLessThanOrEqual(Date.now());
  });

  test('SOURCE_DATE_EPOCH pins the generation time, for byte-identical reports', () => {
    expect(generationTime({ SOURCE_DATE_EPOCH: '1795305600' }).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    expect(generationTime({ SOURCE_DATE_EPOCH: '0' }).toISOString()).toBe('1970-01-01T00:00:00.000Z');
  });

  test.each(['yesterday', '-1', '1.5', '1e9', ' 1'])(
    'SOURCE_DATE_EPOCH=%p is refused with the variable, the value and what is allowed',
    (v) => {
      let err: unknown;
      try {
        generationTime({ SOURCE_DATE_EPOCH: v });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(NplzError);
      const text = String((err as Error).message);
      expect(text).toContain('SOURCE_DATE_EPOCH');
      expect(text).toContain(v.trim());
      expect(text).toMatch(/whole seconds/);
    },
  );
});
