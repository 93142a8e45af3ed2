// The outcomes jest has, in nested describe blocks.
const add = (a, b) => a + b;

describe("calculator", () => {
  test("adds", () => {
    expect(add(1, 2)).toBe(3);
  });

  test("assertion fails", () => {
    expect(add(0.1, 0.2)).toBe(0.3);
  });

  test("throws a TypeError", () => {
    const config = undefined;
    return config.value;
  });

  // jest's skip takes no reason: the report says only "pending".
  test.skip("skipped (jest keeps no reason)", () => {});
  test.todo("divides by zero");

  describe("nested", () => {
    describe("deeper", () => {
      test("passes two levels down", () => {
        console.log("to stdout");
        console.error("to stderr");
        expect(true).toBe(true);
      });
    });
  });

  // Parametrised names with unicode and the characters that need escaping.
  test.each([
    ["ünïcödé ✓", 1],
    ['<&>"\'{}', 2],
    ["日本語", 3],
  ])("each %s → %i", (label, n) => {
    expect(n).toBeLessThan(3);
  });

  test("a failure of about 50 KB", () => {
    throw new Error("big output: " + "0123456789abcdef".repeat(3200));
  });

  test("times out", async () => {
    await new Promise((r) => setTimeout(r, 400));
  }, 100);
});
