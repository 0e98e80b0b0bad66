import { describe, expect, it } from "vitest";
import { sliceLayout } from "../../src/internal/shape.js";

describe("internal/shape: sliceLayout", () => {
  it("lays out one slice without a shape, and any axis of an N-D shape", () => {
    expect(sliceLayout("f", "x", 7, undefined, undefined)).toEqual({ outer: 1, n: 7, inner: 1 });
    expect(sliceLayout("f", "x", 7, undefined, 0)).toEqual({ outer: 1, n: 7, inner: 1 });
    expect(sliceLayout("f", "x", 24, [2, 3, 4], undefined)).toEqual({ outer: 6, n: 4, inner: 1 });
    expect(sliceLayout("f", "x", 24, [2, 3, 4], 1)).toEqual({ outer: 2, n: 3, inner: 4 });
    expect(sliceLayout("f", "x", 24, [2, 3, 4], -3)).toEqual({ outer: 1, n: 2, inner: 12 });
    expect(sliceLayout("f", "x", 0, [2, 0, 4], 1)).toEqual({ outer: 2, n: 0, inner: 4 });
  });

  it("rejects shapes that do not fit, naming the values", () => {
    expect(() => sliceLayout("softmax", "x", 5, [2, 3], undefined)).toThrow(
      new RangeError("softmax: shape [2, 3] has 6 elements but x has length 5"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [2, -3], undefined)).toThrow(
      new RangeError("softmax: shape[1] must be a non-negative integer; got -3"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [2, 1.5], undefined)).toThrow(
      new RangeError("softmax: shape[1] must be a non-negative integer; got 1.5"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [NaN], undefined)).toThrow(RangeError);
    expect(() => sliceLayout("softmax", "x", 6, [Infinity], undefined)).toThrow(RangeError);
    expect(() => sliceLayout("softmax", "x", 6, ["6"], undefined)).toThrow(
      new RangeError('softmax: shape[0] must be a non-negative integer; got a string ("6")'),
    );
    expect(() => sliceLayout("softmax", "x", 6, "6", undefined)).toThrow(
      new TypeError('softmax: shape must be an array of integers; got a string ("6")'),
    );
  });

  it("rejects axes out of range or not integers, naming the range", () => {
    expect(() => sliceLayout("softmax", "x", 6, [2, 3], 2)).toThrow(
      new RangeError("softmax: axis 2 is out of range for a shape of rank 2 (axes -2 to 1)"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [2, 3], -3)).toThrow(RangeError);
    expect(() => sliceLayout("softmax", "x", 6, undefined, 1)).toThrow(
      new RangeError("softmax: axis 1 is out of range for a shape of rank 1 (axes -1 to 0)"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [2, 3], 0.5)).toThrow(RangeError);
    expect(() => sliceLayout("softmax", "x", 1, [], -1)).toThrow(
      new RangeError("softmax: axis -1 is out of range for a shape of rank 0 (a scalar has no axis)"),
    );
    expect(() => sliceLayout("softmax", "x", 6, [2, 3], "1")).toThrow(
      new TypeError('softmax: axis must be an integer; got a string ("1")'),
    );
  });
});
