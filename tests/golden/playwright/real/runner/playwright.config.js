// Two projects run the same specs: each (spec, project) is a test of its own.
// No browser is used: the tests take no `page` fixture.
const { defineConfig } = require("@playwright/test");

module.exports = defineConfig({
  testDir: "tests",
  retries: 1,
  workers: 1,
  reporter: [["json", { outputFile: process.env.PW_JSON_OUTPUT || "report.json" }]],
  projects: [
    { name: "api", metadata: { base: "http://localhost" } },
    { name: "api-slow", timeout: 60000 },
  ],
});
