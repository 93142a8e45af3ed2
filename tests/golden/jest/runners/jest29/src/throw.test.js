// A throw at module top level: the file loads no test.
const config = require("./config.json");
test("never runs", () => expect(config).toBeDefined());
