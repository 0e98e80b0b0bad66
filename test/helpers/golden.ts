/**
 * The golden cases (test/fixtures/golden/cases.json, copied from the shared
 * golden set): inputs as exact decimal strings and references computed with
 * mpmath at 256 bits or more. See test/fixtures/golden/README.md.
 */
import { describe, expect, it } from "vitest";
import { loadKernels, setKernelPath } from "../../src/internal/wasm.js";
import { goldenError } from "./accuracy.js";

export type GoldenRef = { exact: string } | { special: string };

export interface GoldenCase {
  fn: string;
  cat: string;
  in: Record<string, string | number | string[]>;
  ref: GoldenRef[];
}

interface GoldenFile {
  seed: number;
  scale: string;
  cases: GoldenCase[];
}

/**
 * The file's text: from disk in Node (tests and scripts alike), through Vite's
 * `?raw` import in the browser run.
 */
async function goldenText(): Promise<string> {
  if (typeof window === "undefined") {
    const { readFileSync } = await import("node:fs");
    return readFileSync(new URL("../fixtures/golden/cases.json", import.meta.url), "utf8");
  }
  return (await import("../fixtures/golden/cases.json?raw")).default;
}

const text = await goldenText();
let cached: GoldenFile | undefined;

function load(): GoldenFile {
  cached ??= JSON.parse(text) as GoldenFile;
  return cached;
}

/** Every golden case of one function, grouped by category, in file order. */
export function goldenByCategory(fn: string): Map<string, GoldenCase[]> {
  const groups = new Map<string, GoldenCase[]>();
  for (const c of load().cases) {
    if (c.fn !== fn) continue;
    const group = groups.get(c.cat);
    if (group === undefined) groups.set(c.cat, [c]);
    else group.push(c);
  }
  return groups;
}

/** A golden scalar input: the strings parse exactly with Number ("-0.0", "NaN" and "Infinity" included). */
export function scalarInput(c: GoldenCase, name: string): number {
  const v = c.in[name];
  if (typeof v !== "string") throw new Error(`golden case ${c.fn}/${c.cat} has no scalar input ${name}`);
  return Number(v);
}

/**
 * Registers one test per golden category of a scalar function: every case
 * within `bound` ULP (special values exactly); see {@link goldenCaseSuite}.
 */
export function goldenScalarSuite(fn: string, inputName: string, f: (x: number) => number, bound: number): void {
  goldenCaseSuite(fn, (c) => [f(scalarInput(c, inputName))], bound);
}

/** A golden row input: an array of exact decimal strings. */
export function rowInput(c: GoldenCase, name: string): number[] {
  const v = c.in[name];
  if (!Array.isArray(v)) throw new Error(`golden case ${c.fn}/${c.cat} has no row input ${name}`);
  return v.map(Number);
}

/**
 * Registers one test per golden category of a row function (softmax,
 * logSoftmax, logSumExp): every output element of every case within `bound` ULP
 * of its reference, special values exactly.
 */
export function goldenRowSuite(fn: string, f: (row: number[]) => ArrayLike<number>, bound: number): void {
  goldenCaseSuite(fn, (c) => f(rowInput(c, "x")), bound);
}

/**
 * `f(c)` on the JavaScript path, and checked to give the same bits on the
 * WebAssembly path (where the engine runs it): the kernels' promise.
 */
function onBothPaths(f: (c: GoldenCase) => ArrayLike<number>, c: GoldenCase): ArrayLike<number> {
  const previous = setKernelPath("js");
  try {
    const js = Array.from(f(c));
    if (loadKernels() !== null) {
      setKernelPath("wasm");
      const wasm = Array.from(f(c));
      if (!wasm.every((v, i) => Object.is(v, js[i]))) expect({ case: c.in, wasm }).toEqual({ case: c.in, wasm: js });
    }
    return js;
  } finally {
    setKernelPath(previous);
  }
}

/**
 * Registers one test per golden category of `fn`, computed by `f` from the
 * whole case (for functions of several inputs, such as the losses): every output
 * element within `bound` ULP of its reference, special values exactly, on both
 * paths of the kernels (the same bits). With `only`, the categories it accepts.
 */
export function goldenCaseSuite(
  fn: string,
  f: (c: GoldenCase) => ArrayLike<number>,
  bound: number,
  only: (category: string) => boolean = () => true,
): void {
  const groups = goldenByCategory(fn);
  describe(`${fn}: golden cases`, () => {
    it("has cases to check", () => {
      expect(groups.size).toBeGreaterThan(0);
    });
    for (const [cat, cases] of groups) {
      if (!only(cat)) continue;
      const elements = cases.reduce((total, c) => total + c.ref.length, 0);
      it(`${cat}: all ${elements} outputs of ${cases.length} cases within ${bound} ULP`, () => {
        const misses: string[] = [];
        for (const c of cases) {
          const y = onBothPaths(f, c);
          expect(y.length).toBe(c.ref.length);
          c.ref.forEach((ref, i) => {
            const ulps = goldenError(y[i]!, ref);
            if (!(ulps <= bound)) {
              misses.push(`${fn} ${JSON.stringify(c.in).slice(0, 120)} output ${i} = ${y[i]}, expected ${JSON.stringify(ref)}: ${ulps} ULP`);
            }
          });
        }
        expect(misses.slice(0, 10)).toEqual([]);
      });
    }
  });
}
