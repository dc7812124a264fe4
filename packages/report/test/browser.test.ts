/// <reference lib="dom" />
// The page callbacks below run in the browser.
/**
 * The HTML report in a real browser: Debian's Chromium (CI installs it with
 * `apt-get install -y chromium`), driven by playwright-core over file:// URLs. Nothing is
 * downloaded. Writes screenshots to test-artifacts/ at the repository root.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { CONTROLS } from '@nplz/core';
import type { FindingsReport } from '@nplz/core';
import { renderHtml } from '../src/html';
import { renderJunit } from '../src/junit';
import { estateReport } from './fixtures/findings/estate';
import { SAMPLE_FINDINGS, finding, sampleReport } from './fixtures/findings/sample';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = resolve(__dirname, '../../../../test-artifacts');
const EVIL = '</script><img src=x onerror=alert(1)>';

let browser: Browser;
let work: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}. The HTML report test needs it: run \`apt-get update && apt-get install -y chromium\` (Debian package; no browser is downloaded).`,
    );
  }
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  work = mkdtempSync(join(tmpdir(), 'nplz-html-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Opened {
  readonly page: Page;
  readonly requests: string[];
  readonly problems: string[];
  readonly loadMs: number;
}

/** Opens a report and records every request, dialog, console error and page error. */
async function open(report: FindingsReport, name: string, viewport = { width: 1440, height: 900 }): Promise<Opened> {
  const file = join(work, `${name}.html`);
  writeFileSync(file, renderHtml(report));
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  const problems: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  const started = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return { page, requests, problems, loadMs: Date.now() - started };
}

/** `control@tenancy: status` of every cell a person can see. */
function visibleCells(page: Page): Promise<string[]> {
  return page.$$eval('#matrix button.cell', (cells) =>
    cells
      .filter((c) => c.checkVisibility({ visibilityProperty: true }))
      .map((c) => c.getAttribute('aria-label')!.replace(/^(\S+), (\S+): /, '$1@$2: ')),
  );
}

function cell(page: Page, control: string, tenancy: string) {
  return page.locator(`#matrix button.cell[aria-label^="${control}, ${tenancy}:"]`);
}

describe('HTML report in headless Chromium', () => {
  const report = sampleReport([
    ...SAMPLE_FINDINGS,
    finding({
      control: 'NPLZ-NET-02',
      status: 'fail',
      cloud: 'aws',
      tenancy: 'kent',
      environment: 'prod',
      resource: `kent-prod/Jump/${EVIL}`,
      rule: 'NplzSgNoManagementPorts',
      message: `Port 3389 open to 0.0.0.0/0 ${EVIL}`,
    }),
  ]);
  const TENANCIES = ['national', 'essex', 'kent', 'kent-essex-its'];
  let opened: Opened;

  beforeAll(async () => {
    opened = await open(report, 'sample');
  });

  test('renders a cell for every control × tenancy, each showing the worst of its findings', async () => {
    const { page } = opened;
    const heads = await page.$$eval('#matrix thead th.col', (ths) => ths.map((t) => t.textContent));
    expect(heads).toEqual(TENANCIES);
    const labels = await page.$$eval('#matrix button.cell', (cells) => cells.map((c) => c.getAttribute('aria-label')));
    expect(labels).toHaveLength(CONTROLS.length * TENANCIES.length);
    for (const c of CONTROLS) for (const t of TENANCIES) expect(labels.filter((l) => l!.startsWith(`${c.id}, ${t}: `))).toHaveLength(1);
    expect(await visibleCells(page)).toHaveLength(CONTROLS.length * TENANCIES.length);

    // kent's NET-01: a fail on AWS beats a pass on Azure; the symbol carries the status without colour.
    await expect(cell(page, 'NPLZ-NET-01', 'kent').getAttribute('aria-label')).resolves.toBe('NPLZ-NET-01, kent: fail');
    await expect(cell(page, 'NPLZ-NET-01', 'kent').textContent()).resolves.toBe('\u2717');
    await expect(cell(page, 'NPLZ-NET-05', 'essex').textContent()).resolves.toBe('!');
    await expect(cell(page, 'NPLZ-NET-01', 'essex').textContent()).resolves.toBe('\u2713');
    await expect(cell(page, 'NPLZ-ENC-02', 'essex').getAttribute('aria-label')).resolves.toBe('NPLZ-ENC-02, essex: not applicable');
    await expect(cell(page, 'NPLZ-IAM-01', 'essex').getAttribute('aria-label')).resolves.toBe('NPLZ-IAM-01, essex: no evidence');
  });

  test('the status filter hides every other cell, and the rows and columns left empty', async () => {
    const { page } = opened;
    for (const s of ['excepted', 'pass', 'not-applicable', 'none']) await page.uncheck(`#filter-status input[value="${s}"]`);
    expect((await visibleCells(page)).sort()).toEqual([
      'NPLZ-GOV-02@kent: fail',
      'NPLZ-LOG-05@kent: fail',
      'NPLZ-NET-01@kent: fail',
      'NPLZ-NET-02@kent: fail',
    ]);
    expect(
      await page.$$eval('#matrix tbody tr', (rows) =>
        (rows as HTMLElement[]).filter((r) => !r.hidden).map((r) => r.getAttribute('data-control')),
      ),
    ).toEqual(['NPLZ-LOG-05', 'NPLZ-NET-01', 'NPLZ-NET-02', 'NPLZ-GOV-02']);
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['kent']);
    await expect(page.locator('.shown').textContent()).resolves.toBe('Showing 4 controls \u00d7 1 tenancy');
    await page.click('button.reset');
    await expect(page.locator('.shown').textContent()).resolves.toBe('Showing 43 controls \u00d7 3 tenancies and the national platform');
    for (const s of ['excepted', 'pass', 'not-applicable', 'none']) await page.uncheck(`#filter-status input[value="${s}"]`);

    // Only the excepted cells.
    await page.check('#filter-status input[value="excepted"]');
    await page.uncheck('#filter-status input[value="fail"]');
    expect(await visibleCells(page)).toEqual(['NPLZ-NET-05@essex: excepted']);
    await page.click('button.reset');
    await page.waitForFunction(() => document.querySelectorAll('#matrix button.cell.off').length === 0);
  });

  test('the force, cloud and severity filters hide what they should', async () => {
    const { page } = opened;
    // A force shows its own tenancy and the collaborations it belongs to.
    await page.selectOption('#filter-scope', 'f:essex');
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['essex', 'kent-essex-its']);
    await page.selectOption('#filter-scope', 't:kent');
    expect(
      await page.$$eval('#matrix thead th.col', (ths) => (ths as HTMLElement[]).filter((t) => !t.hidden).map((t) => t.textContent)),
    ).toEqual(['kent']);

    // Without AWS, kent's NET-01 is judged on its Azure evidence alone.
    await page.uncheck('#filter-cloud input[value="aws"]');
    await expect(cell(page, 'NPLZ-NET-01', 'kent').getAttribute('aria-label')).resolves.toBe('NPLZ-NET-01, kent: pass');
    // An AWS-only control has no row left.
    expect(await page.$eval('#matrix tr[data-control="NPLZ-IAM-04"]', (r) => (r as HTMLElement).hidden)).toBe(true);
    await page.check('#filter-cloud input[value="aws"]');

    // Severity: only low controls (GOV-03 is the one low control) remain.
    for (const s of ['critical', 'high', 'medium']) await page.uncheck(`#filter-severity input[value="${s}"]`);
    expect(await visibleCells(page)).toEqual(['NPLZ-GOV-03@kent: no evidence']);
    await page.click('button.reset');
    await page.waitForFunction(() => document.querySelectorAll('#matrix thead th.col[hidden]').length === 0);
  });

  test('clicking a cell opens its evidence: resource, rule, source, message, NCSC, CAF and exception', async () => {
    const { page } = opened;
    await expect(page.locator('#evidence').isVisible()).resolves.toBe(false);
    await cell(page, 'NPLZ-NET-05', 'essex').click();
    const evidence = page.locator('#evidence');
    await expect(evidence.isVisible()).resolves.toBe(true);
    const text = (await evidence.innerText()).replace(/\s+/g, ' ');
    for (const expected of [
      'NPLZ-NET-05 No public addresses in force spokes',
      'Tenancy essex (Essex Police)',
      '1 finding',
      'Public IP address in a force spoke',
      'Resource urn:pulumi:prod::essex::azure-native:network:PublicIPAddress::anpr-gateway',
      'Rule nplz-no-public-ip',
      'Source nplz',
      'NCSC principles 11 External interface protection',
      'CAF outcomes B4.b Secure configuration',
      'Reason ANPR camera feed needs a fixed public endpoint until the national gateway is live',
      'Approved by ciso@essex.police.uk',
      'Expires 2027-03-31 (141 days left)',
    ]) {
      expect(text).toContain(expected);
    }
    await page.keyboard.press('Escape');
    await expect(evidence.isVisible()).resolves.toBe(false);
  });

  test('hostile text is shown as text: no element, script or dialog comes from it', async () => {
    const { page, problems, requests } = opened;
    await cell(page, 'NPLZ-NET-02', 'kent').click();
    const text = await page.locator('#evidence').innerText();
    expect(text).toContain(`Port 3389 open to 0.0.0.0/0 ${EVIL}`);
    expect(text).toContain(`kent-prod/Jump/${EVIL}`);
    expect(await page.$$eval('img', (imgs) => imgs.length)).toBe(0);
    expect(problems).toEqual([]);
    // One request: the file itself. No assets, no network.
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^file:\/\/.*sample\.html$/);

    await cell(page, 'NPLZ-NET-01', 'kent').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'report.png'), fullPage: false });
  });

  test('JUnit XML is well-formed to a real XML parser, hostile text included', async () => {
    const xml = renderJunit(report);
    const result = await opened.page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { errors: doc.getElementsByTagName('parsererror').length, suites: doc.getElementsByTagName('testsuite').length };
    }, xml);
    expect(result).toEqual({ errors: 0, suites: 4 });
  });

  afterAll(async () => {
    await opened?.page.close();
  });
});

describe('HTML report at estate size', () => {
  test('44 tenancies and the national platform × 43 controls, ~20,000 findings: renders and filters quickly', async () => {
    const report = estateReport();
    const { page, loadMs, problems } = await open(report, 'estate', { width: 1600, height: 1000 });
    const cells = await page.$$eval('#matrix button.cell', (c) => c.length);
    expect(cells).toBe(45 * CONTROLS.length);
    expect(loadMs).toBeLessThan(5000);

    const started = Date.now();
    await page.uncheck('#filter-status input[value="pass"]');
    await page.uncheck('#filter-status input[value="none"]');
    const filterMs = Date.now() - started;
    expect(filterMs).toBeLessThan(2000);
    expect(problems).toEqual([]);
    await page.check('#filter-status input[value="pass"]');
    await page.check('#filter-status input[value="none"]');
    await page.screenshot({ path: join(ARTIFACTS, 'report-estate.png') });
    process.stdout.write(`estate report: ${report.findings.length} findings, load ${loadMs} ms, filter ${filterMs} ms\n`);
    await page.close();
  });
});
