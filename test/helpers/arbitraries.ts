/**
 * fast-check generators reaching the whole double range, with extra weight where
 * the textbook formulas break. `RUNS` is the number of runs per property:
 * `LOGITS_FUZZ_RUNS` in the environment raises it for longer fuzzing.
 */
import fc from "fast-check";

export const RUNS = Number(process.env["LOGITS_FUZZ_RUNS"] ?? 3000);

/** Every double, NaN, ±Infinity, ±0 and subnormals included. */
export const anyDouble = fc.double();

/** Every finite double, ±0 and subnormals included. */
export const finiteDouble = fc.double({ noNaN: true, noDefaultInfinity: true });

/** Subnormal doubles of either sign, k · 2^-1074. */
export const subnormal = fc
  .integer({ min: 1, max: 2 ** 52 - 1 })
  .chain((k) => fc.constantFrom(k * 2 ** -1074, -k * 2 ** -1074));

/**
 * Real inputs of the logit domain: the whole finite range, plus uniform draws
 * over the ranges where exp overflows or underflows (±745), where σ rounds to 1
 * (±40) and around 0.
 */
export const realInput = fc.oneof(
  finiteDouble,
  subnormal,
  fc.double({ min: -800, max: 800, noNaN: true }),
  fc.double({ min: -40, max: 40, noNaN: true }),
  fc.double({ min: -1, max: 1, noNaN: true }),
);

/**
 * Probabilities in [0, 1]: the whole range (mostly tiny, as doubles are), plus
 * uniform ones, the neighbourhoods of 0.5 and 1 at the scale of 2^-53, and
 * subnormals.
 */
export const probability = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: 0, max: 2 ** 53 }).map((k) => k * 2 ** -53),
  fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((k) => 0.5 + k * 2 ** -53),
  fc.integer({ min: 0, max: 2 ** 30 }).map((k) => 1 - k * 2 ** -53),
  fc.integer({ min: 0, max: 2 ** 52 - 1 }).map((k) => k * 2 ** -1074),
  fc.integer({ min: 0, max: 1_000_000 }).map((k) => k / 1_000_000),
);
