// weapp project: one real local cloud with the full demo data (see ../ui/cloud-setup.js) → WEAPP_TEST_CLOUD_URL.
module.exports = () => require('../ui/cloud-setup.js').startCloud({ name: 'weapp', envVar: 'WEAPP_TEST_CLOUD_URL', seed: 'demo' }).then(() => undefined);
