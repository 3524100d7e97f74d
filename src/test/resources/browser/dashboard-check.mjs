// Opens the dashboard in headless Chromium (playwright-core, Debian's chromium) for DashboardBrowserIT.
// Usage: node dashboard-check.mjs NODE_MODULES URL SCREENSHOT
// Prints "READY <json>" once every panel shows data, then waits for a line "ALERT RULE" on stdin and for
// that rule to appear on the live timeline, takes a screenshot, and prints "DONE <json>" with every
// console error and uncaught exception of the page. Exits 0 unless the browser itself failed.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const [modules, url, screenshot] = process.argv.slice(2);
const { chromium } = createRequire(modules.endsWith('/') ? modules : modules + '/')('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.HEDGEWATCH_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const result = { problems };
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('uncaught: ' + e.message));
  page.on('requestfailed', (r) => problems.push('request failed: ' + r.url()));
  await page.goto(url);
  const started = Date.now();
  await page.waitForSelector('#feeds .uplot', { timeout: 60000 });
  await page.waitForSelector('#funding-chart .uplot', { timeout: 60000 });
  await page.waitForSelector('#positions tbody tr, #positions tr + tr', { timeout: 60000 });
  result.feedCards = await page.locator('#feeds > .card').count();
  result.marketCards = await page.locator('#markets > .card').count();
  result.positionRows = await page.locator('#positions tr').count();
  result.positions = await page.locator('#positions').textContent();
  await page.waitForSelector('#feeds .chart.drift[data-warn-bps] .uplot', { timeout: 60000 });
  const driftChart = page.locator('#feeds .chart.drift[data-warn-bps]').first();
  result.driftWarnBps = Number(await driftChart.getAttribute('data-warn-bps'));
  result.driftCriticalBps = Number(await driftChart.getAttribute('data-critical-bps'));
  result.readyMillis = Date.now() - started;
  console.log('READY ' + JSON.stringify(result));

  const lines = createInterface({ input: process.stdin });
  const rule = await new Promise((resolve) => {
    lines.on('line', (line) => { if (line.startsWith('ALERT ')) { resolve(line.substring(6).trim()); } });
  });
  const asked = Date.now();
  await page.waitForFunction(
    (r) => Array.from(document.querySelectorAll('#timeline li')).some((li) => li.textContent.includes(r)),
    rule, { timeout: 60000 });
  result.timelineMillis = Date.now() - asked;
  result.timeline = await page.locator('#timeline li').allTextContents();
  await page.screenshot({ path: screenshot, fullPage: true });
  lines.close();
} catch (e) {
  problems.push('check: ' + e.message);
} finally {
  await browser.close();
}
console.log('DONE ' + JSON.stringify(result));
