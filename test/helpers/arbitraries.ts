/**
 * fast-check generators reaching the whole double range, with extra weight where
 * the textbook formulas break. `RUNS` is the number of runs per property:
 * `LOGITS_FUZZ_RUNS` in the environment raises it for longer fuzzing.
 */
import fc from "fast-check";

export const RUNS = Number((typeof process === "undefined" ? undefined : process.env["LOGITS_FUZZ_RUNS"]) ?? 3000);

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
  spread(-800, 800),
  spread(-40, 40),
  spread(-1, 1),
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

/**
 * Doubles in [min, max], spread over the range: three in four uniform in value
 * (a 53-bit fraction of the range, so with all their bits), one in four from
 * fc.double, which draws uniformly over the representable doubles and so
 * mostly near 0 (of fc.double({ min: −10, max: 10 }), 8% exceed 0.01).
 */
export function spread(min: number, max: number): fc.Arbitrary<number> {
  const uniform = fc
    .tuple(fc.integer({ min: 0, max: 2 ** 26 - 1 }), fc.integer({ min: 0, max: 2 ** 27 - 1 }))
    .map(([a, b]) => Math.min(max, min + (max - min) * ((a * 2 ** 27 + b) / 2 ** 53)));
  return fc.oneof({ arbitrary: uniform, weight: 3 }, { arbitrary: fc.double({ min, max, noNaN: true }), weight: 1 });
}

/** A finite row in [min, max] ({@link spread}), 1 to `maxLength` of them. */
function rowIn(min: number, max: number, maxLength: number): fc.Arbitrary<number[]> {
  return fc.array(spread(min, max), { minLength: 1, maxLength });
}

/**
 * Rows of logits where softmax implementations go wrong: moderate values, wide
 * spreads (±800, where x − max is rounded by hundreds of ULP and terms
 * underflow), one dominant entry (the confident class), huge magnitudes,
 * a large common offset, ties, and −∞ entries (masked positions).
 */
export const logitRow: fc.Arbitrary<number[]> = fc.oneof(
  rowIn(-10, 10, 30),
  rowIn(-800, 800, 30),
  fc.tuple(rowIn(-5, 5, 30), fc.double({ min: 20, max: 800, noNaN: true }), fc.nat()).map(([row, lead, at]) => {
    const out = [...row];
    out.splice(at % (row.length + 1), 0, Math.max(...row) + lead);
    return out;
  }),
  rowIn(-1e300, 1e300, 10),
  fc.tuple(rowIn(-3, 3, 20), fc.constantFrom(1e6, -1e6, 1e15)).map(([row, c]) => row.map((v) => v + c)),
  fc.array(fc.constantFrom(-2.25, 0, 1.5), { minLength: 1, maxLength: 20 }),
  fc.tuple(rowIn(-10, 10, 20), fc.array(fc.nat(), { maxLength: 5 })).map(([row, masks]) => {
    const out = [...row];
    for (const k of masks) if (out.length > 1) out[k % out.length] = -Infinity;
    return out.some((v) => v > -Infinity) ? out : [...out, 0];
  }),
);
