/**
 * The array contract shared by every elementwise export (SPEC §2–3): the same
 * values for every accepted array kind as for numbers, `out` and in place, and
 * every documented error, with nothing written when one is thrown.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { setKernelPath } from "../../src/internal/wasm.js";
import type { ElementwiseOptions, RealArray } from "../../src/types.js";
import { ELEMENTWISE_MAX_ULP, measure } from "./accuracy.js";
import { RUNS } from "./arbitraries.js";
import { ulpError, type Dec } from "./ulp.js";

export interface ElementwiseExport {
  (x: number): number;
  (x: RealArray, options?: ElementwiseOptions): Float64Array;
}

/** Bitwise equality, NaN equal to NaN, −0 distinct from +0. */
function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/** Registers the array-contract tests of one elementwise export, over `sample` inputs. */
export function elementwiseArrayContract(name: string, f: ElementwiseExport, sample: readonly number[]): void {
  const expected = Float64Array.from(sample, (v) => f(v));
  // The calls below go through an untyped view, as a JavaScript caller's would.
  const loose = f as unknown as (x: unknown, options?: unknown) => unknown;

  describe(`${name}: arrays`, () => {
    it("gives a new Float64Array of the number results for a Float64Array, leaving the input unchanged", () => {
      const x = Float64Array.from(sample);
      const y = f(x);
      expect(y).toBeInstanceOf(Float64Array);
      expect(y).not.toBe(x);
      expect(sameBits(y, expected)).toBe(true);
      expect(sameBits(x, sample)).toBe(true);
    });

    it("computes Float32Array and number[] inputs in double precision", () => {
      const x32 = Float32Array.from(sample);
      expect(sameBits(f(x32), Float64Array.from(x32, (v) => f(v)))).toBe(true);
      expect(sameBits(f([...sample]), expected)).toBe(true);
    });

    it("writes into and returns out, and works in place", () => {
      const out = new Float64Array(sample.length);
      expect(f(Float64Array.from(sample), { out })).toBe(out);
      expect(sameBits(out, expected)).toBe(true);
      const x = Float64Array.from(sample);
      expect(f(x, { out: x })).toBe(x);
      expect(sameBits(x, expected)).toBe(true);
      const fromList = new Float64Array(sample.length);
      expect(f([...sample], { out: fromList })).toBe(fromList);
      expect(sameBits(fromList, expected)).toBe(true);
    });

    it("accepts { out: undefined } and an empty array", () => {
      expect(sameBits(f(Float64Array.from(sample), { out: undefined }), expected)).toBe(true);
      expect(f(new Float64Array(0))).toEqual(new Float64Array(0));
      expect(f([])).toEqual(new Float64Array(0));
    });

    it("rejects an out of the wrong length with a RangeError naming both lengths, writing nothing", () => {
      const out = new Float64Array(sample.length + 1).fill(7);
      expect(() => f(Float64Array.from(sample), { out })).toThrow(
        new RangeError(`${name}: out has length ${sample.length + 1} but x has length ${sample.length}`),
      );
      expect(out.every((v) => v === 7)).toBe(true);
      const short = new Float64Array(sample.length - 1).fill(7);
      expect(() => f([...sample], { out: short })).toThrow(RangeError);
      expect(short.every((v) => v === 7)).toBe(true);
    });

    it("rejects an out that is not a Float64Array with a TypeError", () => {
      expect(() => loose(Float64Array.from(sample), { out: new Float32Array(sample.length) })).toThrow(
        new TypeError(`${name}: out must be a Float64Array; got a Float32Array of length ${sample.length}`),
      );
      expect(() => loose(Float64Array.from(sample), { out: [...sample] })).toThrow(TypeError);
    });

    it("rejects inputs that are not numbers or accepted arrays with a TypeError naming them", () => {
      const kinds = "a number, Float64Array, Float32Array or number[]";
      expect(() => loose("0.5")).toThrow(new TypeError(`${name}: x must be ${kinds}; got a string ("0.5")`));
      expect(() => loose(null)).toThrow(new TypeError(`${name}: x must be ${kinds}; got null`));
      expect(() => loose(undefined)).toThrow(new TypeError(`${name}: x must be ${kinds}; got undefined`));
      expect(() => loose(1n)).toThrow(new TypeError(`${name}: x must be ${kinds}; got a bigint (1n)`));
      expect(() => loose(new Int32Array(3))).toThrow(
        new TypeError(`${name}: x must be ${kinds}; got an Int32Array of length 3`),
      );
      expect(() => loose({ length: 1, 0: 1 })).toThrow(new TypeError(`${name}: x must be ${kinds}; got an object`));
    });

    it("rejects a number[] holding a non-number, naming its index, writing nothing", () => {
      const out = new Float64Array(3).fill(7);
      expect(() => loose([0, 1, "2"], { out })).toThrow(new TypeError(`${name}: x[2] must be a number; got a string ("2")`));
      expect(out.every((v) => v === 7)).toBe(true);
    });

    it("rejects options that are not an object", () => {
      expect(() => loose(Float64Array.from(sample), 5)).toThrow(
        new TypeError(`${name}: options must be an object; got a number (5)`),
      );
    });
  });
}

/**
 * Registers the oracle tests of one elementwise export: every input of 3000
 * generated batches (more with LOGITS_FUZZ_RUNS), then every point of a dense
 * sweep, within `bound` ULP of the 80-digit reference.
 */
export function oracleAccuracy(
  name: string,
  f: (x: number) => number,
  exact: (x: number) => Dec,
  inputs: fc.Arbitrary<number>,
  sweep: { label: string; points: readonly number[] },
  bound = ELEMENTWISE_MAX_ULP,
): void {
  describe(`${name}: accuracy against a 80-digit oracle`, () => {
    it(`is within ${bound} ULP on generated inputs`, () => {
      fc.assert(
        fc.property(fc.array(inputs, { minLength: 1, maxLength: 8 }), (xs) => {
          expect(measure(xs, f, exact, bound).misses).toEqual([]);
        }),
        { numRuns: RUNS },
      );
    });

    it(`is within ${bound} ULP on ${sweep.label}`, () => {
      expect(measure(sweep.points, f, exact, bound).misses).toEqual([]);
    });
  });
}

/** Registers the monotonicity property: x ≤ y implies f(x) ≤ f(y), over pairs of generated inputs. */
export function monotone(name: string, f: (x: number) => number, inputs: fc.Arbitrary<number>): void {
  it(`is monotone: x ≤ y implies ${name}(x) ≤ ${name}(y)`, () => {
    fc.assert(
      fc.property(inputs, inputs, (a, b) => {
        const [x, y] = a <= b ? [a, b] : [b, a];
        expect(f(x)).toBeLessThanOrEqual(f(y));
      }),
      { numRuns: RUNS },
    );
  });
}

/** 6001 points spread over [-750, 750], past both ends of exp's range, offset off the round numbers. */
export const WIDE_SWEEP = {
  label: "a dense sweep of [-750, 750]",
  points: Array.from({ length: 6001 }, (_, i) => -750 + i * 0.25 + 0.0123456789),
};

/**
 * Registers one test per input that was once off by more than `bound` (named
 * after it and its old error): within `bound` ULP of the oracle as a number
 * and in an array of eight on each path, the WebAssembly kernel's included.
 */
export function regressions(name: string, f: ElementwiseExport, exact: (x: number) => Dec, bound: number, cases: readonly (readonly [x: number, was: number])[]): void {
  for (const [x, was] of cases) {
    it(`${name}(${x}) is within ${bound} ULP on both paths (it was ${was} ULP off)`, () => {
      const ref = exact(x);
      expect(ulpError(f(x), ref)).toBeLessThanOrEqual(bound);
      for (const path of ["js", "wasm"] as const) {
        const previous = setKernelPath(path);
        try {
          for (const y of f(new Float64Array(8).fill(x))) expect(ulpError(y, ref), path).toBeLessThanOrEqual(bound);
        } finally {
          setKernelPath(previous);
        }
      }
    });
  }
}
