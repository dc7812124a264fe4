import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROLS } from '@nplz/core';
import { catalogGaps, controlChecks, renderControlsDoc, uncoveredControls } from '../src';

test('every control has at least one check on each place it claims', () => {
  expect(uncoveredControls()).toEqual([]);
});

test('the coverage check can fail: a control claiming a cloud with no check is reported', () => {
  const invented = { ...CONTROLS[0]!, id: 'NPLZ-NET-99', scopes: ['aws', 'estate'] as const };
  expect(uncoveredControls([...CONTROLS, invented])).toEqual([
    { control: 'NPLZ-NET-99', scope: 'aws' },
    { control: 'NPLZ-NET-99', scope: 'estate' },
  ]);
  expect(controlChecks()['NPLZ-NET-06']!.aws).toEqual([]);
});

test('docs/controls.md is generated from the catalog (regenerate: node packages/policy/scripts/write-controls-doc.js)', () => {
  expect(fs.readFileSync(path.join(__dirname, '../../../docs/controls.md'), 'utf8')).toBe(renderControlsDoc());
});

test('the catalog names what its checks cannot show: organisational principles and CAF outcomes', () => {
  const gaps = catalogGaps();
  expect(gaps.principles).toEqual([6, 7, 8]);
  expect(gaps.outcomes).toContain('A4.b'); // Secure Software Development and Support
  expect(gaps.outcomes).not.toContain('B2.c');
  // The list follows the catalog: a control mapped to an outcome takes it off the list.
  const more = [...CONTROLS, { ...CONTROLS[0]!, id: 'NPLZ-GOV-99', ncsc: [7] as const, caf: ['A4.b'], cafIndicators: ['A4.b.17'] }];
  expect(catalogGaps(more).principles).toEqual([6, 8]);
  expect(catalogGaps(more).outcomes).not.toContain('A4.b');
});
