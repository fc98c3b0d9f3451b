// Bundle the cloud functions once before the function tests load them.
require('tsx/cjs');
module.exports = async () => {
  const { buildFunctions } = require('../scripts/build-functions.ts');
  await buildFunctions();
};
