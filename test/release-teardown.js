'use strict';
module.exports = require('./release-setup').teardown;
