// jest-junit: <property> elements of every <testsuite>.
module.exports = () => ({ owner: 'alice', 'ci.build': '42' });
