// jest-junit: <property> elements of each <testcase> (not standard JUnit; DataDog and others read them).
module.exports = (testResult) =>
  testResult.ancestorTitles.includes('checkout') ? { tag: 'payments', severity: 'critical' } : {};
