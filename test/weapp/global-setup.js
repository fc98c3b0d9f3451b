// weapp project: one real local cloud with the full demo data (see ../ui/cloud-setup.js).
module.exports = () => require('../ui/cloud-setup.js').startCloud({ seed: 'demo' }).then(() => undefined);
