import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { checkRealArray, describe as describeValue, isFloat64Array, outputBuffer } from "../../src/internal/arrays.js";

describe("internal/arrays", () => {
  it("recognises Float64Arrays from another realm, where instanceof fails", () => {
    const foreign: unknown = runInNewContext("new Float64Array([1, 2])");
    expect(foreign instanceof Float64Array).toBe(false);
    expect(isFloat64Array(foreign)).toBe(true);
    expect(checkRealArray("f", "x", runInNewContext("new Float32Array(3)"))).toBe(3);
    expect(checkRealArray("f", "x", runInNewContext("[1, 2, 3, 4]"))).toBe(4);
    expect(isFloat64Array(new Float32Array(1))).toBe(false);
    expect(isFloat64Array({ [Symbol.toStringTag]: "Float64Array" })).toBe(false);
  });

  it("describes values for error messages", () => {
    expect(describeValue(null)).toBe("null");
    expect(describeValue(undefined)).toBe("undefined");
    expect(describeValue([1, 2])).toBe("an array of length 2");
    expect(describeValue(new Uint8Array(4))).toBe("a Uint8Array of length 4");
    expect(describeValue(new Int32Array(1))).toBe("an Int32Array of length 1");
    expect(describeValue(new DataView(new ArrayBuffer(2)))).toBe("a DataView");
    expect(describeValue("abc")).toBe('a string ("abc")');
    expect(describeValue("x".repeat(30))).toBe(`a string ("${"x".repeat(20)}…")`);
    expect(describeValue(3)).toBe("a number (3)");
    expect(describeValue(true)).toBe("a boolean (true)");
    expect(describeValue(2n)).toBe("a bigint (2n)");
    expect(describeValue({})).toBe("an object");
    expect(describeValue(() => 0)).toBe("a function");
    expect(describeValue(Symbol("s"))).toBe("a symbol");
  });

  it("checks out buffers: allocates when absent, names both lengths when wrong", () => {
    expect(outputBuffer("f", undefined, 3)).toEqual(new Float64Array(3));
    const out = new Float64Array(2);
    expect(outputBuffer("f", out, 2)).toBe(out);
    expect(() => outputBuffer("f", out, 5, "logits")).toThrow(new RangeError("f: out has length 2 but logits has length 5"));
  });
});
