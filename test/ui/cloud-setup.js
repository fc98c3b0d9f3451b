/**
 * One real local cloud per jest project (in-memory SQLite, dev mode, bundled functions), run in a
 * CHILD process (test/ui/cloud-process.ts) so that jest's own process env stays untouched, and
 * reached by the tests over HTTP. Every project's globalSetup runs before any test, so each
 * project passes its URL in its own variable (UI_TEST_CLOUD_URL, WEAPP_TEST_CLOUD_URL).
 *   seed: 'demo' → the demo data (scripts/seed seedDemo); 'ui' → the few ui demo users.
 */
const { spawn } = require('child_process');
const { join } = require('path');
const readline = require('readline');

const ROOT = join(__dirname, '..', '..');
const slot = (name) => `__LOCAL_CLOUD_${name}__`;

function startCloud({ name, envVar, seed }) {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'cloud-process.ts'), '--seed', seed], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, TZ: 'Asia/Shanghai' },
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`local cloud for ${name} did not start within 60 s`));
    }, 60000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local cloud for ${name} exited early (code ${code})`));
    });
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const { url } = JSON.parse(line);
      globalThis[slot(name)] = child;
      process.env[envVar] = url;
      resolve(url);
    });
  });
}

async function stopCloud(name) {
  const child = globalThis[slot(name)];
  globalThis[slot(name)] = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
}

module.exports = { startCloud, stopCloud };
