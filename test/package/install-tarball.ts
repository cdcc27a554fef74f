/**
 * Packs the checkout as npm would publish it and installs the tarball into a fresh app project.
 * The install is offline, from the local npm cache; where the cache cannot serve it (a fresh CI
 * machine whose `npm ci` fetched no package metadata), the package is unpacked by hand and its
 * declared runtime dependencies are linked from this project's node_modules. Either way nothing
 * else is reachable: a module the package needs but does not declare fails to resolve.
 */
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../src/core/paths.ts";

const exec = promisify(execFile);

/** The environment of a child npm: without the npm_* variables of an enclosing `npm test`, except the cache. */
export function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const key of Object.keys(env)) {
    if (/^npm_/i.test(key) && !/^npm_config_(cache|userconfig)$/i.test(key)) delete env[key];
  }
  return env;
}

/** `npm pack` of the checkout (its `prepare` script builds dist/ first); returns the tarball's path. */
export async function packProject(destination: string): Promise<string> {
  const { stdout } = await exec("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: PROJECT_ROOT,
    env: npmEnv(),
    maxBuffer: 16 * 1024 * 1024,
  });
  const [info] = JSON.parse(stdout) as { filename: string }[];
  return join(destination, info.filename);
}

export type InstallMode = "npm install --offline" | "linked from node_modules";

function link(target: string, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) symlinkSync(target, path, "dir");
}

async function unpackAndLink(tarball: string, app: string): Promise<void> {
  const modules = join(app, "node_modules");
  mkdirSync(modules, { recursive: true });
  await exec("tar", ["-xzf", tarball, "-C", modules]);
  const installed = join(modules, "camara-harness");
  renameSync(join(modules, "package"), installed);
  const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    bin?: Record<string, string>;
  };
  for (const dep of Object.keys(pkg.dependencies ?? {})) link(join(PROJECT_ROOT, "node_modules", dep), join(modules, dep));
  for (const [name, file] of Object.entries(pkg.bin ?? {})) {
    chmodSync(join(installed, file), 0o755);
    link(join("..", "camara-harness", file), join(modules, ".bin", name));
  }
}

/** A fresh ESM app project in `app` with the tarball installed. */
export async function installTarball(tarball: string, app: string): Promise<InstallMode> {
  writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "app", private: true, type: "module" }, null, 2)}\n`);
  let mode: InstallMode = "npm install --offline";
  try {
    await exec("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball], {
      cwd: app,
      env: npmEnv(),
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const reason = String((error as { stderr?: string }).stderr ?? error).split("\n").find((l) => l.trim()) ?? "unknown";
    console.warn(`NOTE: npm install --offline failed (${reason.trim()}); linking the declared dependencies from node_modules instead`);
    await unpackAndLink(tarball, app);
    rmSync(join(app, "node_modules"), { recursive: true, force: true });
    await unpackAndLink(tarball, app);
    mode = "linked from node_modules";
  }
  // the app's own development dependency, for its type checks
  link(join(PROJECT_ROOT, "node_modules", "@types", "node"), join(app, "node_modules", "@types", "node"));
  return mode;
}
