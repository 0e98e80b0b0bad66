/**
 * A small benchmark harness: contenders run interleaved round by round in one
 * process after a warm-up, so that a noisy, shared machine slows them alike; the
 * figures to quote are ratios of medians to the floor measured in the same run.
 */
import { performance } from "node:perf_hooks";
import { setKernelPath } from "../src/internal/wasm.js";

export interface Contender {
  name: string;
  /** One call over the whole workload; returns something so the work cannot be dropped. */
  run: () => unknown;
}

export interface Result {
  name: string;
  /** Median nanoseconds per element over the rounds. */
  median: number;
  /** Interquartile range of ns per element, as [q1, q3]. */
  spread: [number, number];
}

let sink: unknown;

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (i - lo);
}

/** Times each contender `rounds` times (interleaved), each timing covering `repeat` calls. */
export function measure(contenders: readonly Contender[], elements: number, rounds = 25, warmup = 5): Result[] {
  const repeat = Math.max(1, Math.round(2e6 / elements));
  const samples = contenders.map(() => [] as number[]);
  for (let round = -warmup; round < rounds; round++) {
    contenders.forEach((c, k) => {
      const t0 = performance.now();
      for (let r = 0; r < repeat; r++) sink = c.run();
      const ns = ((performance.now() - t0) * 1e6) / (repeat * elements);
      if (round >= 0) samples[k]!.push(ns);
    });
  }
  if (sink === Symbol.for("never")) console.log(sink);
  return contenders.map((c, k) => {
    const sorted = samples[k]!.sort((a, b) => a - b);
    return { name: c.name, median: quantile(sorted, 0.5), spread: [quantile(sorted, 0.25), quantile(sorted, 0.75)] };
  });
}

/** Markdown rows: ns/element, ratio to the floor (the contender named `floor`), spread. */
export function table(workload: string, results: readonly Result[], floor: string): string[] {
  const base = results.find((r) => r.name === floor);
  if (base === undefined) throw new Error(`no floor contender named ${floor}`);
  return results.map(
    (r) =>
      `| ${workload} | ${r.name} | ${r.median.toFixed(2)} | ${(r.median / base.median).toFixed(2)}× | ${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)} |`,
  );
}

/**
 * The contender `name` run on the JavaScript path of the kernels (the
 * WebAssembly ones turned off for the call): the bench's column per path.
 */
export function onJsPath(name: string, run: () => unknown): Contender {
  return {
    name: `${name}, JavaScript path`,
    run: () => {
      setKernelPath("js");
      try {
        return run();
      } finally {
        setKernelPath("auto");
      }
    },
  };
}

