// Passes, expect() failures, thrown errors, skipped and todo tests, test.each
// variants, nested describe blocks and a test that times out.
import { describe, expect, test } from "vitest";

describe("Calculator", () => {
  describe("add", () => {
    test("adds two numbers", () => {
      expect(1 + 2).toBe(3);
    });
    test("adds floats exactly", () => {
      expect(0.1 + 0.2).toBe(0.3);
    });
    test("compares objects", () => {
      expect({ sum: 3, terms: [1, 2] }).toEqual({ sum: 3, terms: [1, 2, 0] });
    });
    test.each([
      [1, 1, 2],
      [2, 2, 5],
    ])("add(%i, %i) is %i", (a, b, sum) => {
      expect(a + b).toBe(sum);
    });
  });

  describe("divide", () => {
    test("throws on a bug in the code under test", () => {
      const calc = undefined;
      return calc.divide(1, 0);
    });
    test.skip("is skipped with test.skip", () => {});
    test.todo("divides by zero");
    test("skips itself at run time", (ctx) => {
      ctx.skip();
    });
  });

  test("waits too long", () => new Promise((resolve) => setTimeout(resolve, 500)), 20);
});
