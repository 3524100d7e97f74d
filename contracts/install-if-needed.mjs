// Installs the pinned contract tools (anvil, solcjs) and the dashboard's uPlot from package-lock.json, but only when node_modules is missing
// or older than the lock file, so that repeated Maven builds stay fast and work offline.
// Usage: node install-if-needed.mjs [npm-executable]
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const npm = process.argv[2] || 'npm';
const lockFile = join(here, 'package-lock.json');
const modules = join(here, 'node_modules');
const stamp = join(modules, '.hedgewatch-installed');

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}

if (!existsSync(lockFile)) {
  console.error(`[contracts] ${lockFile} is missing: it pins anvil and solc; restore it from version control`);
  process.exit(1);
}

const stampTime = mtime(stamp);
const upToDate = stampTime >= 0
  && stampTime >= mtime(lockFile)
  && stampTime >= mtime(join(here, 'package.json'));
if (upToDate) {
  process.exit(0);
}

console.log(`[contracts] installing the pinned anvil and solc: ${npm} ci --no-audit --no-fund (in ${here})`);
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
  cwd: here,
  stdio: 'inherit',
  // npm is a .cmd script on Windows
  shell: process.platform === 'win32',
});
if (result.error) {
  console.error(`[contracts] could not run '${npm}': ${result.error.message}. Install Node.js with npm, `
    + 'or pass -Dnpm.executable=/path/to/npm to Maven');
  process.exit(1);
}
if (result.status !== 0) {
  console.error(`[contracts] '${npm} ci' failed with exit code ${result.status}; see its output above`);
  process.exit(result.status || 1);
}
writeFileSync(stamp, `installed from package-lock.json at ${new Date().toISOString()}\n`);
