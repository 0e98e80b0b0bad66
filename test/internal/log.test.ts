import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as logits from "../../src/index.js";
import { setKernelPath } from "../../src/internal/wasm.js";
import { LOG_CONSTANTS, log1pOf, log1pUnit, log1pUnitPlus, log1pWide, logOf } from "../../src/internal/log.js";
import { RUNS, subnormal } from "../helpers/arbitraries.js";
import { exactDecimal, ulpError, type Dec } from "../helpers/ulp.js";

const exactLog = (x: number) => exactDecimal(x).ln();
/** log(1 + u); for tiny u its series, as 1 + u would round at the oracle's 80 digits too. */
function exactLog1p(u: number): Dec {
  const d = exactDecimal(u);
  return Math.abs(u) < 1e-20 ? d.minus(d.pow(2).div(2)).plus(d.pow(3).div(3)) : d.plus(1).ln();
}

describe("internal/log: logOf", () => {
  it("is within 1 ULP of log x for every positive double, subnormals included (80-digit oracle)", () => {
    const inputs = fc.oneof(
      fc.double({ min: 5e-324, max: Number.MAX_VALUE, noNaN: true }),
      fc.double({ min: 0.5, max: 2, noNaN: true }),
      fc.double({ min: 0.99, max: 1.01, noNaN: true }),
      subnormal.map(Math.abs),
    );
    fc.assert(
      fc.property(inputs, (x) => {
        fc.pre(x > 0);
        expect(ulpError(logOf(x), exactLog(x)), `x = ${x}`).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("takes the special values: −∞ at ±0, NaN below 0 and for NaN, +∞ at +∞, 0 at 1", () => {
    expect(logOf(0)).toBe(-Infinity);
    expect(logOf(-0)).toBe(-Infinity);
    expect(logOf(-1)).toBeNaN();
    expect(logOf(-Infinity)).toBeNaN();
    expect(logOf(NaN)).toBeNaN();
    expect(logOf(Infinity)).toBe(Infinity);
    expect(logOf(1)).toBe(0);
    expect(logOf(2)).toBe(Math.LN2);
    expect(logOf(Math.E)).toBe(1);
  });
});

describe("internal/log: log1pOf", () => {
  it("is within 1 ULP of log(1 + u) for every u > −1 (80-digit oracle)", () => {
    const inputs = fc.oneof(
      fc.double({ min: -1, max: Number.MAX_VALUE, noNaN: true, minExcluded: true }),
      fc.double({ min: -0.5, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1e-10, noNaN: true }),
      fc.double({ min: -1, max: -0.99, noNaN: true, minExcluded: true }),
      fc.double({ min: 1e15, max: 1e17, noNaN: true }),
      subnormal,
    );
    fc.assert(
      fc.property(inputs, (u) => {
        expect(ulpError(log1pOf(u), exactLog1p(u)), `u = ${u}`).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("takes the special values: −∞ at −1, NaN below and for NaN, +∞ at +∞, ±0 and tiny u exactly", () => {
    expect(log1pOf(-1)).toBe(-Infinity);
    expect(log1pOf(-2)).toBeNaN();
    expect(log1pOf(NaN)).toBeNaN();
    expect(log1pOf(Infinity)).toBe(Infinity);
    expect(log1pOf(0)).toBe(0);
    expect(log1pOf(5e-324)).toBe(5e-324);
    expect(log1pOf(1e-300)).toBe(1e-300);
    expect(log1pOf(1)).toBe(Math.LN2);
  });
});

describe("internal/log: the kernel's split", () => {
  it("s ≥ LOG_SPLIT is the bit test of logPlus (high word's fraction above 0x6a09e) for s in [1, 2)", () => {
    const bits = new DataView(new ArrayBuffer(8));
    const highFraction = (v: number): number => {
      bits.setFloat64(0, v);
      return bits.getUint32(0) & 0xfffff;
    };
    const split = LOG_CONSTANTS.LOG_SPLIT;
    expect(highFraction(split)).toBe(0x6a09f);
    bits.setFloat64(0, split);
    expect(bits.getUint32(4)).toBe(0);
    for (const s of [1, split - 2 ** -52, split, split + 2 ** -52, Math.SQRT2, 1.9999999999999998]) {
      expect(s >= split).toBe(highFraction(s) > 0x6a09e);
    }
  });
});

describe("internal/log: log1pUnit", () => {
  it("gives the bits of the general reduction (log1pWide) for every u in [0, 1], and NaN for NaN", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), subnormal.map(Math.abs), fc.constantFrom(0, 1, 0.41421356237309503, 0.4142141342163086)), (u) => {
        expect(Object.is(log1pUnit(u), log1pWide(u)), `u = ${u}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(log1pUnit(NaN)).toBeNaN();
  });
});

describe("internal/log: log1pUnitPlus", () => {
  const unit = fc.oneof(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.double({ min: 0, max: 2 ** -20, noNaN: true }),
    fc.double({ min: 2 ** -54, max: 2 ** -50, noNaN: true }),
    fc.constantFrom(0, 1, 2 ** -53, 2 ** -52, 3 * 2 ** -53, 0.41421356237309503, 0.4142141342163086),
  );

  it("is a + log(1 + u + t) within 1 ULP for a in [0, 20], u in [0, 1] and a tail t below u's last bit (80-digit oracle)", () => {
    fc.assert(
      fc.property(unit, fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 20, noNaN: true })), fc.double({ min: -1, max: 1, noNaN: true }), (u, a, fraction) => {
        const t = u * fraction * 2 ** -53;
        const d = exactDecimal(u).plus(exactDecimal(t));
        const log1p = d.lt(1e-20) ? d.minus(d.pow(2).div(2)) : d.plus(1).ln();
        expect(ulpError(log1pUnitPlus(a, u, t), exactDecimal(a).plus(log1p)), `a = ${a}, u = ${u}, t = ${t}`).toBeLessThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it("is log1pUnit's bits for a = 0 and t = 0 where 1 + u ≥ LOG_SPLIT (both take f = (1 + u)/2 − 1 there), and NaN for NaN, +∞ for a = +∞", () => {
    const from = LOG_CONSTANTS.LOG_SPLIT - 1;
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: from, max: 1, noNaN: true }), fc.constantFrom(from, 1)), (u) => {
        expect(Object.is(log1pUnitPlus(0, u, 0), log1pUnit(u)), `u = ${u}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
    expect(log1pUnitPlus(0, NaN, 0)).toBeNaN();
    expect(log1pUnitPlus(Infinity, 0, 0)).toBe(Infinity);
    expect(Object.is(log1pUnitPlus(0, 0, 0), 0)).toBe(true);
  });
});

describe("internal/log: no engine's exp or log", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    setKernelPath("auto");
  });

  it("no export calls Math.exp, Math.log or Math.log1p (their last bit is the engine's), on either path", () => {
    const calls = [vi.spyOn(Math, "exp"), vi.spyOn(Math, "log"), vi.spyOn(Math, "log1p")];
    const x = Float64Array.from({ length: 40 }, (_, i) => (i % 7 === 0 ? [Infinity, -Infinity, NaN, 800, -800][i % 5]! : i - 20));
    const p = x.map((v) => 1 / (1 + 2 ** -v));
    const finite = x.map((v) => (Number.isFinite(v) ? v : 3));
    const labels = Int32Array.from({ length: 4 }, (_, i) => i);
    for (const path of ["js", "wasm"] as const) {
      setKernelPath(path);
      logits.sigmoid(x);
      logits.logit(p);
      logits.logit(p, { eps: 1e-6 });
      logits.softplus(x);
      logits.logSigmoid(x);
      for (const v of [x, finite]) {
        logits.softmax(v, { shape: [4, 10] });
        logits.logSoftmax(v, { shape: [4, 10] });
        logits.logSoftmax(v, { shape: [4, 10], temperature: 3 });
        logits.logSumExp(v, { shape: [4, 10] });
        logits.logSumExp(v, { shape: [4, 10], b: x.map((_, i) => (i % 3) - 1), returnSign: true });
        logits.sparseSoftmaxCrossEntropyWithLogits({ logits: v, labels, shape: [4, 10], grad: new Float64Array(40), labelSmoothing: 0.1 });
        logits.softmaxCrossEntropyWithLogits({ logits: v, labels: p, shape: [4, 10], grad: new Float64Array(40) });
        logits.sigmoidCrossEntropyWithLogits({ logits: v, labels: p, grad: new Float64Array(40), reduction: "mean" });
        logits.sigmoidCrossEntropyWithLogits({ logits: v, labels: p, shape: [4, 10], posWeight: x.slice(0, 10).map(Math.abs).map((w) => (w < Infinity ? w : 1)) });
      }
    }
    for (const spy of calls) expect(spy).not.toHaveBeenCalled();
  });
});

