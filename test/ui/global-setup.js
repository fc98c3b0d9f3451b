// ui project: one real local cloud with a few demo users (see cloud-setup.js) → UI_TEST_CLOUD_URL.
module.exports = () => require('./cloud-setup.js').startCloud({ name: 'ui', envVar: 'UI_TEST_CLOUD_URL', seed: 'ui' }).then(() => undefined);
