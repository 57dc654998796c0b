const TAGS = new Set(['div', 'span', 'a', 'strong', 'em', 'b', 'i', 'p', 'br', 'h1', 'h2', 'h3', 'ul', 'ol', 'li']);
const ATTRIBUTES = new Set(['class', 'href', 'rel', 'target', 'title']);

const STYLE_ATTRIBUTE = 'data-cd-style';

/** The markup with each tag's `style` attribute renamed to STYLE_ATTRIBUTE (text between tags is left alone). */
export function hideStyles(html: string): string {
  return html.replace(/<[a-zA-Z][^<>]*>/g, (tag) => tag.replace(/(\s)style(\s*=)/gi, `$1${STYLE_ATTRIBUTE}$2`));
}

/**
 * The server's preview `html` as DOM nodes of this document, built element by element: only formatting tags and
 * http(s) links survive, and each `style` attribute is applied through the CSSOM (element.style), which the
 * dashboard's Content-Security-Policy (no inline style attributes) allows, so the preview keeps the platform's look.
 */
export function adoptHtml(html: string, target: Document = document): DocumentFragment {
  // A style attribute met by the parser is an inline style the CSP blocks (and reports as a console error, even in a
  // DOMParser document): each is renamed before parsing and applied through the CSSOM below.
  const parsed = new DOMParser().parseFromString(`<body>${hideStyles(html)}</body>`, 'text/html');
  const fragment = target.createDocumentFragment();
  const copy = (from: Node, to: Node) => {
    for (const child of Array.from(from.childNodes)) {
      if (child.nodeType === Node.TEXT_NODE) {
        to.appendChild(target.createTextNode(child.textContent ?? ''));
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const element = child as Element;
      const tag = element.tagName.toLowerCase();
      if (!TAGS.has(tag)) {
        copy(element, to);
        continue;
      }
      const made = target.createElement(tag);
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.name === 'href' && !/^https?:\/\//i.test(attribute.value)) continue;
        if (ATTRIBUTES.has(attribute.name)) made.setAttribute(attribute.name, attribute.value);
      }
      const style = element.getAttribute(STYLE_ATTRIBUTE);
      if (style) made.style.cssText = style;
      if (tag === 'a') made.setAttribute('rel', 'nofollow noopener noreferrer');
      to.appendChild(made);
      copy(element, made);
    }
  };
  copy(parsed.body, fragment);
  return fragment;
}
