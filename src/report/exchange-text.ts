/**
 * Plain-text rendering of one recorded exchange, shared by the JUnit report and anything else that
 * shows evidence as text. Headers and bodies are already redacted by the evidence recorder.
 */
import type { Exchange } from "../results/results.ts";

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
}

export function exchangeText(x: Exchange): string {
  const lines = [`> ${x.request.method} ${x.request.url}`, ...headerLines(x.request.headers).map((h) => `> ${h}`)];
  if (x.request.body) lines.push(">", x.request.body);
  if (x.response) {
    lines.push(`< ${x.response.status}`, ...headerLines(x.response.headers).map((h) => `< ${h}`));
    if (x.response.body) lines.push("<", x.response.body);
  }
  if (x.error) lines.push(`network error: ${x.error}`);
  const arrow = { sent: ">>", received: "<<", closed: "xx" } as const;
  for (const f of x.frames ?? []) lines.push(`${arrow[f.direction]} +${Math.round(f.atMs)} ms ${f.data}`);
  lines.push(`(${x.durationMs} ms)`, `reproduce: ${x.curl}`);
  return lines.join("\n");
}
