/**
 * Shared tests of the axis functions (softmax, logSoftmax, logSumExp): the
 * 80-digit oracle on generated rows, any axis against the last axis of the
 * transposed array, and the shape and out contract.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AXIS_MAX_ULP } from "./accuracy.js";
import { RUNS, anyDouble, logitRow, realInput, spread } from "./arbitraries.js";
import { ulpError, type Dec } from "./ulp.js";

/** Runs per oracle property: each row costs tens of 80-digit exps. */
export const ROW_RUNS = Math.max(100, Math.round(RUNS / 10));

/** Registers the oracle property: every element of f(row) within the bound of exact(row). */
export function rowOracle(f: (row: number[]) => ArrayLike<number>, exact: (row: number[]) => Dec[]): void {
  it(`is within ${AXIS_MAX_ULP} ULP of an 80-digit oracle for every element of generated rows`, () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const y = f(row);
        const ref = exact(row);
        const misses = ref
          .map((r, i) => ({ i, got: y[i]!, ulps: ulpError(y[i]!, r) }))
          .filter((m) => !(m.ulps <= AXIS_MAX_ULP));
        expect(misses).toEqual([]);
      }),
      { numRuns: ROW_RUNS },
    );
  });
}

/** A random N-D array: 1 to 3 dimensions of 0 to 5, its data, and an axis (possibly negative). */
export const ndArray = fc
  .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      data: fc.array(spread(-50, 50), {
        minLength: shape.reduce((a, b) => a * b, 1),
        maxLength: shape.reduce((a, b) => a * b, 1),
      }),
      axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
    }),
  );

/** Moves `axis` of a row-major array of `shape` to the end: returns the permuted data and shape. */
export function moveAxisLast(data: readonly number[], shape: readonly number[], axis: number): { data: Float64Array; shape: number[] } {
  const k = axis < 0 ? axis + shape.length : axis;
  const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const n = shape[k]!;
  const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
  const out = new Float64Array(data.length);
  let w = 0;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      for (let i = 0; i < n; i++) out[w++] = data[o * n * inner + i * inner + j]!;
    }
  }
  return { data: out, shape: [...shape.slice(0, k), ...shape.slice(k + 1), n] };
}

/** Registers: along any axis, the result equals the last-axis result of the transposed array, bit for bit. */
export function anyAxisMatchesLast(
  name: string,
  f: (x: Float64Array, shape: number[], axis: number) => Float64Array,
  sameLength: boolean,
): void {
  describe(`${name}: any axis`, () => {
    it("equals the last-axis result on the array with that axis moved last, bit for bit", () => {
      fc.assert(
        fc.property(ndArray, ({ shape, data, axis }) => {
          const y = f(Float64Array.from(data), shape, axis);
          const moved = moveAxisLast(data, shape, axis);
          const last = f(moved.data, moved.shape, -1);
          // For same-length results, move the axis of y last too before comparing.
          const yLast = sameLength ? moveAxisLast(Array.from(y), shape, axis).data : y;
          expect(Array.from(yLast)).toEqual(Array.from(last));
        }),
        { numRuns: RUNS },
      );
    });
  });
}

type SameLengthAxisFunction = (x: Float64Array | Float32Array | readonly number[], options?: { shape?: readonly number[]; axis?: number; out?: Float64Array }) => Float64Array;

/** Registers the array contract of softmax and logSoftmax: input kinds, out, in place, and errors that write nothing. */
export function sameLengthAxisContract(name: string, f: SameLengthAxisFunction): void {
  const loose = f as unknown as (x: unknown, options?: unknown) => unknown;
  const data = [0.5, -1, 3, 2, 2, -Infinity];
  describe(`${name}: arrays, out and errors`, () => {
    it("gives the same values for Float64Array, Float32Array and number[] inputs", () => {
      const x32 = Float32Array.from(data);
      expect(Array.from(f(x32, { shape: [2, 3] }))).toEqual(Array.from(f(Float64Array.from(x32), { shape: [2, 3] })));
      expect(Array.from(f(data, { shape: [3, 2], axis: 0 }))).toEqual(
        Array.from(f(Float64Array.from(data), { shape: [3, 2], axis: 0 })),
      );
    });

    it("writes into out, works in place along any axis, and leaves the input alone otherwise", () => {
      const x = Float64Array.from(data);
      const expected = f(x, { shape: [3, 2], axis: 0 });
      expect(Array.from(x)).toEqual(data);
      const out = new Float64Array(6);
      expect(f(x, { shape: [3, 2], axis: 0, out })).toBe(out);
      expect(Array.from(out)).toEqual(Array.from(expected));
      expect(f(x, { shape: [3, 2], axis: 0, out: x })).toBe(x);
      expect(Array.from(x)).toEqual(Array.from(expected));
      const fromList = new Float64Array(6);
      expect(Array.from(f(data, { shape: [3, 2], axis: 0, out: fromList }))).toEqual(Array.from(expected));
    });

    it("handles empty arrays and zero-length dimensions", () => {
      expect(f([])).toEqual(new Float64Array(0));
      expect(f(new Float64Array(0), { shape: [3, 0] })).toEqual(new Float64Array(0));
      expect(f(new Float64Array(0), { shape: [0, 3], axis: 0 })).toEqual(new Float64Array(0));
    });

    it("rejects a bad out, shape or axis with the documented error, writing nothing", () => {
      const out = new Float64Array(6).fill(7);
      const x = Float64Array.from(data);
      expect(() => f(x, { shape: [2, 4], out })).toThrow(new RangeError(`${name}: shape [2, 4] has 8 elements but x has length 6`));
      expect(() => f(x, { shape: [2, 3], axis: 2, out })).toThrow(
        new RangeError(`${name}: axis 2 is out of range for a shape of rank 2 (axes -2 to 1)`),
      );
      expect(() => f(data, { out: new Float64Array(5) })).toThrow(new RangeError(`${name}: out has length 5 but x has length 6`));
      expect(() => loose(x, { out: new Float32Array(6) })).toThrow(TypeError);
      expect(Array.from(out)).toEqual([7, 7, 7, 7, 7, 7]);
      expect(Array.from(x)).toEqual(data);
    });

    it("rejects inputs that are not accepted arrays with a TypeError", () => {
      expect(() => loose("1,2")).toThrow(TypeError);
      expect(() => loose(3)).toThrow(new TypeError(`${name}: x must be a number, Float64Array, Float32Array or number[]; got a number (3)`));
      expect(() => loose(new Int32Array(2))).toThrow(TypeError);
      expect(() => loose([1, null])).toThrow(new TypeError(`${name}: x[1] must be a number; got null`));
      expect(() => loose([1], 1)).toThrow(TypeError);
    });
  });
}

/** Temperatures: around 1, far from it, and awkward (not powers of two). */
export const temperature = fc.oneof(
  fc.double({ min: 0.05, max: 20, noNaN: true }),
  fc.constantFrom(0.1, 0.7, 3, 1e-3, 1e3),
);

/** Registers the temperature tests of softmax or logSoftmax: the oracle, T = 1, and the checks. */
export function temperatureContract(
  name: string,
  f: (x: readonly number[], options: { temperature?: number }) => Float64Array,
  exact: (row: number[], temperature: number) => Dec[],
): void {
  describe(`${name}: temperature`, () => {
    it(`is within ${AXIS_MAX_ULP} ULP of ${name}(x / T) computed from the exact quotients`, () => {
      fc.assert(
        fc.property(logitRow, temperature, (row, t) => {
          const y = f(row, { temperature: t });
          const misses = exact(row, t)
            .map((r, i) => ({ i, got: y[i]!, ulps: ulpError(y[i]!, r) }))
            .filter((m) => !(m.ulps <= AXIS_MAX_ULP));
          expect(misses).toEqual([]);
        }),
        { numRuns: ROW_RUNS },
      );
    });

    it("[1e308, −1e308] / 1e308 and [0, −MAX] / 3: x − max overflows where (x − max) / T does not", () => {
      // These gave [1, 0] (softmax) and NaN (logSoftmax): x − max rounded to −∞, or z·T did.
      const cases: [number[], number][] = [
        [[1e308, -1e308], 1e308],
        [[0, -Number.MAX_VALUE], 3],
        [[Number.MAX_VALUE, -Number.MAX_VALUE, 0], 2],
        [[Number.MAX_VALUE, -Number.MAX_VALUE], 1e300],
        [[-1e308, 1e308, 5e307], 7e307],
      ];
      for (const [row, t] of cases) {
        const y = f(row, { temperature: t });
        const misses = exact(row, t)
          .map((r, i) => ({ row, t, i, got: y[i]!, ulps: ulpError(y[i]!, r) }))
          .filter((m) => !(m.ulps <= AXIS_MAX_ULP));
        expect(misses).toEqual([]);
      }
    });

    it("[NaN, 0, 2^53] with T = 0.5: NaN throughout (the scaled shift's NaN is not a large shift)", () => {
      expect(Array.from(f([NaN, 0, 2 ** 53], { temperature: 0.5 }))).toEqual([NaN, NaN, NaN]);
    });

    it("T = 1 is the default, bit for bit", () => {
      fc.assert(
        fc.property(logitRow, (row) => {
          expect(Array.from(f(row, { temperature: 1 }))).toEqual(Array.from(f(row, {})));
        }),
        { numRuns: RUNS },
      );
    });

    it("rejects a temperature that is not a positive finite number", () => {
      for (const t of [0, -1, NaN, Infinity]) {
        expect(() => f([1, 2], { temperature: t })).toThrow(
          new RangeError(`${name}: temperature must be a positive finite number; got ${t}`),
        );
      }
      const loose = f as unknown as (x: unknown, o: unknown) => unknown;
      expect(() => loose([1, 2], { temperature: "2" })).toThrow(new TypeError(`${name}: temperature must be a number; got a string ("2")`));
    });
  });
}

/**
 * Rows of two, of every kind: the two values drawn apart (mostly within ±20,
 * as logits are, with all 53 bits; anyDouble, realInput: ±∞, NaN, ±0,
 * subnormals) or related (ties, a second value 700 to 1500
 * below the first, whose term is subnormal or left out, and the
 * log-probabilities [log p, log(1 − p)], whose log-sum is near 0).
 */
export const pairRow: fc.Arbitrary<[number, number]> = fc.oneof(
  // Full 53-bit values spread over ±20 (fc.double draws most of its values near 0,
  // where the roundings that the tests must see hardly happen).
  { arbitrary: fc.tuple(fc.integer(), fc.integer()).map(([j, k]): [number, number] => [20 * Math.sin(j), 20 * Math.sin(k)]), weight: 4 },
  fc.tuple(realInput, realInput),
  fc.tuple(anyDouble, anyDouble),
  realInput.map((v): [number, number] => [v, v]),
  fc.tuple(spread(-50, 50), spread(700, 1500)).map(([v, gap]): [number, number] => [v, v - gap]),
  fc.double({ min: 1e-300, max: 1 - 2 ** -53, noNaN: true }).map((p): [number, number] => [Math.log(p), Math.log1p(-p)]),
);

/** Rows of two as the two rows of their transpose, [first elements…, second elements…] (shape [2, rows]). */
export function pairColumns(rows: readonly (readonly [number, number])[]): Float64Array {
  return rowColumns(rows, 2);
}

/** Rows of n as the n rows of their transpose (shape [n, rows]). */
export function rowColumns(rows: readonly (readonly number[])[], n: number): Float64Array {
  return Float64Array.from({ length: n * rows.length }, (_, i) => rows[i % rows.length]![Math.floor(i / rows.length)]!);
}

/**
 * Rows of n ≥ 3, of every kind: pairRow's rows' values side by side, turned
 * by any number of places (so ties, special values and terms below the
 * normal range come at any place and parity), and log-probabilities, whose
 * log-sum is near 0.
 */
export function shortRow(n: number): fc.Arbitrary<number[]> {
  const pairs = fc.array(pairRow, { minLength: Math.ceil(n / 2), maxLength: Math.ceil(n / 2) });
  return fc.oneof(
    {
      arbitrary: fc.tuple(pairs, fc.nat(n - 1)).map(([drawn, turn]) => {
        const row = drawn.flat().slice(0, n);
        return [...row.slice(turn), ...row.slice(0, turn)];
      }),
      weight: 4,
    },
    fc.array(fc.double({ min: 1e-300, max: 1, noNaN: true }), { minLength: n, maxLength: n }).map((w) => {
      const sum = w.reduce((a, b) => a + b, 0);
      return w.map((v) => Math.log(v / sum));
    }),
  );
}

/**
 * Registers: rows of two (contiguous, which take their own path without the
 * first pass's records) give the bits of the general path, which the same
 * rows take along axis 0 of the transposed array.
 */
export function pairsMatchGeneral(name: string, f: (x: Float64Array, shape: number[], axis: number) => Float64Array, sameLength: boolean): void {
  describe(`${name}: rows of two`, () => {
    it("give the general path's bits (the same rows along axis 0), special values included", () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.boolean(), pairRow), { minLength: 1, maxLength: 40 }), (drawn) => {
          const rows = drawn.map(([swap, [a, b]]): [number, number] => (swap ? [b, a] : [a, b]));
          const pairs = f(Float64Array.from(rows.flat()), [rows.length, 2], -1);
          const columns = f(pairColumns(rows), [2, rows.length], 0);
          const general = sameLength ? moveAxisLast(Array.from(columns), [2, rows.length], 0).data : columns;
          expect(Array.from(pairs)).toEqual(Array.from(general));
        }),
        { numRuns: RUNS },
      );
    });
  });
}
