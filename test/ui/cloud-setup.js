/**
 * One real local cloud for a jest project (in-memory SQLite, dev mode, bundled functions), started
 * in globalSetup (node) and reached by the tests over HTTP through UI_TEST_CLOUD_URL.
 *   seed: 'demo' → the project's demo data (scripts/seed seedDemo); 'ui' → the few ui demo users.
 */
require('tsx/cjs');

async function startCloud({ seed }) {
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
  globalThis.__UI_LOCAL_CLOUD__ = cloud;
  process.env.UI_TEST_CLOUD_URL = cloud.url;
  return cloud;
}

async function stopCloud() {
  const cloud = globalThis.__UI_LOCAL_CLOUD__;
  if (cloud) await cloud.close();
}

module.exports = { startCloud, stopCloud };
