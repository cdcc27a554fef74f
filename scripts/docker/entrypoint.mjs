#!/usr/bin/env node
/**
 * Entry point of the container image: the compiled CLI (bin/camara-harness.js -> dist/src/cli.js),
 * `mock` when no command is given. A container is reached from outside it, so `mock` binds every
 * interface (0.0.0.0) unless the arguments name a --host; everything else passes through unchanged
 * (`docker run IMAGE mock --release fall24`, `docker run IMAGE conformance --base-url URL`).
 */
const args = process.argv.slice(2);
if (args.length === 0) args.push("mock");
if (args[0] === "mock" && !args.some((a) => a === "--host" || a.startsWith("--host="))) args.push("--host", "0.0.0.0");
process.argv.splice(2, Infinity, ...args);
await import("./bin/camara-harness.js");
