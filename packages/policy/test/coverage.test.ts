import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTROLS } from '@nplz/core';
import { controlChecks, renderControlsDoc, uncoveredControls } from '../src';

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
