#!/usr/bin/env node
/**
 * Removes the dev-only packages from node_modules, as `npm prune --omit=dev` would, without npm or a
 * registry: package-lock.json (lockfile v2/v3) flags every package needed only for development with
 * `"dev": true`. Packages flagged `devOptional` (dev, or an optional peer of a production package)
 * stay, as with npm. Run in the image build after compiling; prints what it freed.
 *
 * Usage: node scripts/docker/prune-dev-dependencies.mjs [--list] [--keep NAME ...] [project-dir]
 *   --list        print the dev-only package paths (one a line, e.g. for `tar --exclude-from`), remove nothing
 *   --keep NAME   leave this package (or scope, `@types`) out of the list: what the compile step needs
 */
import { existsSync, lstatSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { list: { type: "boolean" }, keep: { type: "string", multiple: true } },
});
const root = positionals[0] ?? ".";
const keep = values.keep ?? [];
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
if (!lock.packages) {
  console.error("package-lock.json has no `packages` (lockfile v1): nothing pruned");
  process.exit(0);
}

/** "node_modules/a/node_modules/@s/b" -> "@s/b" */
const nameOf = (path) => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
const kept = (path) => keep.some((k) => nameOf(path) === k || nameOf(path).startsWith(`${k}/`));
const devOnly = Object.entries(lock.packages)
  .filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev === true && !kept(path))
  .map(([path]) => path);

if (values.list) {
  console.log(devOnly.join("\n"));
  process.exit(0);
}

function sizeOf(path) {
  const s = lstatSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

let removed = 0;
let bytes = 0;
for (const path of devOnly) {
  const full = join(root, path);
  if (!existsSync(full)) continue;
  bytes += sizeOf(full);
  rmSync(full, { recursive: true, force: true });
  removed++;
}
// executables of removed packages would be dangling links
const bin = join(root, "node_modules", ".bin");
if (existsSync(bin)) {
  for (const name of readdirSync(bin)) {
    try {
      statSync(join(bin, name));
    } catch {
      rmSync(join(bin, name), { force: true });
    }
  }
}
console.log(`pruned ${removed} dev-only packages (${(bytes / 1e6).toFixed(1)} MB)`);
