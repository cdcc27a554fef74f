/**
 * A small, strict XML 1.0 well-formedness parser for testing junit.xml without a dependency:
 * one root, matched tags, quoted unique attributes, only the five predefined entities and
 * character references, no raw `<` or `&` in text or attributes, no characters XML forbids.
 * It throws on the first problem, with the offset.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** decoded text directly inside this element */
  text: string;
}

const NAME = /[A-Za-z_:][A-Za-z0-9_.:-]*/y;
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

function decode(raw: string, at: number): string {
  if (raw.includes("<")) throw new Error(`raw '<' in character data near offset ${at}`);
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) throw new Error(`unterminated entity near offset ${at}: ${whole}`);
    if (ref in PREDEFINED) return PREDEFINED[ref];
    const num = /^#x([0-9A-Fa-f]+)$/.exec(ref) ?? /^#([0-9]+)$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; near offset ${at}`);
    const ch = String.fromCodePoint(parseInt(num[1], ref[1] === "x" ? 16 : 10));
    if (FORBIDDEN_CHAR.test(ch)) throw new Error(`character reference to a forbidden character near offset ${at}`);
    return ch;
  });
}

export function parseXml(xml: string): XmlElement {
  const bad = FORBIDDEN_CHAR.exec(xml);
  if (bad) throw new Error(`forbidden character U+${bad[0].charCodeAt(0).toString(16)} at offset ${bad.index}`);
  let i = 0;
  if (xml.startsWith("<?xml")) i = xml.indexOf("?>") + 2;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(xml);
    if (!m) throw new Error(`expected a name at offset ${i}`);
    i += m[0].length;
    return m[0];
  };
  const skipSpace = () => {
    while (/\s/.test(xml[i] ?? "")) i++;
  };

  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt === -1 ? xml.length : lt);
    if (text.includes("]]>")) throw new Error(`"]]>" in text near offset ${i}`);
    if (stack.length > 0) stack[stack.length - 1].text += decode(text, i);
    else if (text.trim() !== "") throw new Error(`text outside the root element at offset ${i}`);
    if (lt === -1) break;
    i = lt + 1;
    if (xml[i] === "/") {
      i++;
      const closing = name();
      skipSpace();
      if (xml[i] !== ">") throw new Error(`expected '>' at offset ${i}`);
      i++;
      const open = stack.pop();
      if (open?.name !== closing) throw new Error(`</${closing}> closes <${open?.name}> at offset ${i}`);
      continue;
    }
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const before = i;
      skipSpace();
      if (xml.startsWith("/>", i) || xml[i] === ">") break;
      if (i === before) throw new Error(`expected whitespace before an attribute at offset ${i}`);
      const attr = name();
      if (attr in el.attrs) throw new Error(`duplicate attribute ${attr} at offset ${i}`);
      if (xml[i] !== "=" || (xml[i + 1] !== '"' && xml[i + 1] !== "'")) throw new Error(`attribute ${attr} is not quoted at offset ${i}`);
      const quote = xml[i + 1];
      const end = xml.indexOf(quote, i + 2);
      if (end === -1) throw new Error(`unterminated attribute ${attr}`);
      el.attrs[attr] = decode(xml.slice(i + 2, end), i);
      i = end + 1;
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error(`second root element <${el.name}> at offset ${i}`);
    else root = el;
    if (xml.startsWith("/>", i)) i += 2;
    else {
      i++;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element named `name` in document order. */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out = el.name === name ? [el] : [];
  for (const c of el.children) out.push(...findAll(c, name));
  return out;
}
