// ui project: one real local cloud with a few demo users (see cloud-setup.js).
module.exports = () => require('./cloud-setup.js').startCloud({ seed: 'ui' }).then(() => undefined);
