/**
 * ui project: bundle the functions, then start ONE real local cloud (in-memory SQLite, dev mode) for
 * all UI tests, with a few demo users for the dev sign-in page. Its URL reaches the tests through
 * UI_TEST_CLOUD_URL (and the compile-time constant LOCAL_CLOUD_URL, see setup.js).
 */
require('tsx/cjs');

module.exports = async () => {
  const { buildFunctions } = require('../../scripts/build-functions.ts');
  await buildFunctions();
  const { startLocalCloud } = require('../../localcloud/index.ts');
  const cloud = await startLocalCloud({ port: 0, data: ':memory:', dev: true, quiet: true, timers: false });
  const { DEMO_USERS } = require('./demo-users.js');
  const sdk = require('wx-server-sdk').createNewInstance({ env: cloud.envId, serviceUrl: cloud.adminUrl });
  const col = sdk.database().collection('dev_demo_users');
  for (const u of DEMO_USERS) {
    const { _id, ...rest } = u;
    await col.doc(_id).set({ data: rest });
  }
  globalThis.__UI_LOCAL_CLOUD__ = cloud;
  process.env.UI_TEST_CLOUD_URL = cloud.url;
};
