/**
 * Supply-chain checks, run by `npm run check:package` after the build:
 * - no runtime dependencies of any kind, and no install-time scripts;
 * - `npm pack` ships exactly the whitelisted files (the build, README, LICENSE,
 *   package.json): no sources, tests, maps or stray files;
 * - `npm audit --omit=dev` finds nothing (it asks the registry, as `npm ci` does).
 * Exits 1 with the reasons when a check fails.
 *
 *   npm run build && tsx scripts/supply-chain.ts
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const problems: string[] = [];
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as Record<string, unknown>;

for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies", "bundledDependencies"]) {
  const value = manifest[field];
  if (value !== undefined && Object.keys(value as object).length > 0) problems.push(`package.json has ${field}`);
}
const scripts = (manifest["scripts"] ?? {}) as Record<string, string>;
for (const hook of ["preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare"]) {
  if (hook in scripts) problems.push(`package.json has an install-time script: ${hook}`);
}

const WHITELIST = ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.cjs", "dist/index.d.ts", "dist/index.d.cts"];
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const packed = JSON.parse(execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" })) as {
  files: { path: string }[];
}[];
const files = packed[0]!.files.map((f) => f.path).sort();
for (const file of files) if (!WHITELIST.includes(file)) problems.push(`npm pack would ship ${file}, which is not whitelisted`);
for (const file of WHITELIST) if (!files.includes(file)) problems.push(`npm pack would not ship ${file} (run the build first)`);

try {
  execFileSync(npm, ["audit", "--omit=dev"], { encoding: "utf8", stdio: "pipe" });
} catch (error) {
  problems.push(`npm audit --omit=dev: ${(error as { stdout?: string }).stdout ?? String(error)}`);
}

if (problems.length > 0) {
  console.error(problems.map((p) => `supply chain: ${p}`).join("\n"));
  process.exit(1);
}
console.log(`supply chain: no runtime dependencies, no install scripts; npm pack ships ${files.join(", ")}; npm audit --omit=dev is clean`);
