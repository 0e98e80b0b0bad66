/**
 * The committed WebAssembly bytes are what scripts/wasm.ts assembles from
 * src/internal/kernels.wat and exp.ts's constants (Node only: it runs wabt).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assemble, expandMacros, hexFloat, moduleText } from "../../scripts/wasm.js";

describe("internal/kernelsWasm", () => {
  it("is up to date with kernels.wat and exp.ts (run `npx tsx scripts/wasm.ts` after changing either)", async () => {
    const committed = readFileSync(fileURLToPath(new URL("../../src/internal/kernelsWasm.ts", import.meta.url)), "utf8");
    expect(committed).toBe(await assemble());
  });

  it("writes out @define blocks where @use lines stand, and @each blocks once per letter", () => {
    const source = [
      "  ;; @define double",
      "    (local.set $y@ (f64x2.add (local.get $x@) (local.get $x@)))",
      "  ;; @end",
      "  ;; @each A B",
      "    (local.set $x@ (v128.load offset=@16 (local.get $ptr)))",
      "    ;; @use double @",
      "  ;; @end",
      "    ;; @use double",
      "",
    ].join("\n");
    expect(expandMacros(source)).toBe(
      [
        "    (local.set $xA (v128.load offset=0 (local.get $ptr)))",
        "    (local.set $yA (f64x2.add (local.get $xA) (local.get $xA)))",
        "    (local.set $xB (v128.load offset=16 (local.get $ptr)))",
        "    (local.set $yB (f64x2.add (local.get $xB) (local.get $xB)))",
        "    (local.set $y (f64x2.add (local.get $x) (local.get $x)))",
        "",
      ].join("\n"),
    );
    expect(() => expandMacros("    ;; @use nothing A\n")).toThrow(/no @define nothing/);
  });

  it("writes out @use lines inside @define blocks, with the outer suffix", () => {
    const source = [
      "  ;; @define inner",
      "    (local.set $y@ (local.get $x@))",
      "  ;; @end",
      "  ;; @define outer",
      "    (local.set $x@ (f64.const 1))",
      "    ;; @use inner @",
      "  ;; @end",
      "  ;; @each A",
      "    ;; @use outer @",
      "  ;; @end",
      "    ;; @use outer",
      "",
    ].join("\n");
    expect(expandMacros(source)).toBe(
      ["    (local.set $xA (f64.const 1))", "    (local.set $yA (local.get $xA))", "    (local.set $x (f64.const 1))", "    (local.set $y (local.get $x))", ""].join("\n"),
    );
    expect(() => expandMacros("  ;; @define loop\n    ;; @use loop\n  ;; @end\n    ;; @use loop\n")).toThrow(/too deep/);
  });

  it("makes each module of the prelude and the sections that name it, a section naming several going into each", () => {
    const source = ["(module", "  (memory 1)", "  ;; @module a b", "  (func $shared)", "  ;; @module a", "  (func $onlyA)", "  ;; @module b", "  (func $onlyB)", ")", ""].join("\n");
    expect(moduleText(source, "a")).toBe("(module\n  (memory 1)\n  (func $shared)\n  (func $onlyA)\n)\n");
    expect(moduleText(source, "b")).toBe("(module\n  (memory 1)\n  (func $shared)\n  (func $onlyB)\n)\n");
    expect(() => moduleText(source, "c")).toThrow(/no module c/);
  });

  it("writes constants as exact hex floats", () => {
    expect(hexFloat(1)).toBe("0x1.0000000000000p+0");
    expect(hexFloat(-0.75)).toBe("-0x1.8000000000000p-1");
    expect(hexFloat(1.5 * 2 ** 52)).toBe("0x1.8000000000000p+52");
    expect(hexFloat(0.1)).toBe("0x1.999999999999ap-4");
    expect(hexFloat(0)).toBe("0x0p+0");
    expect(() => hexFloat(5e-324)).toThrow(RangeError);
  });
});
