/** Matches a method and path to an operation of the served specs. Compiled once; O(operations). */
import type { OperationSpec } from "./operations.ts";

export interface Route {
  op: OperationSpec;
  params: Record<string, string>;
}

interface Compiled {
  op: OperationSpec;
  regex: RegExp;
  names: string[];
}

/** A malformed percent-encoding is kept as sent: validation then rejects it (400), never a crash. */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export class Router {
  private readonly byMethod = new Map<string, Compiled[]>();
  private readonly paths: { regex: RegExp; methods: Set<string> }[] = [];

  constructor(operations: OperationSpec[]) {
    const byPattern = new Map<string, { regex: RegExp; methods: Set<string> }>();
    for (const op of operations) {
      const names: string[] = [];
      const pattern = (op.basePath + op.path)
        .split(/(\{[^}]+\})/)
        .map((part) => {
          const m = /^\{(.+)\}$/.exec(part);
          if (m) {
            names.push(m[1]);
            // an empty segment (/calls//recording) still reaches the operation: validation answers 400
            return "([^/]*)";
          }
          return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("");
      const regex = new RegExp(`^${pattern}/?$`);
      const list = this.byMethod.get(op.method) ?? [];
      // literal paths before templated ones, so /sessions/retrieve would win over /sessions/{id}
      list.push({ op, regex, names });
      list.sort((a, b) => a.names.length - b.names.length);
      this.byMethod.set(op.method, list);
      const entry = byPattern.get(pattern) ?? { regex, methods: new Set<string>() };
      entry.methods.add(op.method);
      byPattern.set(pattern, entry);
    }
    this.paths.push(...byPattern.values());
  }

  match(method: string, path: string): Route | undefined {
    for (const c of this.byMethod.get(method) ?? []) {
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = safeDecode(m[i + 1]);
      });
      return { op: c.op, params };
    }
    return undefined;
  }

  /** Methods allowed on a path that exists (for 405), or undefined when no operation has the path. */
  allowedMethods(path: string): string[] | undefined {
    const methods = new Set<string>();
    for (const p of this.paths) if (p.regex.test(path)) p.methods.forEach((m) => methods.add(m));
    return methods.size > 0 ? [...methods] : undefined;
  }
}
