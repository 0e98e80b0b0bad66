/**
 * Every `expression; // value` line of the README's, the guides' (docs/*.md) and the TSDoc `@example`
 * blocks is run against the library and must give that value exactly, so the
 * documentation cannot drift from the code. Other lines (set-up, calls whose
 * comment is prose) are run too, in order, and must not throw. Every block is
 * also type-checked, as a user's file importing "logits" would be, with the
 * project's strict settings.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as lib from "../src/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));

interface Example {
  where: string;
  code: string[];
}

/** The ```ts blocks of a TSDoc comment or markdown file, with the comment's " * " prefixes removed. */
function blocks(where: string, text: string): Example[] {
  const found: Example[] = [];
  const lines = text.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  let current: string[] | undefined;
  lines.forEach((line, i) => {
    if (current === undefined && line.trim() === "```ts") current = [];
    else if (current !== undefined && line.trim() === "```") {
      found.push({ where: `${where}:${i + 1 - current.length}`, code: current });
      current = undefined;
    } else current?.push(line);
  });
  return found;
}

const VALUE = /^\/\/\s*(-?Infinity|NaN|-?\d[\d.e+-]*|Float64Array \[[^\]]*\])(?:\s|$)/;

function parseValue(text: string): number | number[] {
  if (text.startsWith("Float64Array")) {
    const inner = text.slice(text.indexOf("[") + 1, text.lastIndexOf("]")).trim();
    return inner === "" ? [] : inner.split(",").map((v) => Number(v.trim()));
  }
  return Number(text);
}

const CHECK = "__check";

/** Turns an example into a function body: `expr; // value` lines become checks. */
function compile(example: Example): { body: string; checks: number } {
  let checks = 0;
  const body = example.code
    .filter((line) => !/^\s*import\s/.test(line))
    .map((line) => {
      const at = line.indexOf("; //");
      const value = at < 0 ? null : VALUE.exec(line.slice(at + 2));
      // Declarations are set-up, whatever their comment says; only expressions are checked.
      if (value === null || at < 0 || /^\s*(?:const|let|var)\s/.test(line)) return line;
      checks++;
      return `${CHECK}(${line.slice(0, at)}, ${JSON.stringify(value[1])}, ${JSON.stringify(line.trim())});`;
    })
    .join("\n");
  return { body, checks };
}

function check(actual: unknown, expectedText: string, line: string): void {
  const expected = parseValue(expectedText);
  if (Array.isArray(expected)) {
    expect(actual, line).toBeInstanceOf(Float64Array);
    expect(Array.from(actual as Float64Array), line).toEqual(expected);
  } else {
    expect(Object.is(actual, expected), `${line} gave ${String(actual)}`).toBe(true);
  }
}

const sources = [
  { where: "README.md", text: readFileSync(`${root}README.md`, "utf8") },
  ...readdirSync(`${root}docs`)
    .filter((f) => f.endsWith(".md"))
    .map((f) => ({ where: `docs/${f}`, text: readFileSync(`${root}docs/${f}`, "utf8") })),
  ...readdirSync(`${root}src`)
    .filter((f) => f.endsWith(".ts"))
    .map((f) => ({ where: `src/${f}`, text: readFileSync(`${root}src/${f}`, "utf8") })),
];
const examples = sources.flatMap((s) => blocks(s.where, s.text));

describe("documentation examples", () => {
  it("finds the examples of every export", () => {
    for (const name of ["sigmoid", "logit", "logSigmoid", "softplus"]) {
      expect(examples.filter((e) => e.where.startsWith(`src/${name}.ts:`)).length).toBeGreaterThanOrEqual(3);
    }
  });

  it("type-checks every example as a strict TypeScript module importing the package", () => {
    const dir = mkdtempSync(join(tmpdir(), "logits-examples-"));
    const index = JSON.stringify(`${root}src/index.js`);
    const names = Object.keys(lib).join(", ");
    try {
      const files = examples.map((example, i) => {
        const code = example.code.join("\n").replaceAll('from "logits"', `from ${index}`);
        // A block without its own import uses the names the README's earlier block imported.
        const head = /^\s*import\s/m.test(code) ? "" : `import { ${names} } from ${index};\n`;
        const file = join(dir, `example${i}.ts`);
        writeFileSync(file, `${head}${code}\nexport {};\n`);
        return file;
      });
      const program = ts.createProgram(files, {
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
        types: [],
        noEmit: true,
        skipLibCheck: true,
      });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => {
        const at = d.file === undefined ? -1 : files.indexOf(d.file.fileName);
        const where = at < 0 ? (d.file?.fileName ?? "?") : examples[at]!.where;
        return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
      });
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const example of examples) {
    const { body, checks } = compile(example);
    it(`${example.where}: runs, and its ${checks} stated values are exact`, () => {
      const names = Object.keys(lib);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const run = new Function("lib", CHECK, `const { ${names.join(", ")} } = lib;\n${body}`) as (
        l: typeof lib,
        c: typeof check,
      ) => void;
      run(lib, check);
    });
  }
});
