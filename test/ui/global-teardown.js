module.exports = () => require('./cloud-setup.js').stopCloud('ui');
