import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { checkRealArray, describe as describeValue, isFloat64Array, outputBuffer, overlaps } from "../../src/internal/arrays.js";

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

  it("tells overlapping views from separate ones, again and again: the pairs it remembers as apart included", () => {
    const buffer = new Float64Array(12).buffer;
    const views = [0, 3, 6, 9].map((at) => new Float64Array(buffer, 8 * at, 3));
    const wide = new Float64Array(buffer, 16, 6);
    const separate = new Float64Array(3);
    const pairs: [Float64Array, Float64Array, boolean][] = [];
    for (const a of views) {
      for (const b of views) pairs.push([a, b, a === b]);
      pairs.push([a, wide, a !== views[3]], [wide, a, a !== views[3]], [a, separate, false]);
    }
    // Each pair twice in a row (the second from its slot where it was apart),
    // then all of them again, more than the slots it keeps.
    for (let round = 0; round < 2; round++) {
      for (const [a, b, overlapping] of pairs) {
        expect(overlaps(a, b)).toBe(overlapping);
        if (round === 0) expect(overlaps(a, b)).toBe(overlapping);
      }
    }
    // Views of a large buffer, which it does not keep.
    const large = new Float64Array(1 << 14);
    expect(overlaps(large.subarray(0, 4), large.subarray(4, 8))).toBe(false);
    expect(overlaps(large.subarray(0, 4), large.subarray(4, 8))).toBe(false);
    expect(overlaps(large.subarray(0, 5), large.subarray(4, 8))).toBe(true);
  });

  it("finds a pair apart, then overlapping once a resizable buffer grows under views that track its length", () => {
    const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer;
    const buffer = new Resizable(24, { maxByteLength: 48 });
    const tracking = new Float64Array(buffer);
    const after = new Float64Array(buffer, 24);
    expect([tracking.length, after.length]).toEqual([3, 0]);
    expect(overlaps(tracking, after)).toBe(false);
    expect(overlaps(tracking, after)).toBe(false);
    (buffer as unknown as { resize(length: number): void }).resize(48);
    expect([tracking.length, after.length]).toEqual([6, 3]);
    expect(overlaps(tracking, after)).toBe(true);
  });
});
