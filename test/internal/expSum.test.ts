import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { BLOCK, RESTS, restSums, TOPS } from "../../src/internal/expSum.js";
import { CHUNK, setKernelPath } from "../../src/internal/wasm.js";
import { logitRow, RUNS } from "../helpers/arbitraries.js";
import { domainDouble } from "../helpers/fuzz.js";

afterEach(() => {
  setKernelPath("auto");
});

/** Everything restSums leaves behind for `count` slices: TOPS, RESTS (hi, lo, tiny) and the terms, as bit-exact strings. */
function firstPass(path: "js" | "wasm", x: Float64Array, count: number, n: number, inner: number, inPlace: boolean): string[] {
  setKernelPath(path);
  const src = x.slice();
  const terms = inPlace ? src : new Float64Array(x.length);
  restSums(src, 0, count, n, inner, terms, 1);
  const rests = Array.from(RESTS.subarray(0, 3 * count), (v) => (Object.is(v, -0) ? "-0" : String(v)));
  const tops = Array.from(TOPS.subarray(0, count), String);
  // Slices whose maximum is not finite are the caller's to fill in: their terms are not compared.
  const written = Array.from(terms, (v, i) => (TOPS[Math.floor(i / n) % BLOCK]! < 0 && inner === 1 ? "-" : Object.is(v, -0) ? "-0" : String(v)));
  return [...tops, ...rests, ...written];
}

/** `rows` rows of n, contiguous: the WebAssembly path against the JavaScript one. */
function expectSamePasses(values: readonly number[], n: number, inPlace = false): void {
  const x = Float64Array.from(values);
  const count = n === 0 ? 0 : values.length / n;
  expect(firstPass("wasm", x, count, n, 1, inPlace)).toEqual(firstPass("js", x, count, n, 1, inPlace));
}

describe("internal/expSum: restSums, the first pass of the softmax family", () => {
  it("gives the same maxima, sums (both parts, to the last bit of the low one) and terms on the WebAssembly and JavaScript paths", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(logitRow, { minLength: 1, maxLength: 8 }), fc.boolean(), (n, rows, inPlace) => {
        // Rows of n cut from the generated ones: every kind of row, at odd and even lengths.
        const values = rows.flat();
        const count = Math.min(BLOCK, Math.floor(values.length / n));
        expectSamePasses(values.slice(0, count * n), n, inPlace);
      }),
      { numRuns: RUNS },
    );
  });

  it("agrees on rows of any double: NaN, ±∞ (rows left to the caller), subnormal and underflowing terms", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.array(domainDouble, { minLength: 1, maxLength: 90 }), (n, values) => {
        const count = Math.floor(values.length / n);
        expectSamePasses(values.slice(0, count * n), n);
      }),
      { numRuns: RUNS },
    );
  });

  it("agrees where the kernel takes four pairs at once and where it falls back to one pair (an underflowing term, −∞ or NaN among them), the maximum anywhere", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 8, max: 40 }),
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 8, maxLength: 200 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(-Infinity, -760, -720, -1e300, NaN)), { maxLength: 6 }),
        (n, values, breakers) => {
          const row = [...values];
          for (const [at, v] of breakers) row[at % row.length] = v;
          const count = Math.floor(row.length / n);
          expectSamePasses(row.slice(0, count * n), n);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("agrees on subnormal terms summed apart (spreads of 708 to 1500 below the maximum), in the order of the row", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1500, max: -700, noNaN: true }), { minLength: 2, maxLength: 40 }), fc.nat(), (values, at) => {
        const row = [...values];
        row[at % row.length] = 0;
        expectSamePasses(row, row.length);
      }),
      { numRuns: Math.max(100, Math.round(RUNS / 5)) },
    );
  });

  it("agrees on a full block of rows, and a row longer than a chunk of the module's memory (maximum in the second chunk, odd length)", () => {
    const rows = Array.from({ length: BLOCK * 3 }, (_, i) => [Math.sin(i) * 30, i % 7 === 0 ? -Infinity : -i / 3, (i * 0.37) % 1]).flat();
    expectSamePasses(rows.slice(0, BLOCK * 3), 3);
    const n = 2 * CHUNK + 1001;
    const long = Array.from({ length: n }, (_, i) => Math.cos(i) * 700 - (i % 11 === 0 ? 800 : 0));
    long[CHUNK + 17] = 710;
    long[5] = -Infinity;
    expectSamePasses(long, n);
    expectSamePasses(long, n, true);
  });
});
