/**
 * Matches a method and path to an operation of the served specs. Compiled once; a request tries only
 * the operations whose path starts with the same first segment (its API), not every operation.
 */
import type { OperationSpec } from "./operations.ts";

export interface Route {
  op: OperationSpec;
  params: Record<string, string>;
}

interface Compiled {
  op: OperationSpec;
  regex: RegExp;
  names: string[];
  /** the path's first segment, e.g. "/quality-on-demand"; undefined when it is a template */
  first: string | undefined;
}

/** "/quality-on-demand/v1/sessions" -> "/quality-on-demand" (the whole path when it has one segment). */
function firstSegment(path: string): string {
  const end = path.indexOf("/", 1);
  return end < 0 ? path : path.slice(0, end);
}

/** A malformed percent-encoding is kept as sent: validation then rejects it (400), never a crash. */
function safeDecode(value: string): string {
  if (!value.includes("%")) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export class Router {
  /** method -> first path segment ("/quality-on-demand") -> candidates, literal paths first */
  private readonly byMethod = new Map<string, Map<string, Compiled[]>>();
  /** method -> the operations whose first segment is a template (they match any first segment) */
  private readonly anyFirst = new Map<string, Compiled[]>();
  private readonly paths: { regex: RegExp; methods: Set<string> }[] = [];

  constructor(operations: OperationSpec[]) {
    const byPattern = new Map<string, { regex: RegExp; methods: Set<string> }>();
    const compiled: Compiled[] = [];
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
      const full = op.basePath + op.path;
      const first = firstSegment(full);
      compiled.push({ op, regex, names, first: first.includes("{") ? undefined : first });
      const entry = byPattern.get(pattern) ?? { regex, methods: new Set<string>() };
      entry.methods.add(op.method);
      byPattern.set(pattern, entry);
    }
    // literal paths before templated ones, so /sessions/retrieve would win over /sessions/{id}
    const literalFirst = (a: Compiled, b: Compiled) => a.names.length - b.names.length;
    for (const c of compiled) {
      if (c.first !== undefined) continue;
      const list = this.anyFirst.get(c.op.method) ?? [];
      list.push(c);
      this.anyFirst.set(c.op.method, list.sort(literalFirst));
    }
    for (const c of compiled) {
      if (c.first === undefined) continue;
      const keyed = this.byMethod.get(c.op.method) ?? new Map<string, Compiled[]>();
      const list = keyed.get(c.first) ?? [...(this.anyFirst.get(c.op.method) ?? [])];
      list.push(c);
      keyed.set(c.first, list.sort(literalFirst));
      this.byMethod.set(c.op.method, keyed);
    }
    this.paths.push(...byPattern.values());
  }

  match(method: string, path: string): Route | undefined {
    const candidates = this.byMethod.get(method)?.get(firstSegment(path)) ?? this.anyFirst.get(method);
    if (!candidates) return undefined;
    for (const c of candidates) {
      const m = c.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      for (let i = 0; i < c.names.length; i++) params[c.names[i]] = safeDecode(m[i + 1]);
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
