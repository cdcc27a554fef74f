#!/usr/bin/env node
// Entry point of `npx camara-harness`. In a checkout (src/ present, tsx installed) it runs the
// TypeScript sources through tsx, so it is never behind an edit; in the installed package it runs the
// compiled CLI in dist/ (built by `npm run build`, run by `npm pack` / `npm publish` through `prepare`).
import { existsSync } from "node:fs";

const sources = new URL("../src/cli.ts", import.meta.url);
const compiled = new URL("../dist/src/cli.js", import.meta.url);

async function tsxLoader() {
  try {
    return await import("tsx/esm/api");
  } catch {
    return undefined;
  }
}

const tsx = existsSync(sources) ? await tsxLoader() : undefined;
if (tsx) {
  tsx.register();
  await import(sources.href);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error("camara-harness: no compiled CLI in dist/ (run `npm run build`) and no tsx to run the sources");
  process.exitCode = 2;
}
