import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { readFileSync } from 'node:fs';
const files = process.argv.slice(2);
const counts = new Map();
for (const f of files) {
  const parser = new Parser(new AstBuilder(IdGenerator.uuid()), new GherkinClassicTokenMatcher());
  const doc = parser.parse(readFileSync(f, 'utf8'));
  const visit = (steps) => { for (const s of steps) { const k = s.text.replace(/\s+/g,' '); const e = counts.get(k) ?? {n:0, files:new Set()}; e.n++; e.files.add(f.split('/').pop()); counts.set(k,e);} };
  for (const c of doc.feature.children) {
    if (c.background) visit(c.background.steps);
    if (c.scenario) visit(c.scenario.steps);
    if (c.rule) for (const rc of c.rule.children) { if (rc.background) visit(rc.background.steps); if (rc.scenario) visit(rc.scenario.steps); }
  }
}
for (const [k, e] of [...counts].sort()) console.log(String(e.n).padStart(3), k);
console.error(counts.size);
