/** The html tag escapes every interpolation unless it is SafeHtml; pretty JSON keeps exact values. */
import { describe, expect, it } from "vitest";
import { escapeHtml, html, trustedHtml } from "../../src/report/html-escape.ts";
import { prettyJson } from "../../src/report/pretty-json.ts";

describe("escapeHtml", () => {
  it.each([
    { input: "<script>alert(1)</script>", want: "&lt;script&gt;alert(1)&lt;/script&gt;" },
    { input: `a & b "c" 'd'`, want: "a &amp; b &quot;c&quot; &#39;d&#39;" },
    { input: "&amp; already", want: "&amp;amp; already" },
    { input: "plain", want: "plain" },
    { input: "esc\u001b[31m nul\u0000 del\u007f tab\tnl\n", want: "esc\\u001B[31m nul\\u0000 del\\u007F tab\tnl\n" },
  ])("$input", ({ input, want }) => {
    expect(escapeHtml(input)).toBe(want);
  });
});

describe("html tag", () => {
  it.each([
    { what: "a string", value: "<b>", want: "<p>&lt;b&gt;</p>" },
    { what: "a number", value: 42, want: "<p>42</p>" },
    { what: "undefined", value: undefined, want: "<p></p>" },
    { what: "false", value: false, want: "<p></p>" },
    { what: "an array of strings", value: ["<a>", "&"], want: "<p>&lt;a&gt;&amp;</p>" },
    { what: "nested html", value: html`<i>${"<x>"}</i>`, want: "<p><i>&lt;x&gt;</i></p>" },
    { what: "trusted markup", value: trustedHtml("<hr>"), want: "<p><hr></p>" },
  ])("interpolates $what", ({ value, want }) => {
    expect(html`<p>${value}</p>`.value).toBe(want);
  });

  it("escapes quotes inside attribute values", () => {
    expect(html`<div data-api="${`x" onclick="alert(1)`}"></div>`.value).toBe(`<div data-api="x&quot; onclick=&quot;alert(1)"></div>`);
  });
});

describe("prettyJson", () => {
  it.each([
    { input: `{"a":1,"b":[1,2]}`, want: `{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}` },
    { input: `{"big":12345678901234567890,"f":1.50}`, want: `{\n  "big": 12345678901234567890,\n  "f": 1.50\n}` },
    { input: `{"s":"a,b:{c}[d] \\" e","e":{},"l":[ ]}`, want: `{\n  "s": "a,b:{c}[d] \\" e",\n  "e": {},\n  "l": []\n}` },
    { input: `  "just a string" `, want: `"just a string"` },
    { input: `<html>not json</html>`, want: undefined },
    { input: `{"truncated":`, want: undefined },
  ])("$input", ({ input, want }) => {
    expect(prettyJson(input)).toBe(want);
  });
});
