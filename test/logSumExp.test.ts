import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logSoftmax } from "../src/logSoftmax.js";
import { logSumExp } from "../src/logSumExp.js";
import { AXIS_MAX_ULP } from "./helpers/accuracy.js";
import { RUNS, logitRow } from "./helpers/arbitraries.js";
import { ROW_RUNS, anyAxisMatchesLast, pairsMatchGeneral, rowOracle } from "./helpers/axis.js";
import { goldenRowSuite } from "./helpers/golden.js";
import { exactLogSumExp, exactWeightedLogSumExp } from "./helpers/oracle.js";
import { exactDecimal, ulpError, ulpOfDouble } from "./helpers/ulp.js";

goldenRowSuite("logSumExp", (row) => [logSumExp(row)], AXIS_MAX_ULP);

describe("logSumExp: special values", () => {
  it("follows SPEC §3 per slice", () => {
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
    expect(logSumExp([Infinity, 1, -Infinity])).toBe(Infinity);
    expect(logSumExp([NaN, 1])).toBeNaN();
    expect(logSumExp([NaN, Infinity])).toBeNaN();
    expect(logSumExp([NaN, -Infinity])).toBeNaN();
    expect(logSumExp([-Infinity, 2])).toBe(2);
    expect(logSumExp([5])).toBe(5);
    expect(logSumExp(Float64Array.of(NaN, 0, Infinity, 0, -Infinity, -Infinity), { shape: [3, 2] })).toEqual(
      Float64Array.of(NaN, Infinity, -Infinity),
    );
  });

  it("[1000, 1000] and [0, -40]: no overflow, no rounding of 1 + tiny", () => {
    expect(logSumExp([1000, 1000])).toBe(1000.6931471805599);
    expect(logSumExp([0, -40])).toBe(4.248354255291589e-18);
    expect(logSumExp([0, -700])).toBe(9.85967654375977e-305);
  });
});

describe("logSumExp: accuracy", () => {
  rowOracle((row) => [logSumExp(row)], (row) => [exactLogSumExp(row)]);

  describe("where max < 0 < log1p(rest) cancel: sums near 1, results near 0", () => {
    it("[log 0.5, log 0.5] is 2.3190468138462996e-17 (the rounding of log 0.5), not 0", () => {
      const h = Math.log(0.5);
      expect(logSumExp([h, h])).toBe(2.3190468138462996e-17);
      expect(ulpError(logSumExp([h, h]), exactLogSumExp([h, h]))).toBeLessThanOrEqual(AXIS_MAX_ULP);
    });

    it("[log p, log1p(-p)]: binary log-probabilities, within 4 ULP of their tiny log-sum", () => {
      fc.assert(
        fc.property(fc.double({ min: 1e-300, max: 1 - 2 ** -53, noNaN: true }), (p) => {
          const row = [Math.log(p), Math.log1p(-p)];
          expect(ulpError(logSumExp(row), exactLogSumExp(row))).toBeLessThanOrEqual(AXIS_MAX_ULP);
        }),
        { numRuns: ROW_RUNS },
      );
    });

    it("logSoftmax rows: log-probabilities summing to 1 up to their roundings, within 4 ULP", () => {
      fc.assert(
        fc.property(logitRow, (row) => {
          const lp = [...logSoftmax(row)];
          if (!lp.every(Number.isFinite)) return;
          expect(ulpError(logSumExp(lp), exactLogSumExp(lp))).toBeLessThanOrEqual(AXIS_MAX_ULP);
        }),
        { numRuns: ROW_RUNS },
      );
    });

    it("n entries near −log n, offset by ±2^-k for k up to 60: every degree of cancellation", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 50 }),
          fc.integer({ min: 0, max: 60 }),
          fc.double({ min: -1, max: 1, noNaN: true }),
          (n, k, eps) => {
            const v = -Math.log(n) + eps * 2 ** -k;
            const row = Array.from({ length: n }, () => v);
            expect(ulpError(logSumExp(row), exactLogSumExp(row))).toBeLessThanOrEqual(AXIS_MAX_ULP);
          },
        ),
        { numRuns: ROW_RUNS },
      );
    });

    it("a 10^4-element row of log-probabilities, per row of a batch too", () => {
      const n = 10_000;
      const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
      const lp = logSoftmax(x);
      const exact = exactLogSumExp([...lp]);
      expect(ulpError(logSumExp(lp), exact)).toBeLessThanOrEqual(AXIS_MAX_ULP);
      const twice = new Float64Array(2 * n);
      twice.set(lp);
      twice.set(lp, n);
      expect(logSumExp(twice, { shape: [2, n] })).toEqual(Float64Array.of(logSumExp(lp), logSumExp(lp)));
    });
  });
});

describe("logSumExp: laws and shapes", () => {
  it("lies between max(x) and max(x) + log n", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const m = Math.max(...row);
        const y = logSumExp(row);
        expect(y).toBeGreaterThanOrEqual(m);
        expect(y).toBeLessThanOrEqual(m + Math.log(row.length) * (1 + 2 ** -50) + Math.abs(m) * 2 ** -51);
      }),
      { numRuns: RUNS },
    );
  });

  it("returns a number without shape, one result per slice with it, and fills out", () => {
    const x = Float64Array.of(0, 1, 2, 3, 4, 5);
    expect(typeof logSumExp(x)).toBe("number");
    expect(logSumExp(x, { shape: [6] })).toEqual(Float64Array.of(logSumExp(x)));
    const rows = logSumExp(x, { shape: [2, 3] });
    expect(rows).toEqual(Float64Array.of(logSumExp([0, 1, 2]), logSumExp([3, 4, 5])));
    expect(logSumExp(x, { shape: [2, 3], axis: 0 })).toEqual(
      Float64Array.of(logSumExp([0, 3]), logSumExp([1, 4]), logSumExp([2, 5])),
    );
    const out = new Float64Array(2);
    expect(logSumExp(x, { shape: [2, 3], out })).toBe(out);
    expect(out).toEqual(rows);
    const one = new Float64Array(1);
    expect(logSumExp(x, { out: one })).toBe(one);
    expect(one[0]).toBe(logSumExp(x));
    expect(logSumExp(Float32Array.from(x), { shape: [2, 3] })).toEqual(rows);
    expect(logSumExp([0, 1, 2, 3, 4, 5], { shape: [2, 3] })).toEqual(rows);
    expect(logSumExp(new Float64Array(0), { shape: [2, 0] })).toEqual(Float64Array.of(-Infinity, -Infinity));
    expect(logSumExp(new Float64Array(0), { shape: [0, 2] })).toEqual(new Float64Array(0));
  });

  it("rejects an out that is not one element per slice, and bad shapes, writing nothing", () => {
    const out = new Float64Array(3).fill(7);
    const x = Float64Array.of(0, 1, 2, 3, 4, 5);
    expect(() => logSumExp(x, { shape: [2, 3], out })).toThrow(
      new RangeError("logSumExp: out has length 3 but the number of slices has length 2"),
    );
    expect(() => logSumExp(x, { shape: [4, 2], out })).toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7]);
    const loose = logSumExp as unknown as (x: unknown, o?: unknown) => unknown;
    expect(() => loose("x")).toThrow(TypeError);
    expect(() => loose(x, { shape: [6], axis: "0" })).toThrow(TypeError);
  });
});

anyAxisMatchesLast("logSumExp", (x, shape, axis) => logSumExp(x, { shape, axis }), false);
pairsMatchGeneral("logSumExp", (x, shape, axis) => logSumExp(x, { shape, axis }), false);

describe("logSumExp: weights b and the sign (as SciPy's b and return_sign)", () => {
  it("computes log |Σ b_i e^(x_i)| and its sign", () => {
    // log 3, within the bound (not bit for bit: engines' Math.log1p differ in the last bit).
    expect(ulpError(logSumExp([0, 0], { b: [2, 1] }), exactWeightedLogSumExp([0, 0], [2, 1])!.value)).toBeLessThanOrEqual(AXIS_MAX_ULP);
    expect(logSumExp([0, 1], { b: [1, -1] })).toBeNaN();
    const signed = logSumExp([0, 1], { b: [1, -1], returnSign: true });
    expect(signed.sign).toBe(-1);
    expect(ulpError(signed.value, exactWeightedLogSumExp([0, 1], [1, -1])!.value)).toBeLessThanOrEqual(AXIS_MAX_ULP);
    expect(logSumExp([1, 1], { b: [1, -1], returnSign: true })).toEqual({ value: -Infinity, sign: 0 });
    expect(logSumExp([3, 4], { b: [1, 1], returnSign: true })).toEqual({ value: logSumExp([3, 4]), sign: 1 });
    expect(logSumExp([3, 4], { returnSign: true })).toEqual({ value: logSumExp([3, 4]), sign: 1 });
    expect(logSumExp([], { returnSign: true })).toEqual({ value: -Infinity, sign: 0 });
    expect(logSumExp([NaN], { returnSign: true })).toEqual({ value: NaN, sign: NaN });
  });

  it("leaves out elements with b = 0, even infinite or NaN ones", () => {
    expect(logSumExp([Infinity, 2], { b: [0, 1] })).toBe(2);
    expect(logSumExp([NaN, 2], { b: [0, 1] })).toBe(2);
    expect(logSumExp([5, 2], { b: [0, 0], returnSign: true })).toEqual({ value: -Infinity, sign: 0 });
  });

  it("takes the sign of the +∞ entries' weights, and NaN when they cancel", () => {
    expect(logSumExp([Infinity, 1], { b: [-2, 5], returnSign: true })).toEqual({ value: Infinity, sign: -1 });
    expect(logSumExp([Infinity, 1], { b: [2, -5] })).toBe(Infinity);
    expect(logSumExp([Infinity, Infinity], { b: [1, -1] })).toBeNaN();
    expect(logSumExp([1, 2], { b: [1, NaN] })).toBeNaN();
  });

  it("is within 4 ULP of the largest of |result|, |max| and 1 for non-negative weights (oracle)", () => {
    const weights = fc.oneof(
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 1e-300, noNaN: true }),
      fc.double({ min: 1e300, max: 1e308, noNaN: true }),
      fc.double({ min: 0, max: 1e308, noNaN: true, noDefaultInfinity: true }),
      fc.constant(0),
      fc.constant(1),
    );
    fc.assert(
      fc.property(
        logitRow.chain((row) => fc.tuple(fc.constant(row), fc.array(weights, { minLength: row.length, maxLength: row.length }))),
        ([row, b]) => {
          const y = logSumExp(row, { b });
          const ref = exactWeightedLogSumExp(row, b);
          if (ref === null) {
            expect(y).toBe(-Infinity);
            return;
          }
          const scale = Math.max(Math.abs(ref.m.toNumber()), Math.abs(ref.value.toNumber()), 1);
          const error = exactDecimal(y).minus(ref.value).abs().toNumber();
          expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
        },
      ),
      { numRuns: ROW_RUNS },
    );
  });

  it("is within 4 ULP of the largest of |result|, |max| and 1, times the condition number, for weights of both signs (oracle)", () => {
    const magnitudes = fc.oneof(
      fc.double({ min: 0, max: 10, noNaN: true }),
      fc.double({ min: 0, max: 1e308, noNaN: true, noDefaultInfinity: true }),
      fc.constant(1),
    );
    const weights = fc.tuple(magnitudes, fc.boolean()).map(([a, negative]) => (negative ? -a : a));
    fc.assert(
      fc.property(
        logitRow.chain((row) => fc.tuple(fc.constant(row), fc.array(weights, { minLength: row.length, maxLength: row.length }))),
        ([row, b]) => {
          const ref = exactWeightedLogSumExp(row, b);
          const got = logSumExp(row, { b, returnSign: true });
          if (row.every((v, i) => b[i] === 0 || v === -Infinity)) {
            expect(got).toEqual({ value: -Infinity, sign: 0 });
            return;
          }
          // A sum that cancels beyond the oracle's 80 digits is ill-conditioned past the filter below.
          fc.pre(ref !== null);
          // Condition number Σ |b_i e^(x_i − m)| / |Σ b_i e^(x_i − m)|, from the oracle's log-sums.
          const absolute = exactWeightedLogSumExp(row, b.map(Math.abs))!;
          const condition = absolute.value.minus(ref.value).exp().toNumber();
          fc.pre(condition < 1e6);
          const sum = row.reduce((acc, v, i) => (b[i] === 0 || v === -Infinity ? acc : acc.plus(exactDecimal(b[i]!).times(exactDecimal(v).minus(ref.m).exp()))), exactDecimal(0));
          expect(got.sign).toBe(sum.isNegative() ? -1 : 1);
          const scale = Math.max(Math.abs(ref.m.toNumber()), Math.abs(ref.value.toNumber()), 1);
          const error = exactDecimal(got.value).minus(ref.value).abs().toNumber();
          expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale) * condition);
        },
      ),
      { numRuns: ROW_RUNS },
    );
  });

  it("b = [∞, 1] (a stack overflow once): infinite weights give ±∞ with their sign, NaN on ∞ − ∞ or ∞ · e^(−∞)", () => {
    const signed = (x: number[], b: number[]) => logSumExp(x, { b, returnSign: true });
    expect(signed([1, 2], [Infinity, 1])).toEqual({ value: Infinity, sign: 1 });
    expect(signed([1, 2], [-Infinity, 1])).toEqual({ value: Infinity, sign: -1 });
    expect(signed([Infinity, 1], [1, Infinity])).toEqual({ value: Infinity, sign: 1 });
    expect(signed([3, 1], [Infinity, -Infinity]).value).toBeNaN();
    expect(signed([Infinity, 1], [-1, Infinity]).value).toBeNaN();
    expect(signed([Infinity, Infinity, 1], [1, -1, Infinity]).value).toBeNaN();
    expect(signed([-Infinity, 2], [Infinity, 1]).value).toBeNaN();
    expect(logSumExp([1, 2], { b: [Infinity, 1] })).toBe(Infinity);
    expect(logSumExp([1, 2], { b: [-Infinity, 1] })).toBeNaN();
  });

  it("b = [5e-324, 5e-324] at x = [25.28, 1.39e-253], b = [1e308, 1e308], and x = [717, 0] with b = [5e-324, 1e300]: weights at the ends of the range", () => {
    const cases: [number[], number[]][] = [
      [[25.27785510669645, 1.3948702260659105e-253], [5e-324, 5e-324]],
      [[0, 0], [1e308, 1e308]],
      [[700, -3], [1.5e308, 1.7e308]],
      [[-700, 2], [1e-310, 3e-320]],
      // A large weight on an element 717 below the max: e^(−717) is subnormal.
      [[717, 0], [5e-324, 1e300]],
    ];
    for (const [row, b] of cases) {
      const ref = exactWeightedLogSumExp(row, b)!;
      expect(ulpError(logSumExp(row, { b }), ref.value)).toBeLessThanOrEqual(AXIS_MAX_ULP);
    }
  });

  it("x = [708.74, 0] with b = [5e-324, 1.12e-27]: a tiny weight on the max, the other term's product no longer underflows", () => {
    // Found by fuzzing: 1.12e-27 · e^(−708.74) underflowed to 0 where the sum
    // depends on it (2.7e-12 relative). The max cancels the log of the
    // weights here, so the bound is the absolute one.
    const cases: [number[], number[]][] = [
      [[708.7398247490777, -1.2787626694425685e-254], [5e-324, 1.1211843983795242e-27]],
      [[-745, 745, 0], [1e308, 5e-324, 1e-200]],
    ];
    for (const [row, b] of cases) {
      const ref = exactWeightedLogSumExp(row, b)!;
      const scale = Math.max(Math.abs(ref.m.toNumber()), Math.abs(ref.value.toNumber()), 1);
      const error = exactDecimal(logSumExp(row, { b })).minus(ref.value).abs().toNumber();
      expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
    }
  });

  it("weights at 2^±500, where the terms go unsplit, and just beyond: x = [0, −720] (e^-720 subnormal), [0, −300], [−5, 0]", () => {
    // Within 2^±500 each term is b_i e^(x_i − m), anchored at the max x; a
    // subnormal e^(x_i − m) then counts below 2^-521 against |b_top| ≥ 2^-500.
    const rows = [[0, -720], [0, -300], [-5, 0], [0, -720, -1]];
    const weights = [[2 ** -500, 2 ** 500], [2 ** 500, 2 ** -500], [2 ** -500, -(2 ** -500)], [2 ** -501, 2 ** 501], [2 ** 501, 2 ** -501]];
    for (const row of rows) {
      for (const pair of weights) {
        const b = row.map((_, i) => pair[i % 2]!);
        const ref = exactWeightedLogSumExp(row, b);
        const got = logSumExp(row, { b, returnSign: true });
        if (ref === null) {
          expect(got.value).toBe(-Infinity);
          continue;
        }
        const scale = Math.max(Math.abs(ref.m.toNumber()), Math.abs(ref.value.toNumber()), 1);
        const error = exactDecimal(got.value).minus(ref.value).abs().toNumber();
        expect(error).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
      }
    }
  });

  it("with all weights 1 is the unweighted result, within the weighted (absolute) bound", () => {
    fc.assert(
      fc.property(logitRow, (row) => {
        const weighted = logSumExp(row, { b: row.map(() => 1) });
        const plain = logSumExp(row);
        if (!Number.isFinite(plain)) return expect(weighted).toBe(plain);
        const scale = Math.max(Math.abs(plain), Math.abs(Math.max(...row)), 1);
        expect(Math.abs(weighted - plain)).toBeLessThanOrEqual(AXIS_MAX_ULP * ulpOfDouble(scale));
      }),
      { numRuns: RUNS },
    );
  });

  it("[2, 2] with b = [1, 1 - 2^-52]: a sum near 2 keeps the weight's last bit", () => {
    const y = logSumExp([2, 2], { b: [1, 1 - 2 ** -52] });
    const ref = exactWeightedLogSumExp([2, 2], [1, 1 - 2 ** -52])!;
    expect(ulpError(y, ref.value)).toBeLessThanOrEqual(AXIS_MAX_ULP);
  });

  it("gives arrays of values and signs per slice, into out and signOut", () => {
    const x = Float64Array.of(0, 0, 1, 1);
    const b = Float64Array.of(1, 1, -1, -2);
    // 1 + ln 3 to the nearest double (1 + Math.log(3) depends on the engine: 2.09861228866811 in Chromium).
    const expected = { value: Float64Array.of(Math.LN2, 2.0986122886681096), sign: Float64Array.of(1, -1) };
    expect(logSumExp(x, { shape: [2, 2], b, returnSign: true })).toEqual(expected);
    expect(logSumExp(x, { shape: [2, 2], returnSign: true })).toEqual({ value: logSumExp(x, { shape: [2, 2] }), sign: Float64Array.of(1, 1) });
    const out = new Float64Array(2);
    const signOut = new Float64Array(2);
    const r = logSumExp(x, { shape: [2, 2], b, returnSign: true, out, signOut });
    expect(r.value).toBe(out);
    expect(r.sign).toBe(signOut);
    expect(r).toEqual(expected);
    expect(logSumExp(x, { shape: [2, 2], b })).toEqual(Float64Array.of(Math.LN2, NaN));
    expect(logSumExp(Array.from(x), { shape: [2, 2], b: Array.from(b) })).toEqual(Float64Array.of(Math.LN2, NaN));
  });

  it("rejects weights of the wrong length or type, and a signOut of the wrong length, writing nothing", () => {
    const out = new Float64Array(2).fill(7);
    expect(() => logSumExp([1, 2, 3], { b: [1, 2] })).toThrow(new RangeError("logSumExp: b has length 2 but x has length 3"));
    expect(() => logSumExp(Float64Array.of(1, 2, 3, 4), { shape: [2, 2], b: [1, 1, 1], out })).toThrow(RangeError);
    expect(() =>
      logSumExp(Float64Array.of(1, 2, 3, 4), { shape: [2, 2], returnSign: true, out, signOut: new Float64Array(3) }),
    ).toThrow(new RangeError("logSumExp: signOut has length 3 but the number of slices has length 2"));
    expect(Array.from(out)).toEqual([7, 7]);
    const loose = logSumExp as unknown as (x: unknown, o?: unknown) => unknown;
    expect(() => loose([1, 2], { b: "12" })).toThrow(
      new TypeError('logSumExp: b must be a number, Float64Array, Float32Array or number[]; got a string ("12")'),
    );
  });
});

describe("logSumExp: found by fuzzing", () => {
  it("[0, -740.3 × 11]: a subnormal result from subnormal terms, within 4 ULP (2^-1074 each)", () => {
    const row = [0, ...Array.from({ length: 11 }, () => -740.3)];
    expect(ulpError(logSumExp(row), exactLogSumExp(row))).toBeLessThanOrEqual(AXIS_MAX_ULP);
  });

  it("x = [1.8e308, 0, 1.8e308] with b = [7.98e307, 0, 1e308]: weights whose sum overflows, on x that absorbs their e ln 2 (was NaN, sign −1)", () => {
    // Found in Chromium: the anchor's choice summed x + e ln 2 into one double,
    // which is x for x beyond 2^62, so the weights stayed unscaled and their
    // sum overflowed.
    const cases: [number[], number[]][] = [
      [[1.7976931348623157e308, 0, 1.7976931348623157e308], [7.976931348623178e307, 0, 9.99999999999998e307]],
      [[1e300, 1e300], [1e308, 1e308]],
      [[1e19, 1e19 - 2048], [1.7e308, 1.7e308]],
    ];
    for (const [row, b] of cases) {
      const result = logSumExp(row, { b, returnSign: true });
      expect(result.sign).toBe(1);
      expect(ulpError(result.value, exactWeightedLogSumExp(row, b)!.value)).toBeLessThanOrEqual(AXIS_MAX_ULP);
    }
  });
});
