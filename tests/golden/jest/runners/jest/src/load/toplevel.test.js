// A throw at module top level, after a test was declared: no test runs.
test("declared before the throw", () => expect(1).toBe(1));
throw new Error("config missing: set API_URL");
