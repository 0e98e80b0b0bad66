import { describe, expect, it } from "vitest";
import { topLevelConst } from "../../scripts/topLevelConst.js";

describe("scripts/topLevelConst", () => {
  it("makes a top-level var const where each binding has an initializer and is assigned nowhere", () => {
    const code = ["var A = 1;", "var B = 2, C = new Float64Array(4);", "var D = { n: 0 };", "function f() { C[0] = A + B; D.n++; return C; }", "export { f };"].join("\n");
    const { code: out, changed } = topLevelConst(code);
    expect(changed).toBe(3);
    expect(out).toBe(code.replace("var A", "const A").replace("var B", "const B").replace("var D", "const D"));
  });

  it("keeps var for a binding that is assigned, updated, destructured into or a for-in/of head anywhere, even by a local of the same name", () => {
    const kept = [
      "var a = 1; function f() { a = 2; }",
      "var b = 1; function f() { b += 2; }",
      "var c = 1; function f() { c++; }",
      "var d = 1; function f() { --d; }",
      "var e = 1; function f() { [e] = [2]; }",
      "var g = 1; function f() { ({ x: g } = { x: 2 }); }",
      "var g2 = 1; function f() { ({ g2 } = { g2: 2 }); }",
      "var g3 = 1; function f() { [{ x: [g3 = 4] }] = [{ x: [] }]; }",
      "var g4 = 1; function f() { [...g4] = [2]; }",
      "var h = 1; function f(o) { for (h in o); }",
      "var k = 1; function f(o) { for (k of o); }",
      "var m = 1; function f() { let m = 0; m = 2; return m; }",
      "var n = 1, p = 2; function f() { p = 3; }",
      "var q; function f() { q = 1; }",
      "var r = 1, s; function f() { return r; }",
    ];
    for (const code of kept) expect(topLevelConst(code), code).toEqual({ code, changed: 0 });
  });

  it("leaves let, const and var statements inside functions and blocks as they are", () => {
    const code = "let a = 1;\nconst b = 2;\nfunction f() { var c = 3; return c; }\n{ var d = 4; }\nif (b) var e = 5;";
    expect(topLevelConst(code)).toEqual({ code, changed: 0 });
  });

  it("rewrites only the keyword: a var after a comment or on a line of its own", () => {
    const { code, changed } = topLevelConst("/* x */ var A = 1; // var B\nvar\n  C = 2;");
    expect(changed).toBe(2);
    expect(code).toBe("/* x */ const A = 1; // var B\nconst\n  C = 2;");
  });
});
