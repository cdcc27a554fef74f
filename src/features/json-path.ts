/**
 * The small part of JSONPath the official test definitions use to name properties: `$.a.b`,
 * `$.a[0].b`, `$[0].name`, `$.ports[*]`, and the tolerated slips `a.b` (no `$.`) and `$a.b` (no
 * dot). A name segment applied to an array applies to each element, as `$.devicePorts.ranges.from`
 * means every range's `from`.
 */

export type Segment = { name: string } | { index: number } | { all: true };

/** Segments of a path; throws on something that is not a property path. */
export function parsePath(path: string): Segment[] {
  let p = path.trim();
  if (p === "$") return [];
  if (p.startsWith("$.")) p = p.slice(2);
  else if (p.startsWith("$[")) p = p.slice(1);
  else if (p.startsWith("$")) p = p.slice(1);
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+|\*)\]/g;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(p))) {
    const between = p.slice(consumed, m.index).replace(/\./g, "");
    if (between) throw new Error(`'${path}' is not a property path`);
    if (m[1] !== undefined) out.push({ name: m[1] });
    else if (m[2] === "*") out.push({ all: true });
    else out.push({ index: Number(m[2]) });
    consumed = m.index + m[0].length;
  }
  if (out.length === 0) throw new Error(`'${path}' is not a property path`);
  return out;
}

/** Every value the path reaches (none when a segment is missing). */
export function getAll(root: unknown, path: string): unknown[] {
  let nodes: unknown[] = [root];
  for (const seg of parsePath(path)) {
    const next: unknown[] = [];
    for (const node of nodes) {
      if ("all" in seg) {
        if (Array.isArray(node)) next.push(...node);
      } else if ("index" in seg) {
        if (Array.isArray(node) && seg.index < node.length) next.push(node[seg.index]);
      } else if (Array.isArray(node)) {
        for (const el of node) if (isObject(el) && seg.name in el) next.push(el[seg.name]);
      } else if (isObject(node) && seg.name in node) {
        next.push(node[seg.name]);
      }
    }
    nodes = next;
  }
  return nodes;
}

/** The single value at the path, or undefined when absent. */
export function getValue(root: unknown, path: string): unknown {
  return getAll(root, path)[0];
}

export function hasValue(root: unknown, path: string): boolean {
  return getAll(root, path).length > 0;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Sets the value at the path, creating missing objects on the way; `init(name, path)` may supply a
 * valid starting value for a missing container (so `$.sinkCredential.credentialType` lands in a
 * complete sinkCredential). Returns the new root (the input is not modified).
 */
export function setValue(root: unknown, path: string, value: unknown, init?: (segments: Segment[]) => unknown): unknown {
  const segs = parsePath(path);
  if (segs.length === 0) return structuredClone(value);
  const copy = root === undefined ? {} : structuredClone(root);
  const walk = (node: any, i: number, done: Segment[]): void => {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if ("all" in seg) {
      if (!Array.isArray(node)) return;
      node.forEach((_, k) => (last ? (node[k] = structuredClone(value)) : walk(node[k], i + 1, [...done, seg])));
      return;
    }
    if ("index" in seg) {
      if (!Array.isArray(node)) return;
      if (last) node[seg.index] = structuredClone(value);
      else walk(node[seg.index], i + 1, [...done, seg]);
      return;
    }
    if (Array.isArray(node)) {
      for (const el of node) walk(el, i, done);
      return;
    }
    if (!isObject(node)) return;
    if (last) {
      node[seg.name] = structuredClone(value);
      return;
    }
    if (node[seg.name] === undefined || node[seg.name] === null || typeof node[seg.name] !== "object") {
      const start = init?.([...done, seg]);
      node[seg.name] = start === undefined ? ("index" in segs[i + 1] || "all" in segs[i + 1] ? [] : {}) : structuredClone(start);
    }
    walk(node[seg.name], i + 1, [...done, seg]);
  };
  walk(copy, 0, []);
  return copy;
}

/** Removes the property at the path (each one, through arrays). Returns the new root. */
export function deleteValue(root: unknown, path: string): unknown {
  const segs = parsePath(path);
  if (segs.length === 0 || root === undefined) return root;
  const copy = structuredClone(root);
  const walk = (node: any, i: number): void => {
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (Array.isArray(node) && "name" in seg) {
      for (const el of node) walk(el, i);
      return;
    }
    if ("all" in seg) {
      if (Array.isArray(node)) {
        if (last) node.length = 0;
        else node.forEach((el) => walk(el, i + 1));
      }
      return;
    }
    if ("index" in seg) {
      if (Array.isArray(node) && seg.index < node.length) {
        if (last) node.splice(seg.index, 1);
        else walk(node[seg.index], i + 1);
      }
      return;
    }
    if (!isObject(node)) return;
    if (last) delete node[seg.name];
    else walk(node[seg.name], i + 1);
  };
  walk(copy, 0);
  return copy;
}

/** `name` → `$.name`; keeps paths that already start with `$`. For messages and for lookups. */
export function normalisePath(path: string): string {
  const p = path.trim();
  if (p.startsWith("$.") || p.startsWith("$[") || p === "$") return p;
  if (p.startsWith("$")) return `$.${p.slice(1)}`;
  return `$.${p}`;
}
