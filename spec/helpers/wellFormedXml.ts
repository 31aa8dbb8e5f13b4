// A small well-formedness check for the XML the package writes (the demo's SVG): enough to catch
// an unclosed or misnested tag, a bad attribute, a stray `<` or `&` — without an XML dependency.
// Not a validating parser: no DTDs, CDATA or processing instructions beyond an XML declaration.

const NAME = '[A-Za-z_][\\w.:-]*';
const TAG = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"<]*")*)\\s*(/?)>$`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*"([^"<]*)"`, 'g');
const ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;

/** The problems found, empty when `xml` is well formed. Also returns the root element's name. */
export function xmlProblems(xml: string): { problems: string[]; root?: string } {
  const problems: string[] = [];
  const stack: string[] = [];
  let root: string | undefined;
  const body = xml.replace(/^\s*<\?xml[^?]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  for (const [token] of body.matchAll(/<[^>]*>|[^<]+|</g)) {
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim() !== '')
        problems.push(`text outside the root: ${token.trim().slice(0, 40)}`);
      if (ENTITY.test(token)) problems.push(`bare & in text: ${token.slice(0, 40)}`);
      continue;
    }
    const match = TAG.exec(token);
    if (!match) {
      problems.push(`malformed tag: ${token.slice(0, 60)}`);
      continue;
    }
    const [, closing, name, attributes = '', selfClosing] = match;
    const seen = new Set<string>();
    for (const [, attribute, value = ''] of attributes.matchAll(ATTRIBUTE)) {
      if (seen.has(attribute!)) problems.push(`duplicate attribute ${attribute} on <${name}>`);
      seen.add(attribute!);
      if (ENTITY.test(value)) problems.push(`bare & in attribute ${attribute} of <${name}>`);
    }
    if (closing) {
      if (selfClosing || attributes.trim() !== '') problems.push(`malformed closing tag: ${token}`);
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open ?? 'nothing'}>`);
      continue;
    }
    if (stack.length === 0) {
      if (root !== undefined) problems.push(`second root element <${name}>`);
      root = name;
    }
    if (!selfClosing) stack.push(name!);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.map((n) => `<${n}>`).join(' ')}`);
  if (root === undefined) problems.push('no root element');
  return { problems, root };
}
