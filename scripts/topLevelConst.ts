/**
 * Gives the built bundles (dist/index.js, dist/index.cjs) back the `const`
 * of their top-level bindings. esbuild, under tsup, declares every
 * top-level binding of a bundle with `var` (dist/index.js had 104 top-level
 * `var` statements and no `const`, from sources that declare nearly all of
 * theirs `const`). V8 folds a module-level `const` number into the code
 * that reads it, but loads a `var` from the module's context at every use:
 * our JavaScript code, which reads such constants (exp's and log's
 * coefficients, the bounds, the scratch arrays), ran slower from the bundle
 * than from the sources. Rewritten, in two A/B runs on the built package
 * (2026-12-07): a scalar call of sigmoid, softplus or logit takes 0.69–0.97×
 * the time, a call of softmax or logSumExp on 3 logits 0.83–0.96×; calls
 * that the WebAssembly kernels do (softmax on 100000 × 10, logSoftmax on
 * 1000 × 1000) are even. What Node and bundlers that keep a `const` (rollup
 * does) load gains; an application bundled by esbuild gets `var` again.
 *
 * A `var` statement becomes `const` where each of its bindings has an
 * initializer and is assigned nowhere in the file (by name, whatever the
 * scope: a local of the same name that is assigned keeps the top-level one
 * a `var`, which is only ever the slower choice). What a `var` allowed and
 * a `const` does not, a read before the declaration while the module is
 * evaluated, throws on import: the script imports both files after writing
 * them, and checks that each export gives the sources' bits.
 *
 *   tsup && tsx scripts/topLevelConst.ts      (npm run build)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** The names that some assignment, update or for-in/of head of `file` writes. */
function assignedNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  // The bindings a target writes: an identifier, or those of a destructuring
  // pattern (with defaults); a property or element access writes a property.
  const addTarget = (target: ts.Node): void => {
    if (ts.isIdentifier(target)) names.add(target.text);
    else if (ts.isParenthesizedExpression(target) || ts.isSpreadElement(target) || ts.isSpreadAssignment(target)) addTarget(target.expression);
    else if (ts.isArrayLiteralExpression(target)) target.elements.forEach(addTarget);
    else if (ts.isObjectLiteralExpression(target)) target.properties.forEach(addTarget);
    else if (ts.isShorthandPropertyAssignment(target)) names.add(target.name.text);
    else if (ts.isPropertyAssignment(target)) addTarget(target.initializer);
    else if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.EqualsToken) addTarget(target.left);
  };
  const visit = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      addTarget(node.left);
    } else if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)
    ) {
      addTarget(node.operand);
    } else if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && !ts.isVariableDeclarationList(node.initializer)) {
      addTarget(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

/** `code` with each top-level `var` statement that can be a `const` made one, and how many were. */
export function topLevelConst(code: string): { code: string; changed: number } {
  const file = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const assigned = assignedNames(file);
  const starts: number[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const list = statement.declarationList;
    if ((list.flags & ts.NodeFlags.BlockScoped) !== 0) continue;
    const constant = list.declarations.every((d) => ts.isIdentifier(d.name) && d.initializer !== undefined && !assigned.has(d.name.text));
    if (constant) starts.push(list.getStart(file));
  }
  let out = code;
  // From the end, so that the earlier positions stay valid.
  for (const at of starts.reverse()) {
    if (out.slice(at, at + 3) !== "var") throw new Error(`topLevelConst: no "var" at ${at}`);
    out = `${out.slice(0, at)}const${out.slice(at + 3)}`;
  }
  return { code: out, changed: starts.length };
}

/** A call of each export on inputs long enough for the kernels (12 logits, rows of 3 and 4), its results as one list. */
function calls(api: Record<string, unknown>): number[] {
  const f = (name: string) => {
    const fn = api[name];
    if (typeof fn !== "function") throw new Error(`topLevelConst: the bundle does not export ${name}`);
    return fn as (...args: unknown[]) => unknown;
  };
  const logits = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i * 1.7) * 9);
  const probabilities = logits.map((v) => 1 / (1 + Math.exp(-v)));
  const grad = new Float64Array(12);
  const lists: unknown[] = [
    f("sigmoid")(logits),
    f("logit")(probabilities),
    f("softplus")(logits),
    f("logSigmoid")(logits),
    f("softmax")(logits, { shape: [4, 3] }),
    f("logSoftmax")(logits, { shape: [3, 4] }),
    f("logSumExp")(logits, { shape: [4, 3] }),
    [f("sparseSoftmaxCrossEntropyWithLogits")({ logits, shape: [4, 3], labels: [0, 2, 1, 1], reduction: "sum", grad }), ...grad],
    f("softmaxCrossEntropyWithLogits")({ logits, shape: [3, 4], labels: probabilities, labelSmoothing: 0.1 }),
    f("sigmoidCrossEntropyWithLogits")({ logits, labels: probabilities, reduction: "mean" }),
  ];
  return lists.flatMap((list) => (typeof list === "number" ? [list] : [...(list as Iterable<number>)]));
}

/**
 * Rewrites both bundles, then imports them: a read of a binding before its
 * declaration during evaluation throws there, and each export must give
 * the sources' bits.
 */
async function main(): Promise<void> {
  const esm = fileURLToPath(new URL("../dist/index.js", import.meta.url));
  const cjs = fileURLToPath(new URL("../dist/index.cjs", import.meta.url));
  for (const path of [esm, cjs]) {
    const { code, changed } = topLevelConst(readFileSync(path, "utf8"));
    writeFileSync(path, code);
    console.log(`${path}: ${changed} top-level var statements made const`);
  }
  const expected = calls(await import("../src/index.js"));
  const bundles: [string, Record<string, unknown>][] = [
    ["dist/index.js", await import(pathToFileURL(esm).href)],
    ["dist/index.cjs", createRequire(import.meta.url)(cjs)],
  ];
  for (const [name, api] of bundles) {
    const got = calls(api);
    const at = got.findIndex((v, i) => !Object.is(v, expected[i]));
    if (got.length !== expected.length || at >= 0) throw new Error(`topLevelConst: ${name} differs from the sources at result ${at}: ${got[at]} for ${expected[at]}`);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await main();
