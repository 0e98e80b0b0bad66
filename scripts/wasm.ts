/**
 * Assembles src/internal/kernels.wat into src/internal/kernelsWasm.ts (the
 * bytes of its six modules, base64), writing the constants of exp.ts, log.ts,
 * expSum.ts and float.ts into it,
 * so that the JavaScript and WebAssembly paths share one source of every
 * number (the table goes into the module's memory at run time: wasm.ts).
 * test/internal/kernelsWasm.test.ts checks that the committed file is what
 * this produces.
 *
 *   tsx scripts/wasm.ts          (writes the file)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import wabt from "wabt";
import * as exp from "../src/internal/exp.js";
import * as expSum from "../src/internal/expSum.js";
import * as float from "../src/internal/float.js";
import * as log from "../src/internal/log.js";

const source = fileURLToPath(new URL("../src/internal/kernels.wat", import.meta.url));
const target = fileURLToPath(new URL("../src/internal/kernelsWasm.ts", import.meta.url));

/** A double as a WebAssembly text hex float, exact (normal numbers and 0). */
export function hexFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? "-0x0p+0" : "0x0p+0";
  const bits = new DataView(new ArrayBuffer(8));
  bits.setFloat64(0, v);
  const high = bits.getUint32(0);
  const exponent = ((high >>> 20) & 0x7ff) - 1023;
  if (exponent === -1023 || exponent === 1024) throw new RangeError(`hexFloat: ${v} is not a normal number`);
  const mantissa = ((BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(4))).toString(16).padStart(13, "0");
  return `${v < 0 ? "-" : ""}0x1.${mantissa}p${exponent >= 0 ? "+" : ""}${exponent}`;
}

/** The modules of kernels.wat: the name of each, and the constant that holds it in kernelsWasm.ts. */
const MODULES = [
  ["elementwise", "ELEMENTWISE_WASM", "exp, sigmoid, softplus, logSigmoid"],
  ["rest", "REST_WASM", "restRows, restPart: the first pass of the softmax family; divideRows: softmax's division"],
  ["secondPass", "SECOND_PASS_WASM", "logRests: the logs of the rests; logRows: logSoftmax's second pass; gradRows: the softmax losses' gradient (on the rest module's memory)"],
  ["sigmoidLoss", "SIGMOID_LOSS_WASM", "sigmoidLoss: the sigmoid cross-entropy and its gradient"],
  ["logit", "LOGIT_WASM", "logit"],
  ["scaled", "SCALED_WASM", "scaledRows: the first pass at a temperature T ≠ 1 (on the rest module's memory)"],
] as const;

/**
 * The text of module `name` from kernels.wat: what comes before the first
 * ";; @module" line, each section whose line names that module (a line may
 * name several, for code that they share), and the closing parenthesis.
 */
export function moduleText(source: string, name: string): string {
  const parts = source.trimEnd().replace(/\)$/, "").split(/^ *;; @module ([\w ]+)\n/m);
  let text = parts[0]!;
  let found = false;
  for (let i = 1; i < parts.length; i += 2) {
    if (!parts[i]!.trim().split(/ +/).includes(name)) continue;
    text += parts[i + 1]!;
    found = true;
  }
  if (!found) throw new Error(`kernels.wat: no module ${name}`);
  return `${text})\n`;
}

/**
 * Expands kernels.wat's two devices for writing code out more than once, which
 * the hot loops need: V8 does not inline WebAssembly calls, and two calls in a
 * row do not overlap their work as one stretch of straight code does.
 * - `;; @each A B …` … `;; @end`: the lines between, once per letter, with
 *   `$name@` written `$nameA` (and so on), `@16` written 16 × the letter's
 *   position from 0 (a memory offset), and a `;; @use NAME @` line's `@` the
 *   letter;
 * - `;; @define NAME` … `;; @end`: lines written, with `$name@` given the
 *   suffix X, where a line `;; @use NAME X` stands (X may be empty); the
 *   lines may hold `;; @use OTHER @` lines, which take the suffix X too.
 * Blocks do not nest, except that they may hold @use lines.
 */
export function expandMacros(source: string): string {
  const defined = new Map<string, string>();
  const withoutDefines = source.replace(/^ *;; @define (\w+)\n([\s\S]*?)^ *;; @end\n/gm, (_, name: string, body: string) => {
    defined.set(name, body);
    return "";
  });
  let text = withoutDefines.replace(/^ *;; @each ([A-Z ]+)\n([\s\S]*?)^ *;; @end\n/gm, (_, letters: string, body: string) =>
    letters
      .trim()
      .split(/ +/)
      .map((letter, index) =>
        body
          .replace(/(\$\w+|;; @use \w+ )@/g, `$1${letter}`)
          .replace(/@(\d+)/g, (_m: string, step: string) => String(index * Number(step))),
      )
      .join(""),
  );
  // Written out until no @use is left: a few rounds (a cycle would not end).
  for (let round = 0; /^ *;; @use /m.test(text); round++) {
    if (round === 8) throw new Error("kernels.wat: @use nested too deep (a cycle?)");
    text = text.replace(/^ *;; @use (\w+) ?(\w*)\n/gm, (_, name: string, suffix: string) => {
      const body = defined.get(name);
      if (body === undefined) throw new Error(`kernels.wat: no @define ${name}`);
      return body.replace(/(\$\w+|;; @use \w+ )@/g, `$1${suffix}`);
    });
  }
  return text;
}

/** The text of src/internal/kernelsWasm.ts. */
export async function assemble(): Promise<string> {
  const constants: Record<string, number> = { ...exp.EXP_CONSTANTS, ...log.LOG_CONSTANTS, ...expSum.REST_CONSTANTS, ...float.FLOAT_CONSTANTS };
  const text = expandMacros(readFileSync(source, "utf8")).replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = constants[name];
    if (value === undefined) throw new Error(`kernels.wat: no constant ${name}`);
    return hexFloat(value);
  });
  const tools = await wabt();
  const lines = [
    "// Generated by scripts/wasm.ts from src/internal/kernels.wat and the constants of",
    "// src/internal/exp.ts, log.ts and expSum.ts: do not edit. `npx tsx scripts/wasm.ts` writes it again.",
  ];
  for (const [name, constant, what] of MODULES) {
    const module = tools.parseWat(`kernels.wat (${name})`, moduleText(text, name), { simd: true });
    module.validate();
    const { buffer } = module.toBinary({});
    module.destroy();
    lines.push(`/** The WebAssembly module "${name}" (${what}), ${buffer.length} bytes, base64. */`);
    lines.push(`export const ${constant} = "${Buffer.from(buffer).toString("base64")}";`);
  }
  return [...lines, ""].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const text = await assemble();
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
