/**
 * One real local cloud per jest project (in-memory SQLite, dev mode, bundled functions), started
 * in that project's globalSetup (node) and reached by its tests over HTTP. Every project's
 * globalSetup runs before any test, so each project passes its URL in its OWN variable
 * (UI_TEST_CLOUD_URL for ui, WEAPP_TEST_CLOUD_URL for weapp).
 *   seed: 'demo' → the project's demo data (scripts/seed seedDemo); 'ui' → the few ui demo users.
 */
require('tsx/cjs');

const slot = (name) => `__LOCAL_CLOUD_${name}__`;

async function startCloud({ name, envVar, seed }) {
  const { buildFunctions } = require('../../scripts/build-functions.ts');
  await buildFunctions();
  const { startLocalCloud } = require('../../localcloud/index.ts');
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  const sdk = require('wx-server-sdk').createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl });
  const db = sdk.database();
  if (seed === 'demo') {
    const { seedDemo } = require('../../scripts/seed/index.ts');
    await seedDemo(db);
  } else if (seed === 'ui') {
    const { DEMO_USERS } = require('./demo-users.js');
    for (const { _id, ...rest } of DEMO_USERS) await db.collection('dev_demo_users').doc(_id).set({ data: rest });
  }
  globalThis[slot(name)] = cloud;
  process.env[envVar] = cloud.url;
  return cloud;
}

async function stopCloud(name) {
  const cloud = globalThis[slot(name)];
  globalThis[slot(name)] = undefined;
  if (cloud) await cloud.close();
}

module.exports = { startCloud, stopCloud };
