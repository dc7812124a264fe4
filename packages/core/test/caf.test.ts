import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';
import YAML from 'yaml';
import {
  CAF_40_TO_32_CHANGED,
  CAF_DEFAULT_VERSION,
  CAF_OUTCOMES,
  CAF_SOURCE_COMMIT,
  CONTROLS,
  type Control,
  cafCrosswalk,
  cafFramework,
  controlCafOutcomes,
  type CafVersion,
} from '../src';

// The independent source: CDDO's published CAF YAML, vendored byte for byte (fixtures/caf/SOURCE.md).
const FIXTURES = path.join(__dirname, 'fixtures', 'caf');
const fixture = (v: CafVersion) => path.join(FIXTURES, `cyber-assessment-framework-v${v}.yaml`);

interface YamlOutcome {
  code: string;
  title: string;
  indicators?: Record<string, Record<string, unknown> | null>;
}
interface Published {
  titles: Map<string, string>;
  /** `level:id` per outcome. */
  indicators: Map<string, Set<string>>;
  principles: Map<string, string>;
}

function published(v: CafVersion): Published {
  const doc = YAML.parse(fs.readFileSync(fixture(v), 'utf8'), { maxAliasCount: -1 }) as {
    objectives: Record<string, { principles: Record<string, { title: string; outcomes: Record<string, YamlOutcome> }> }>;
  };
  const out: Published = { titles: new Map(), indicators: new Map(), principles: new Map() };
  for (const o of Object.values(doc.objectives))
    for (const [pid, p] of Object.entries(o.principles)) {
      out.principles.set(pid, p.title);
      for (const [id, c] of Object.entries(p.outcomes)) {
        out.titles.set(id, c.title);
        const set = new Set<string>();
        for (const [level, inds] of Object.entries(c.indicators ?? {})) for (const i of Object.keys(inds ?? {})) set.add(`${level}:${i}`);
        out.indicators.set(id, set);
      }
    }
  return out;
}

const PUB = { '4.0': published('4.0'), '3.2': published('3.2') } as const;

/** What is wrong with a catalog's CAF 4.0 mapping, judged against the published YAML alone. */
function mappingDefects(controls: readonly Control[], pub: Published): string[] {
  const out: string[] = [];
  for (const c of controls) {
    for (const o of c.caf) if (!pub.titles.has(o)) out.push(`${c.id}: ${o} is not a CAF outcome`);
    for (const i of c.cafIndicators) {
      const outcome = i.split('.').slice(0, 2).join('.');
      if (!pub.indicators.get(outcome)?.has(`achieved:${i}`)) out.push(`${c.id}: ${i} is not an achieved indicator`);
      if (!c.caf.includes(outcome)) out.push(`${c.id}: ${i} is outside its outcomes`);
    }
  }
  return out;
}

describe('CAF framework data', () => {
  test.each(['4.0', '3.2'] as const)('CAF %s: every outcome, title and indicator matches the published YAML', (v) => {
    const f = cafFramework(v);
    const pub = PUB[v];
    expect(f.outcomes.map((o) => o.id).sort()).toEqual([...pub.titles.keys()].sort());
    for (const o of f.outcomes) {
      expect(o.title).toBe(pub.titles.get(o.id));
      expect(o.principle.title).toBe(pub.principles.get(o.principle.id));
      const levels = { A: 'achieved', PA: 'partially-achieved', NA: 'not-achieved' } as const;
      expect(new Set(o.indicators.map((i) => `${levels[i.level]}:${i.id}`))).toEqual(pub.indicators.get(o.id));
    }
  });

  test('records the source commit of the YAML it was generated from', () => {
    expect(fs.readFileSync(path.join(FIXTURES, 'SOURCE.md'), 'utf8')).toContain(CAF_SOURCE_COMMIT);
    for (const v of ['4.0', '3.2'] as const) expect(cafFramework(v).source.commit).toBe(CAF_SOURCE_COMMIT);
  });

  test('CAF 4.0 is the default; CAF_OUTCOMES holds its official titles', () => {
    expect(CAF_DEFAULT_VERSION).toBe('4.0');
    expect(CAF_OUTCOMES).toEqual(Object.fromEntries(PUB['4.0'].titles));
    expect(CAF_OUTCOMES['A2.b']).toBe('Understanding Threat');
    expect(CAF_OUTCOMES['A2.c']).toBe('Assurance');
    expect(CAF_OUTCOMES['C2.b']).toBeUndefined();
  });

  test('the generator reproduces the committed module from the YAML (and refuses bad input)', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'caf-')), 'gen.ts');
    const script = path.join(__dirname, '..', 'scripts', 'generate-caf.js');
    execFileSync(process.execPath, [script, '--commit', CAF_SOURCE_COMMIT, '--out', out, fixture('3.2'), fixture('4.0')]);
    expect(fs.readFileSync(out, 'utf8')).toBe(fs.readFileSync(path.join(__dirname, '..', 'src', 'caf', 'frameworks.generated.ts'), 'utf8'));
    const bad = spawnSync(process.execPath, [script, '--commit', 'main', fixture('4.0')], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--commit must be the 40-hex commit/);
  });
});

describe('the catalog speaks CAF 4.0', () => {
  test('every mapped outcome and achieved indicator exists in the published CAF 4.0', () => {
    expect(mappingDefects(CONTROLS, PUB['4.0'])).toEqual([]);
    for (const c of CONTROLS) expect(c.cafIndicators.length).toBeGreaterThan(0);
  });

  test('the check fails on a mapping a careless change would make', () => {
    const first = CONTROLS[0]!;
    const bad: Control[] = [
      { ...first, id: 'A', caf: ['C2.b'], cafIndicators: ['C2.b.2'] }, // 3.2's C2.b, gone in 4.0
      { ...first, id: 'B', caf: ['B2.c'], cafIndicators: ['B2.c.1'] }, // a not-achieved indicator
      { ...first, id: 'C', caf: ['B2.c'], cafIndicators: ['B2.c.99'] },
    ];
    expect(mappingDefects(bad, PUB['4.0'])).toEqual([
      'A: C2.b is not a CAF outcome',
      'A: C2.b.2 is not an achieved indicator',
      'B: B2.c.1 is not an achieved indicator',
      'C: B2.c.99 is not an achieved indicator',
    ]);
  });
});

describe('CAF 4.0 → 3.2 crosswalk', () => {
  test('the hand-written table covers exactly the 4.0 outcomes whose id or title changed, and names real 3.2 outcomes', () => {
    const changed = [...PUB['4.0'].titles].filter(([id, t]) => PUB['3.2'].titles.get(id) !== t).map(([id]) => id);
    expect(Object.keys(CAF_40_TO_32_CHANGED).sort()).toEqual(changed.sort());
    for (const ids of Object.values(CAF_40_TO_32_CHANGED)) for (const id of ids) expect(PUB['3.2'].titles.has(id)).toBe(true);
  });

  test('every 3.2 outcome is reached from some 4.0 outcome', () => {
    const reached = new Set([...PUB['4.0'].titles.keys()].flatMap((id) => cafCrosswalk(id)));
    expect([...PUB['3.2'].titles.keys()].filter((id) => !reached.has(id))).toEqual([]);
  });

  test('a control maps to 3.2 through it: Assurance is A2.c in 4.0 and A2.b in 3.2', () => {
    const mon02 = CONTROLS.find((c) => c.id === 'NPLZ-MON-02')!;
    expect(mon02.caf).toContain('A2.c');
    expect(controlCafOutcomes(mon02, '3.2')).toContain('A2.b');
    expect(controlCafOutcomes(mon02, '3.2')).not.toContain('A2.c');
    for (const c of CONTROLS) for (const o of controlCafOutcomes(c, '3.2')) expect(PUB['3.2'].titles.has(o)).toBe(true);
  });
});
