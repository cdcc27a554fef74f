/**
 * Where the project's own files are, whether it runs from a checkout (TypeScript through tsx or
 * vitest) or from the compiled build in dist/ (an installed package). specs/, data/ and generated/
 * sit in the package root in both cases; the code (src/, suites/) sits in dist/ once compiled.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The folder holding this code tree: the package root in a checkout, <root>/dist in the build. */
export const CODE_ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Extension of the running code's modules: "ts" from the sources, "js" from the build. */
export const CODE_EXTENSION: "ts" | "js" = import.meta.url.endsWith(".ts") ? "ts" : "js";

/** The nearest folder at or above `start` that holds a package.json. */
export function packageRootOf(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** The package root (the folder of package.json), with a trailing separator as before. */
export const PROJECT_ROOT = join(packageRootOf(CODE_ROOT), "/");
