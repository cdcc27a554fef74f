import { readFeature } from "../src/features/gherkin.ts";
import { createStepLibrary } from "../src/features/steps/index.ts";
const lib = createStepLibrary();
const unbound = new Map<string, number>();
const ambiguous = new Map<string, string[]>();
for (const f of process.argv.slice(2)) {
  const file = readFeature(f, f.split("/").pop()!);
  for (const s of file.scenarios) for (const st of s.steps) {
    if (!lib.bind(st.text)) unbound.set(st.text, (unbound.get(st.text) ?? 0) + 1);
    const m = lib.matching(st.text); if (m.length > 1) ambiguous.set(st.text, m.map((d) => d.name));
  }
}
for (const [t, n] of unbound) console.log("UNBOUND", n, t);
for (const [t, n] of ambiguous) console.log("AMBIG", t, n.join(","));
