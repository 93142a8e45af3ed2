// Root hooks: capture console.log/console.error of each test into the arrays that
// mocha-junit-reporter writes as <system-out>/<system-err> (it captures nothing itself).
const util = require('node:util');

const original = { log: console.log, error: console.error };

exports.mochaHooks = {
  beforeEach() {
    const test = this.currentTest;
    console.log = (...args) => {
      test.consoleOutputs = (test.consoleOutputs || []).concat(util.format(...args));
    };
    console.error = (...args) => {
      test.consoleErrors = (test.consoleErrors || []).concat(util.format(...args));
    };
  },
  afterEach() {
    console.log = original.log;
    console.error = original.error;
  },
};
