// Opens an audit report.html in headless Chromium (playwright-core, Debian's chromium) for AuditReportBrowserIT.
// Usage: node audit-report-check.mjs NODE_MODULES FILE_URL SCREENSHOT
// Prints "DONE <json>": the verdict shown, per chart (svg[data-chart]) its path/polyline count and the
// series drawn with a non-empty path, and every console error, uncaught exception and request made
// (a self-contained report makes none beyond its own file). Exits 0 unless the browser itself failed.
import { createRequire } from 'node:module';

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
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('uncaught: ' + e.message));
  page.on('request', (r) => { if (r.url() !== url) problems.push('request: ' + r.url()); });
  await page.goto(url);
  result.verdict = await page.locator('#verdict').getAttribute('data-trust');
  const box = await page.locator('#verdict h1').boundingBox();
  result.verdictBottom = box ? box.y + box.height : null;
  result.charts = await page.evaluate(() => Array.from(document.querySelectorAll('svg[data-chart]')).map((svg) => {
    const r = svg.getBoundingClientRect();
    return {
      chart: svg.getAttribute('data-chart'),
      shapes: svg.querySelectorAll('path, polyline').length,
      drawn: Array.from(svg.querySelectorAll('path[data-series]'))
        .filter((p) => (p.getAttribute('d') || '').length > 0 && p.getTotalLength() > 0)
        .map((p) => p.getAttribute('data-series')),
      width: r.width,
      height: r.height,
    };
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
} catch (e) {
  problems.push('check: ' + e.message);
} finally {
  await browser.close();
}
console.log('DONE ' + JSON.stringify(result));
