/**
 * The array kernels: the WebAssembly SIMD module when the engine has it, else
 * the same algorithm in JavaScript, with the same results bit for bit (see
 * exp.ts and kernels.wat). The module is compiled synchronously on first use
 * (2.9 kB, under the 4 kB that browsers compile on the main thread);
 * without WebAssembly, without SIMD, under a Content-Security-Policy that
 * forbids compiling it, or on a big-endian platform, the JavaScript path is used.
 */
import { EXP_TABLE, expOf } from "./exp.js";
import { KERNELS_WASM } from "./kernelsWasm.js";

/** The elementwise kernels: each computes its function in place over the n doubles from byte ptr of the module's memory. */
export type KernelName = "exp" | "sigmoid" | "softplus" | "logSigmoid";

/**
 * The module's exports: the elementwise kernels, and the two of the rest sum
 * (expSum.ts's restSum, over whole rows or part of one; see kernels.wat).
 */
type Exports = { memory: WebAssembly.Memory } & Record<KernelName, (ptr: number, n: number) => void> & {
  restRows(ptr: number, rows: number, n: number, rec: number): void;
  restPart(ptr: number, n: number, rec: number): void;
};

/** The compiled module and views of its memory. */
export interface Kernels {
  exports: Exports;
  /** The caller's data: CHUNK doubles from byte DATA (and one more, which a kernel may read past an odd end). */
  heap: Float64Array;
  /** The rest sums' records, RECORD doubles per row from byte RECORDS. */
  records: Float64Array;
}

/*
 * The module's memory: exp's table at byte 0 (512 bytes), the rest sums'
 * records from RECORDS (up to RECORD_ROWS rows of RECORD doubles), the
 * caller's data from DATA to the end of the module's four 64 kB pages.
 */
export const RECORDS = 512;
export const RECORD = 8;
export const RECORD_ROWS = 256;
export const DATA = RECORDS + RECORD_ROWS * RECORD * 8;
/** Doubles per call: the data area less one (an odd count reads one past its end), even. */
export const CHUNK = (4 * 65536 - DATA) / 8 - 2;

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
  // WebAssembly memory is little-endian and the data goes in and out through
  // Float64Array views, which follow the platform: big-endian ones (s390x) keep
  // the JavaScript path.
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) return (kernels = null);
  try {
    const bytes = Uint8Array.from(atob(KERNELS_WASM), (c) => c.charCodeAt(0));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const exports = instance.exports as unknown as Exports;
    // The memory never grows, so these views stay valid.
    const buffer = exports.memory.buffer;
    // exp's table at byte 0, where kernels.wat reads it.
    new Float64Array(buffer, 0, EXP_TABLE.length).set(EXP_TABLE);
    kernels = { exports, heap: new Float64Array(buffer, DATA, CHUNK + 1), records: new Float64Array(buffer, RECORDS, RECORD_ROWS * RECORD) };
  } catch {
    kernels = null;
  }
  return kernels;
}

/** Arrays shorter than this stay in JavaScript on the automatic path: the copies and the call cost more. */
const WASM_MIN = 16;

/**
 * The kernels for a call over `length` elements, or null for the caller's
 * JavaScript loop: on the "js" path, below WASM_MIN elements on the automatic
 * one, or where the module cannot run.
 */
export function kernelsFor(length: number): Kernels | null {
  if (path === "js" || (path === "auto" && length < WASM_MIN)) return null;
  return loadKernels();
}

/**
 * Runs kernel `name` over `src` into `dst` (which may be `src`), in chunks
 * copied through the module's memory, and returns true; or returns false, for
 * the caller's JavaScript loop to do the work ({@link kernelsFor}).
 */
export function runKernel(name: KernelName, src: Float64Array, dst: Float64Array): boolean {
  const n = src.length;
  const k = kernelsFor(n);
  if (k === null) return false;
  const { heap } = k;
  const kernel = k.exports[name];
  for (let i = 0; i < n; i += CHUNK) {
    const m = Math.min(CHUNK, n - i);
    heap.set(src.subarray(i, i + m));
    kernel(DATA, m);
    dst.set(heap.subarray(0, m), i);
  }
  return true;
}

/** e^x of each element of `src` into `dst` (which may be `src`). */
export function expArray(src: Float64Array, dst: Float64Array): void {
  if (runKernel("exp", src, dst)) return;
  for (let i = 0; i < src.length; i++) dst[i] = expOf(src[i]!);
}
