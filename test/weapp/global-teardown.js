module.exports = () => require('../ui/cloud-setup.js').stopCloud('weapp');
