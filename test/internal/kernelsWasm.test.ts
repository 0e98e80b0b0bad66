/**
 * The committed WebAssembly bytes are what scripts/wasm.ts assembles from
 * src/internal/kernels.wat and exp.ts's constants (Node only: it runs wabt).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import wabt from "wabt";
import { assemble, constantTable, expandMacros, hexFloat, moduleText, v128Bytes, withConstantTable } from "../../scripts/wasm.js";
import { EXP_CONSTANTS } from "../../src/internal/exp.js";
import { REST_CONSTANTS } from "../../src/internal/expSum.js";
import { FLOAT_CONSTANTS } from "../../src/internal/float.js";
import { LOG_CONSTANTS } from "../../src/internal/log.js";
import { CONSTANT_SLOTS, CONSTANTS } from "../../src/internal/wasm.js";

const VALUES: Record<string, number> = { ...EXP_CONSTANTS, ...LOG_CONSTANTS, ...REST_CONSTANTS, ...FLOAT_CONSTANTS };
const KERNELS = expandMacros(readFileSync(fileURLToPath(new URL("../../src/internal/kernels.wat", import.meta.url)), "utf8"));

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

  it("puts every constant of kernels.wat in the table as wabt encodes its v128.const, each value once, within CONSTANT_SLOTS", async () => {
    const tools = await wabt();
    const table = constantTable(KERNELS, VALUES);
    const shapes = new Set<string>();
    for (const [text, at] of table.address) {
      shapes.add(text.split(" ")[1]!);
      const module = tools.parseWat("constant", `(module (func (result v128) ${text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => hexFloat(VALUES[name]!))}))`, { simd: true });
      const { buffer } = module.toBinary({});
      module.destroy();
      const opcode = buffer.findIndex((b, i) => b === 0xfd && buffer[i + 1] === 0x0c);
      const encoded = [...buffer.subarray(opcode + 2, opcode + 18)];
      const stored = [...table.bytes.get(at)!];
      expect(stored.length === 8 ? [...stored, ...stored] : stored, text).toEqual(encoded);
    }
    expect([...shapes].sort()).toEqual(["f64x2", "i32x4", "i64x2"]);
    const addresses = [...table.bytes.keys()];
    addresses.forEach((at, i) => expect(at).toBe(i === 0 ? CONSTANTS : addresses[i - 1]! + table.bytes.get(addresses[i - 1]!)!.length));
    expect(new Set([...table.bytes.values()].map((b) => b.join())).size).toBe(addresses.length);
    expect(addresses.at(-1)! + table.bytes.get(addresses.at(-1)!)!.length).toBeLessThanOrEqual(CONSTANTS + 8 * CONSTANT_SLOTS);
  });

  it("reads a module's constants from the table, with data segments for the addresses it reads, and leaves zero as a v128.const", () => {
    const kernels = [
      "(module",
      "  ;; @module a",
      "  (func (result v128) (f64x2.add (v128.const f64x2 1 1) (v128.const f64x2 0 0)))",
      "  ;; @module b",
      "  (func (result v128) (i64x2.add (v128.const i64x2 0 -1) (v128.const f64x2 {{TWO}} {{TWO}})))",
      "  (func (result v128) (v128.const f64x2 2 2))",
      ")",
      "",
    ].join("\n");
    const table = constantTable(kernels, { TWO: 2 });
    expect([...table.address.values()]).toEqual([CONSTANTS, CONSTANTS + 8, CONSTANTS + 24, CONSTANTS + 24]);
    const b = withConstantTable(moduleText(kernels, "b"), table);
    expect(b).toContain(`(i64x2.add (v128.load (i32.const ${CONSTANTS + 8})) (v128.load64_splat (i32.const ${CONSTANTS + 24})))`);
    expect(b).toContain(`(func (result v128) (v128.load64_splat (i32.const ${CONSTANTS + 24})))`);
    const two = "\\00\\00\\00\\00\\00\\00\\00\\40";
    expect(b).toContain(`  (data (i32.const ${CONSTANTS + 8}) "${"\\00".repeat(8)}${"\\ff".repeat(8)}${two}")\n)\n`);
    const a = withConstantTable(moduleText(kernels, "a"), table);
    expect(a).toContain(`(f64x2.add (v128.load64_splat (i32.const ${CONSTANTS})) (v128.const f64x2 0 0))`);
    expect(a.match(/\(data /g)).toHaveLength(1);
  });

  it("reads the constants' lanes: hex and decimal floats, infinities, NaN, named constants, integers of either sign", () => {
    const f64 = (bytes: Uint8Array) => [...new Float64Array(bytes.buffer)];
    expect(f64(v128Bytes("f64x2", ["0x1p-600", "-0.5"], {}))).toEqual([2 ** -600, -0.5]);
    expect(f64(v128Bytes("f64x2", ["-inf", "nan"], {}))).toEqual([-Infinity, Number.NaN]);
    expect(f64(v128Bytes("f64x2", ["{{X}}", "inf"], { X: 0.1 }))).toEqual([0.1, Infinity]);
    expect([...new Int32Array(v128Bytes("i32x4", ["1023", "-1", "0x7fffffff", "0"], {}).buffer)]).toEqual([1023, -1, 0x7fffffff, 0]);
    expect([...new BigInt64Array(v128Bytes("i64x2", ["0x8000000000000000", "-2"], {}).buffer)]).toEqual([-(2n ** 63n), -2n]);
    expect(() => v128Bytes("f64x2", ["{{Y}}", "1"], {})).toThrow(/no constant Y/);
    expect(() => v128Bytes("f64x2", ["1e5", "1"], {})).toThrow(/cannot read/);
    expect(() => v128Bytes("i8x16", ["1"], {})).toThrow(/not supported/);
  });

  it("fails where the constants outgrow the table", () => {
    const many = Array.from({ length: CONSTANT_SLOTS + 1 }, (_, i) => `(v128.const f64x2 ${i + 1} ${i + 1})`).join("\n");
    expect(() => constantTable(many, {})).toThrow(/more than 64 slots/);
    expect(constantTable(many.slice(0, many.lastIndexOf("\n")), {}).bytes.size).toBe(CONSTANT_SLOTS);
  });
});
