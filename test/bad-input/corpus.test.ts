import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadEstate } from '@nplz/core';
import { writeEstateSnapshot } from '../../packages/cli/src/synth-output';
import { DORSET, edit, expectRefused, NATIONAL, runUntouched, workFolder } from './harness';

/**
 * The bad-input corpus (issue #11): every case starts from a copy of the valid estate in base/,
 * breaks it one way, runs a command in-process and expects exit 2 with the fragments, no stack
 * trace, bounded output, and the working folder byte-for-byte as it was (paths, sizes, modes,
 * hashes), whatever the command writes.
 */

interface Ctx {
  readonly work: string;
  readonly estate: string;
  readonly tenancy: string;
  readonly national: string;
  /** A second tenancy (durham, from the sample estate), written by cases that need two forces. */
  readonly durham: string;
}

interface Case {
  readonly name: string;
  /** Break the working folder. */
  readonly setup?: (c: Ctx) => void;
  readonly argv: (c: Ctx) => string[];
  readonly expect: readonly (string | RegExp)[];
  /** Fragments that must not appear (a consequence of an error already shown, a raw escape). */
  readonly not?: readonly (string | RegExp)[];
}

const validate = (c: Ctx) => ['validate', c.estate];
const DURHAM = fs.readFileSync(path.join(__dirname, '../../examples/estate/tenancies/durham.yaml'), 'utf8');
const tenancyText = (text: string) => (c: Ctx) => fs.writeFileSync(c.tenancy, text);
const dorset = (from: string | RegExp, to: string) => tenancyText(edit(DORSET, from, to));
const nationalText = (from: string | RegExp, to: string) => (c: Ctx) => fs.writeFileSync(c.national, edit(NATIONAL, from, to));
/** A synth output folder as `nplz synth` leaves it (estate.json and synth.json), without synthesising. */
const fakeSynth = (c: Ctx, dir = path.join(c.work, 'synth')) => {
  fs.mkdirSync(dir, { recursive: true });
  const r = loadEstate(c.estate, { now: new Date('2026-11-22') });
  if (!r.estate) throw new Error('the base estate is invalid');
  writeEstateSnapshot(dir, r.estate);
  fs.writeFileSync(path.join(dir, 'synth.json'), JSON.stringify({ tool: 'nplz', version: '0', baseline: '2026.11', tenancies: 1 }));
  return dir;
};
const audit = (c: Ctx) => ['audit', '--in', path.join(c.work, 'synth'), '--report', path.join(c.work, 'report')];
const tamper = (text: string | Buffer) => (c: Ctx) => fs.writeFileSync(path.join(fakeSynth(c), 'estate.json'), text);
const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`),
].join('\n');

const CASES: Record<string, readonly Case[]> = {
  'data loss': [
    {
      name: 'synth --out is the estate itself',
      argv: (c) => ['synth', '--estate', c.estate, '--out', c.estate],
      expect: ['is the --estate folder itself'],
    },
    {
      name: 'synth --out is the estate, written with a trailing slash',
      argv: (c) => ['synth', '--estate', c.estate, '--out', `${c.estate}/`],
      expect: ['is the --estate folder itself'],
    },
    {
      name: 'synth --out is the tenancies folder',
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.estate, 'tenancies')],
      expect: ['nplz never writes over its own input'],
    },
    {
      name: 'synth --out is inside the tenancies folder',
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.estate, 'tenancies', 'out')],
      expect: ['nplz never writes over its own input'],
    },
    {
      name: 'synth --out is national.yaml',
      argv: (c) => ['synth', '--estate', c.estate, '--out', c.national],
      expect: ['nplz never writes over its own input'],
    },
    {
      name: 'synth --out holds the estate',
      argv: (c) => ['synth', '--estate', c.estate, '--out', c.work],
      expect: ['holds the --estate folder'],
    },
    {
      name: 'synth --out is a link to the estate',
      setup: (c) => fs.symlinkSync(c.estate, path.join(c.work, 'link')),
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'link')],
      expect: ['is the --estate folder itself'],
    },
    {
      name: 'synth --out is a folder of the user’s',
      setup: (c) => {
        fs.mkdirSync(path.join(c.work, 'mine'));
        fs.writeFileSync(path.join(c.work, 'mine', 'notes.txt'), 'mine');
      },
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'mine')],
      expect: ['is not empty and is not a previous synth output (no synth.json)', 'notes.txt'],
    },
    {
      name: 'synth --out holds a synth.json another tool wrote',
      setup: (c) => {
        fs.mkdirSync(path.join(c.work, 'other'));
        fs.writeFileSync(path.join(c.work, 'other', 'synth.json'), '{"tool":"other"}');
      },
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'other')],
      expect: ['is not a previous synth output'],
    },
    {
      name: 'synth --out is a file',
      setup: (c) => fs.writeFileSync(path.join(c.work, 'notes.txt'), 'mine'),
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'notes.txt')],
      expect: ['--out is a file, not a folder'],
    },
    {
      name: 'synth --out lies under a file',
      setup: (c) => fs.writeFileSync(path.join(c.work, 'notes.txt'), 'mine'),
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'notes.txt', 'out')],
      expect: ['--out lies under a file'],
    },
    {
      name: 'audit --report is the --in folder',
      setup: (c) => void fakeSynth(c),
      argv: (c) => ['audit', '--in', path.join(c.work, 'synth'), '--report', path.join(c.work, 'synth')],
      expect: ['is the --in folder itself'],
    },
    {
      name: 'audit --report is inside the --in folder',
      setup: (c) => void fakeSynth(c),
      argv: (c) => ['audit', '--in', path.join(c.work, 'synth'), '--report', path.join(c.work, 'synth', 'report')],
      expect: ['is inside the --in folder'],
    },
    {
      name: 'audit --report holds the --in folder',
      setup: (c) => void fakeSynth(c),
      argv: (c) => ['audit', '--in', path.join(c.work, 'synth'), '--report', c.work],
      expect: ['holds the --in folder'],
    },
    {
      name: 'audit --report is a folder of the user’s',
      setup: (c) => {
        fakeSynth(c);
        fs.mkdirSync(path.join(c.work, 'report'));
        fs.writeFileSync(path.join(c.work, 'report', 'notes.txt'), 'mine');
      },
      argv: audit,
      expect: ['is not empty and is not a previous nplz report (no findings.json)'],
    },
    {
      name: 'init into a file',
      setup: (c) => fs.writeFileSync(path.join(c.work, 'notes.txt'), 'mine'),
      argv: (c) => ['init', path.join(c.work, 'notes.txt'), '--force', 'kent'],
      expect: ['is a file, not a folder'],
    },
    { name: 'init into the estate', argv: (c) => ['init', c.estate, '--force', 'kent'], expect: ['the folder exists and is not empty'] },
  ],

  crashes: [
    {
      name: 'a YAML alias bomb in a tenancy',
      setup: tenancyText(`${BOMB}\n`),
      argv: validate,
      expect: ['a YAML alias bomb', 'dorset.yaml'],
    },
    {
      name: 'a YAML alias bomb in national.yaml',
      setup: (c) => fs.writeFileSync(c.national, `${BOMB}\n`),
      argv: validate,
      expect: ['a YAML alias bomb', 'national.yaml'],
    },
    {
      name: 'a YAML alias bomb in one spec file',
      setup: tenancyText(`${BOMB}\n`),
      argv: (c) => ['validate', c.tenancy],
      expect: ['a YAML alias bomb'],
    },
    {
      name: 'a YAML alias cycle',
      setup: dorset('identity:\n  groups:', 'identity: &loop\n  self: *loop\n  groups:'),
      argv: validate,
      expect: ['an alias refers to the node that contains it'],
    },
    {
      name: 'a YAML alias cycle in a list',
      setup: dorset('environments: [prod, nonprod]', 'environments: &e\n  - prod\n  - *e'),
      argv: validate,
      expect: ['an alias refers to the node that contains it'],
    },
    {
      name: 'an environment named constructor',
      setup: dorset('[prod, nonprod]', '[prod, constructor]'),
      argv: validate,
      expect: ['"constructor" is a reserved word'],
    },
    {
      name: 'an environment named constructor, mapped everywhere',
      setup: tenancyText(DORSET.replace('[prod, nonprod]', '[prod, constructor]').replace(/nonprod:/g, 'constructor:')),
      argv: validate,
      expect: ['"constructor" is a reserved word'],
    },
    {
      name: 'an environment named constructor, in a spec file',
      setup: dorset('[prod, nonprod]', '[prod, constructor]'),
      argv: (c) => ['validate', c.tenancy],
      expect: ['"constructor" is a reserved word'],
    },
    {
      name: '--estate is a file',
      argv: (c) => ['synth', '--estate', c.tenancy, '--out', path.join(c.work, 'out')],
      expect: ['is a file, not an estate folder'],
    },
    {
      name: 'audit --in is a file',
      argv: (c) => ['audit', '--in', c.tenancy, '--report', path.join(c.work, 'report')],
      expect: ['is a file, not a synth output folder'],
    },
    {
      name: 'audit --in does not exist',
      argv: (c) => ['audit', '--in', path.join(c.work, 'nope'), '--report', path.join(c.work, 'report')],
      expect: ['no such folder'],
    },
    {
      name: 'national.yaml is a folder',
      setup: (c) => {
        fs.rmSync(c.national);
        fs.mkdirSync(c.national);
      },
      argv: validate,
      expect: ['is a folder, not a file'],
    },
    {
      name: 'a tenancy spec is a folder',
      setup: (c) => fs.mkdirSync(path.join(c.estate, 'tenancies', 'kent.yaml')),
      argv: validate,
      expect: ['kent.yaml', 'is a folder, not a file'],
    },
    {
      name: 'a spec path runs through a file',
      argv: (c) => ['validate', path.join(c.tenancy, 'x.yaml')],
      expect: ['no such file or folder'],
    },
    {
      name: 'estate.json is truncated',
      setup: (c) => {
        const dir = fakeSynth(c);
        const f = path.join(dir, 'estate.json');
        fs.writeFileSync(f, fs.readFileSync(f, 'utf8').slice(0, 500));
      },
      argv: audit,
      expect: ['estate.json is not valid JSON'],
    },
    { name: 'estate.json is null', setup: tamper('null'), argv: audit, expect: ['estate.json does not hold an estate'] },
    { name: 'estate.json is a list', setup: tamper('[]'), argv: audit, expect: ['estate.json does not hold an estate'] },
    {
      name: 'estate.json tenancies is a number',
      setup: (c) => {
        const dir = fakeSynth(c);
        const f = path.join(dir, 'estate.json');
        const j = JSON.parse(fs.readFileSync(f, 'utf8'));
        fs.writeFileSync(f, JSON.stringify({ ...j, tenancies: 5 }));
      },
      argv: audit,
      expect: ['tenancies is not a list'],
    },
    {
      name: 'estate.json holds a null tenancy',
      setup: (c) => {
        const dir = fakeSynth(c);
        const f = path.join(dir, 'estate.json');
        const j = JSON.parse(fs.readFileSync(f, 'utf8'));
        fs.writeFileSync(f, JSON.stringify({ ...j, tenancies: [null] }));
      },
      argv: audit,
      expect: ['a tenancy entry is not a mapping'],
    },
    {
      name: 'estate.json is not UTF-8',
      setup: tamper(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      argv: audit,
      expect: ['estate.json is not valid JSON'],
    },
    {
      name: 'estate.json is a folder',
      setup: (c) => {
        const dir = fakeSynth(c);
        fs.rmSync(path.join(dir, 'estate.json'));
        fs.mkdirSync(path.join(dir, 'estate.json'));
      },
      argv: audit,
      expect: ['estate.json is not a regular file'],
    },
    { name: 'the synth output has no cloud assembly', setup: (c) => void fakeSynth(c), argv: audit, expect: ['the aws output is missing'] },
    {
      name: 'the Azure plan is truncated',
      setup: (c) => {
        const dir = fakeSynth(c);
        fs.mkdirSync(path.join(dir, 'aws'));
        fs.writeFileSync(path.join(dir, 'aws', 'manifest.json'), '{}');
        fs.mkdirSync(path.join(dir, 'azure'));
        fs.writeFileSync(path.join(dir, 'azure', 'plan.json'), '{"resources": [');
      },
      argv: audit,
      expect: ['the azure output is not valid JSON'],
    },
  ],

  'accepted when it must be refused': [
    {
      name: '__proto__ as a tag key',
      setup: dorset('  cost-centre: dorset-digital', '  __proto__: x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['tags.__proto__', '"__proto__" cannot be used as a key'],
    },
    {
      name: '__proto__ as an environment key',
      setup: dorset('    prod: "200000000091"', '    __proto__: "200000000099"\n    prod: "200000000091"'),
      argv: validate,
      expect: ['aws.accounts.__proto__'],
    },
    {
      name: '__proto__ as an identity role',
      setup: dorset('    force-admin:', '    __proto__:\n      displayName: X\n    force-admin:'),
      argv: validate,
      expect: ['identity.groups.__proto__'],
    },
    {
      name: '__proto__ at the top of national.yaml',
      setup: nationalText('soc:', '__proto__: { polluted: true }\nsoc:'),
      argv: validate,
      expect: ['"__proto__" cannot be used as a key'],
    },
    {
      name: 'an empty tag key',
      setup: dorset('  cost-centre: dorset-digital', '  "": x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['a tag key is empty'],
    },
    {
      name: 'a tag key of 129 characters',
      setup: dorset('  cost-centre: dorset-digital', `  ${'k'.repeat(129)}: x\n  cost-centre: dorset-digital`),
      argv: validate,
      expect: ['longer than AWS allows'],
    },
    {
      name: 'a tag key with a slash (Azure refuses it)',
      setup: dorset('  cost-centre: dorset-digital', '  team/owner: x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['holds characters a tag key cannot: "/"'],
    },
    {
      name: 'a tag key with < and %',
      setup: dorset('  cost-centre: dorset-digital', '  "a<b%": x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['holds characters a tag key cannot'],
    },
    {
      name: 'the nplz: prefix in capitals',
      setup: dorset('  cost-centre: dorset-digital', '  NPLZ:Force: kent\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['(in any letter case) are set by NPLZ itself'],
    },
    {
      name: 'the aws: prefix AWS reserves',
      setup: dorset('  cost-centre: dorset-digital', '  AWS:owner: x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['reserved by AWS'],
    },
    {
      name: 'two tag keys differing only in case',
      setup: dorset('  cost-centre: dorset-digital', '  Cost-Centre: other\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['differs from "Cost-Centre" only in letter case'],
    },
    {
      name: 'a tag value with characters AWS refuses',
      setup: dorset('cost-centre: dorset-digital', 'cost-centre: "dorset <digital>"'),
      argv: validate,
      expect: ['tag value holds characters AWS does not accept'],
    },
    {
      name: 'a tag value of 257 characters',
      setup: dorset('cost-centre: dorset-digital', `cost-centre: ${'v'.repeat(257)}`),
      argv: validate,
      expect: ['tag value must be 1–256 characters'],
    },
    {
      name: 'a national tag key in another case',
      setup: nationalText('  cost-centre: nplz-national', '  cost-centre: nplz-national\n  COST-CENTRE: x'),
      argv: validate,
      expect: ['national.yaml', 'only in letter case'],
    },
    {
      name: 'more tags than a resource carries',
      setup: dorset(
        '  cost-centre: dorset-digital',
        `${Array.from({ length: 45 }, (_, i) => `  t${i}: v`).join('\n')}\n  cost-centre: dorset-digital`,
      ),
      argv: validate,
      expect: ['at most 44 tags'],
    },
    {
      name: 'one subscription in two cases',
      setup: dorset('nonprod: 00000000-0000-45b5-8000-00000000005c', 'nonprod: 00000000-0000-45B5-8000-00000000005B'),
      argv: validate,
      expect: ['Azure subscription 00000000-0000-45B5-8000-00000000005B is used by two environments'],
    },
    {
      name: 'one national subscription in two cases',
      setup: nationalText('connectivity: 00000000-0000-45b5-8000-0000000186a2', 'connectivity: 00000000-0000-45B5-8000-0000000186A1'),
      argv: validate,
      expect: ['is given two national roles'],
    },
    {
      name: 'a tenancy named national',
      setup: dorset('name: dorset', 'name: national'),
      argv: validate,
      expect: ['"national" is reserved for the national platform'],
    },
    {
      name: 'a tenancy named nplz',
      setup: dorset('name: dorset', 'name: nplz'),
      argv: validate,
      expect: ['"nplz" is reserved for the national platform'],
    },
    {
      name: 'a tenancy named nplz-hub',
      setup: dorset('name: dorset', 'name: nplz-hub'),
      argv: validate,
      expect: ['"nplz-hub" is reserved for the national platform'],
    },
    {
      name: 'an estate folder with no national settings',
      setup: (c) => fs.rmSync(c.national),
      argv: validate,
      expect: ['no national settings file in the estate folder'],
    },
    {
      name: 'two national settings files',
      setup: (c) => fs.copyFileSync(c.national, path.join(c.estate, 'national.yml')),
      argv: validate,
      expect: ['more than one national settings file'],
    },
    {
      name: 'tenancies is a file',
      setup: (c) => {
        fs.rmSync(path.join(c.estate, 'tenancies'), { recursive: true });
        fs.writeFileSync(path.join(c.estate, 'tenancies'), DORSET);
      },
      argv: validate,
      expect: ['tenancies is not a folder'],
    },
    {
      name: 'an empty folder',
      setup: (c) => fs.mkdirSync(path.join(c.work, 'empty')),
      argv: (c) => ['validate', path.join(c.work, 'empty')],
      expect: ['holds no tenancy specs and no national settings'],
    },
    {
      name: 'a stray argument to synth',
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'out'), 'extra'],
      expect: ['unexpected argument "extra"'],
    },
    {
      name: 'a stray argument to audit',
      argv: (c) => ['audit', '--in', c.estate, '--report', path.join(c.work, 'r'), 'x', 'y'],
      expect: ['unexpected arguments "x" "y"'],
    },
    {
      name: 'a stray argument to diff',
      argv: (c) => ['diff', '--from', '2026.11', '--to', '2027.02', '--estate', c.estate, 'kent'],
      expect: ['unexpected argument "kent"'],
    },
    { name: 'a stray argument to forces', argv: () => ['forces', 'kent'], expect: ['unexpected argument "kent"'] },
    { name: 'a stray argument to controls', argv: () => ['controls', '--json', 'x'], expect: ['unexpected argument "x"'] },
    {
      name: 'Latin-1 bytes in a tenancy',
      setup: (c) =>
        fs.writeFileSync(
          c.tenancy,
          Buffer.concat([Buffer.from(DORSET.replace('Dorset information asset owner', 'Dorset ')), Buffer.from([0xe9, 0x0a])]),
        ),
      argv: validate,
      expect: ['the file is not UTF-8 text', 'Latin-1'],
    },
    {
      name: 'a UTF-16 tenancy',
      setup: (c) => fs.writeFileSync(c.tenancy, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(DORSET, 'utf16le')])),
      argv: validate,
      expect: ['the file is UTF-16: save it as UTF-8'],
    },
    {
      name: 'an invalid byte in national.yaml',
      setup: (c) => fs.writeFileSync(c.national, Buffer.concat([Buffer.from(NATIONAL), Buffer.from([0x23, 0xc3, 0x28, 0x0a])])),
      argv: validate,
      expect: ['national.yaml', 'not UTF-8'],
    },
    {
      name: 'baseline 2026.10 unquoted reads as 2026.1',
      setup: dorset('baseline: "2026.11"', 'baseline: 2026.10'),
      argv: validate,
      expect: ['YAML reads 2026.10 as 2026.1; quote it ("2026.10")'],
    },
    {
      name: 'baseline 2026.11 unquoted',
      setup: dorset('baseline: "2026.11"', 'baseline: 2026.11'),
      argv: validate,
      expect: ['quote it ("2026.11")'],
    },
    {
      name: 'an account id with a leading zero, unquoted',
      setup: dorset('prod: "200000000091"', 'prod: 020000000091'),
      argv: validate,
      expect: ['YAML reads 020000000091 as 20000000091'],
    },
    {
      name: 'a CIDR with a leading-zero octet',
      setup: dorset('prod: 10.25.0.0/17', 'prod: 10.025.0.0/17'),
      argv: validate,
      expect: ['has a number with a leading zero', 'write 10.25.0.0/17'],
    },
    {
      name: 'a national baseline unquoted',
      setup: nationalText('baseline: "2026.11"', 'baseline: 2026.11'),
      argv: validate,
      expect: ['national.yaml', 'quote it ("2026.11")'],
    },
  ],

  'one group id, two owners': [
    {
      name: 'a force’s admin group id reused as another force’s developer group',
      setup: (c) =>
        fs.writeFileSync(
          c.durham,
          edit(DURHAM, 'awsGroupId: 00000000-0000-4a11-8000-000000000065', 'awsGroupId: 00000000-0000-4a11-8000-00000000005a'),
        ),
      argv: validate,
      expect: [
        /durham\.yaml.*identity\.groups\.force-developer\.awsGroupId/,
        'is already the group of tenancy dorset role force-admin',
        /dorset\.yaml identity\.groups\.force-admin\.awsGroupId/,
      ],
    },
    {
      name: 'a force’s Entra group reused in another force, refused by synth before anything is written',
      setup: (c) =>
        fs.writeFileSync(
          c.durham,
          edit(DURHAM, 'entraObjectId: 00000000-0000-4e1d-8000-000000000064', 'entraObjectId: 00000000-0000-4e1d-8000-00000000005b'),
        ),
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'out')],
      expect: [
        /durham\.yaml.*identity\.groups\.force-admin\.entraObjectId/,
        /dorset\.yaml identity\.groups\.force-developer\.entraObjectId/,
      ],
    },
    {
      name: 'the national auditor’s AWS group as a force’s read-only group',
      setup: dorset('awsGroupId: 00000000-0000-4a11-8000-00000000005c', 'awsGroupId: 00000000-0000-4a11-8000-0000000dbba4'),
      argv: validate,
      expect: [
        /dorset\.yaml.*identity\.groups\.force-readonly\.awsGroupId/,
        /national role national-auditor \(.*national\.yaml identity\.groups\.national-auditor\.awsGroupId\)/,
      ],
    },
    {
      name: 'the national platform admin’s Entra group as a force’s admin group, in capitals',
      setup: dorset('entraObjectId: 00000000-0000-4e1d-8000-00000000005a', 'entraObjectId: 00000000-0000-4E1D-8000-0000000DBBA1'),
      argv: (c) => ['synth', '--estate', c.estate, '--out', path.join(c.work, 'out')],
      expect: [
        /dorset\.yaml.*identity\.groups\.force-admin\.entraObjectId/,
        /national\.yaml identity\.groups\.national-platform-admin\.entraObjectId/,
      ],
    },
    {
      name: 'one group for two roles of one force',
      setup: dorset('awsGroupId: 00000000-0000-4a11-8000-00000000005d', 'awsGroupId: 00000000-0000-4a11-8000-00000000005a'),
      argv: validate,
      expect: [/dorset\.yaml.*identity\.groups\.force-security\.awsGroupId/, 'is already the group of tenancy dorset role force-admin'],
    },
    {
      name: 'two national roles sharing one group',
      setup: nationalText('awsGroupId: 00000000-0000-4a11-8000-0000000dbba2', 'awsGroupId: 00000000-0000-4a11-8000-0000000dbba4'),
      argv: validate,
      expect: [
        /national\.yaml.*identity\.groups\.national-auditor\.awsGroupId/,
        'is already the group of national role national-security-analyst',
      ],
    },
  ],

  'terminal safety': [
    {
      name: 'an escape sequence in a tenancy name',
      setup: dorset('name: dorset', 'name: "\\e[2J\\e[31mdorset"'),
      argv: validate,
      expect: ['\\u001b[2J'],
      not: ['\u001b'],
    },
    {
      name: 'a C1 CSI in an environment name',
      setup: dorset('[prod, nonprod]', '[prod, "\\x9b31m"]'),
      argv: validate,
      expect: ['\\u009b31m'],
      not: ['\u009b'],
    },
    {
      name: 'a bidi override in an unknown key',
      setup: dorset('classification:', '"evil\\u202etxt": 1\nclassification:'),
      argv: validate,
      expect: ['\\u202e'],
      not: ['\u202e'],
    },
    {
      name: 'a newline in a tag key',
      setup: dorset('  cost-centre: dorset-digital', '  "a\\nb": x\n  cost-centre: dorset-digital'),
      argv: validate,
      expect: ['a\\nb'],
      not: ['a\nb'],
    },
    {
      name: 'an escape sequence in an unknown command',
      argv: () => ['\u001b]0;pwned\u0007'],
      expect: ['unknown command "\\u001b]0;pwned\\u0007"'],
      not: ['\u001b'],
    },
    {
      name: 'an escape sequence in a file name',
      argv: (c) => ['validate', path.join(c.work, '\u001b[2Jx.yaml')],
      expect: ['\\u001b[2Jx.yaml'],
      not: ['\u001b'],
    },
    { name: 'an escape sequence in an option', argv: () => ['forces', '--\u001b[31m'], expect: ['\\u001b[31m'], not: ['\u001b'] },
    {
      name: 'a C1 control in --json output',
      setup: dorset('name: dorset', 'name: "x\\x9by"'),
      argv: (c) => ['validate', '--json', c.estate],
      expect: ['x\\u009by'],
      not: ['\u009b'],
    },
  ],

  'every problem at once': [
    {
      name: 'every fault of one exception in one run',
      setup: dorset(
        'budget:',
        'exceptions:\n  - control: NPLZ-NOPE-99\n    reason: short\n    expires: "2020-01-01"\n    scope: { cloud: aws }\nbudget:',
      ),
      argv: validate,
      expect: [
        'exceptions[0].approvedBy: required field is missing',
        'unknown control "NPLZ-NOPE-99"',
        'the reason is too short',
        'expired',
      ],
    },
    {
      name: 'a bad account id and a region outside the UK',
      setup: tenancyText(DORSET.replace('prod: "200000000091"', 'prod: "123"').replace('aws:\n', 'aws:\n  region: us-east-1\n')),
      argv: validate,
      expect: ['"123" is not an AWS account id', 'region us-east-1 is outside the UK'],
      not: ['environment "prod" has no AWS account'],
    },
    {
      name: 'a bad environment name does not make every mapping "not an environment"',
      setup: dorset('[prod, nonprod]', '[prod, NonProd]'),
      argv: validate,
      expect: ['"NonProd" is not a valid environment name'],
      not: ["is not one of the tenancy's environments", 'has no AWS account'],
    },
    {
      name: 'an overlap with a tenancy that has its own error',
      setup: (c) =>
        fs.writeFileSync(
          path.join(c.estate, 'tenancies', 'durham.yaml'),
          fs
            .readFileSync(path.join(__dirname, '../fixtures/invalid-estates/overlap/tenancies/durham.yaml'), 'utf8')
            .replace('classification: OFFICIAL-SENSITIVE', 'classification: SECRET'),
        ),
      argv: validate,
      expect: ['classification SECRET is refused', 'overlaps tenancy'],
    },
    {
      name: 'a collaboration whose member has its own error: no "has no tenancy"',
      setup: (c) => {
        const src = path.join(__dirname, '../fixtures/invalid-estates/no-consent/tenancies');
        for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(c.estate, 'tenancies', f));
        const essex = path.join(c.estate, 'tenancies', 'essex.yaml');
        fs.writeFileSync(essex, fs.readFileSync(essex, 'utf8').replace(/^classification: .*$/m, 'classification: 12'));
      },
      argv: validate,
      expect: ['essex.yaml', 'classification: expected a string'],
      not: ['which has no tenancy in the estate'],
    },
    {
      name: 'a tenancy that cannot be read: no "has no tenancy" for its force',
      setup: (c) => {
        const src = path.join(__dirname, '../fixtures/invalid-estates/no-consent/tenancies');
        for (const f of fs.readdirSync(src)) fs.copyFileSync(path.join(src, f), path.join(c.estate, 'tenancies', f));
        fs.writeFileSync(path.join(c.estate, 'tenancies', 'essex.yaml'), 'name: [unclosed\n');
      },
      argv: validate,
      expect: ['essex.yaml', 'not valid YAML'],
      not: ['which has no tenancy in the estate'],
    },
    {
      name: 'national settings with an error and two tenancies that overlap',
      setup: (c) => {
        fs.writeFileSync(c.national, edit(NATIONAL, 'email: soc@national-cyber.police.uk', 'email: not-an-email'));
        fs.copyFileSync(
          path.join(__dirname, '../fixtures/invalid-estates/overlap/tenancies/durham.yaml'),
          path.join(c.estate, 'tenancies', 'durham.yaml'),
        );
      },
      argv: validate,
      expect: ['"not-an-email" is not an email address', 'overlaps tenancy'],
    },
    {
      name: 'an estate without national settings still checks overlaps',
      setup: (c) => {
        fs.rmSync(c.national);
        fs.copyFileSync(
          path.join(__dirname, '../fixtures/invalid-estates/overlap/tenancies/durham.yaml'),
          path.join(c.estate, 'tenancies', 'durham.yaml'),
        );
      },
      argv: validate,
      expect: ['no national settings file', 'overlaps tenancy'],
    },
    {
      name: 'an unknown field and a missing admin group in one run',
      setup: tenancyText(
        DORSET.replace('classification:', 'clasification: x\nclassification:').replace('    force-admin:', '    force-admins:'),
      ),
      argv: validate,
      expect: ['unknown field "clasification"', 'every tenancy names the group that administers it'],
    },
  ],
};

beforeAll(() => {
  process.env.NPLZ_TODAY = '2026-11-22';
});

test('the base estate is valid, so each case fails for its own defect', async () => {
  const { work, estate } = workFolder();
  const r = await runUntouched(work, ['validate', estate]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
});

test('the corpus holds several cases of every class', () => {
  for (const cases of Object.values(CASES)) expect(cases.length).toBeGreaterThanOrEqual(5);
});

describe.each(Object.entries(CASES))('%s', (_, cases) => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, kase) => {
    const { work, estate } = workFolder();
    const ctx: Ctx = {
      work,
      estate,
      tenancy: path.join(estate, 'tenancies', 'dorset.yaml'),
      national: path.join(estate, 'national.yaml'),
      durham: path.join(estate, 'tenancies', 'durham.yaml'),
    };
    kase.setup?.(ctx);
    const r = await runUntouched(work, kase.argv(ctx));
    expectRefused(r, kase.expect);
    const all = `${r.stdout}${r.stderr}`;
    for (const f of kase.not ?? []) {
      if (typeof f === 'string') expect(all).not.toContain(f);
      else expect(all).not.toMatch(f);
    }
    fs.rmSync(work, { recursive: true, force: true });
  });
});
