/**
 * Assertions of the accuracy contract (SPEC §4): a result is within a bound in
 * ULPs of an exact reference, and special values match exactly.
 */
import { ulpError, type Dec } from "./ulp.js";
import type { GoldenRef } from "./golden.js";

/** SPEC §4, first milestone: elementwise functions within 2 ULP for every input. */
export const ELEMENTWISE_MAX_ULP = 2;

/**
 * SPEC §4's goal for the elementwise functions, 1 ULP (faithful): softplus and
 * logSigmoid meet it, their results being fdlibm's log1p (within 1 ULP) of
 * e^(−|x|) with exp's tail, or x plus that.
 */
export const FAITHFUL_ULP = 1;

/**
 * σ's bound: its quotient's rounding and its last addition's come to 1 ULP at
 * most, and exp with its tail is within 2^-56 relative (test/internal/exp),
 * an 8th of an ULP at most; the largest error measured is 0.999 ULP.
 */
export const SIGMOID_MAX_ULP = 1.125;

/** SPEC §4, first milestone: softmax, logSoftmax and logSumExp within 4 ULP for every element. */
export const AXIS_MAX_ULP = 4;

/** Equal as IEEE values, NaN equal to NaN, +0 equal to −0 (the golden convention). */
export function sameSpecial(computed: number, expected: number): boolean {
  return Number.isNaN(expected) ? Number.isNaN(computed) : computed === expected;
}

/**
 * The error of `computed` against a golden reference, in ULPs: 0 or Infinity
 * for a special value (which must match exactly), the ULP distance otherwise.
 */
export function goldenError(computed: number, ref: GoldenRef): number {
  if ("special" in ref) return sameSpecial(computed, Number(ref.special)) ? 0 : Infinity;
  return ulpError(computed, ref.exact);
}

/** A description of one failed case, for a readable assertion message. */
export interface Miss {
  input: string;
  computed: number;
  expected: string;
  ulps: number;
}

/** Runs `f` on every input and returns the cases that miss `bound` against `exact`, with the largest error seen. */
export function measure(
  inputs: readonly number[],
  f: (x: number) => number,
  exact: (x: number) => Dec,
  bound: number,
): { misses: Miss[]; maxUlps: number } {
  const misses: Miss[] = [];
  let maxUlps = 0;
  for (const x of inputs) {
    const ref = exact(x);
    const computed = f(x);
    const ulps = ulpError(computed, ref);
    maxUlps = Math.max(maxUlps, ulps);
    if (!(ulps <= bound)) misses.push({ input: String(x), computed, expected: ref.toString(), ulps });
  }
  return { misses, maxUlps };
}
