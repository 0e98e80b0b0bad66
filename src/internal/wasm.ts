/**
 * The array kernels: the WebAssembly SIMD module when the engine has it, else
 * the same algorithm in JavaScript, with the same results bit for bit (see
 * exp.ts and kernels.wat). The module is compiled synchronously on first use
 * (it is 1.2 kB, under the 4 kB that browsers compile on the main thread);
 * without WebAssembly, without SIMD, or under a Content-Security-Policy that
 * forbids compiling it, the JavaScript path is used.
 */
import { expOf } from "./exp.js";
import { KERNELS_WASM } from "./kernelsWasm.js";

interface Kernels {
  memory: WebAssembly.Memory;
  exp: (ptr: number, n: number) => void;
}

/** Where the caller's data starts in the module's memory (the table is below). */
const DATA = 1024;
/** Doubles per call: the rest of the module's two 64 kB pages. */
const CHUNK = (2 * 65536 - DATA) / 8;

/** Which path the kernels take: the fastest available, or one forced for testing. */
export type KernelPath = "auto" | "wasm" | "js";

let path: KernelPath = "auto";
let kernels: Kernels | null | undefined;

/**
 * Forces a path (tests and benchmarks compare them); "wasm" throws when the
 * engine cannot run the module. Returns the previous setting.
 */
export function setKernelPath(next: KernelPath): KernelPath {
  if (next === "wasm" && loadKernels() === null) throw new Error("logits: this engine cannot run the WebAssembly kernels");
  const previous = path;
  path = next;
  return previous;
}

/** The compiled module, or null where it cannot run; compiled once. */
export function loadKernels(): Kernels | null {
  if (kernels !== undefined) return kernels;
  try {
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    kernels = instance.exports as unknown as Kernels;
  } catch {
    kernels = null;
  }
  return kernels;
}

/** Arrays shorter than this stay in JavaScript on the automatic path: the copies and the call cost more. */
const WASM_MIN = 16;

/** e^x of each element of `src` into `dst` (which may be `src`), n elements from `from`. */
export function expArray(src: Float64Array, dst: Float64Array, from = 0, n = src.length - from): void {
  const k = path === "js" || (path === "auto" && n < WASM_MIN) ? null : loadKernels();
  if (k === null) {
    for (let i = from; i < from + n; i++) dst[i] = expOf(src[i]!);
    return;
  }
  const heap = new Float64Array(k.memory.buffer, DATA, CHUNK);
  for (let i = from; i < from + n; i += CHUNK) {
    const m = Math.min(CHUNK, from + n - i);
    heap.set(src.subarray(i, i + m));
    k.exp(DATA, m);
    dst.set(heap.subarray(0, m), i);
  }
}
