import { Lexer, type Token, type Tokens } from 'marked';

const SAFE_LINK = /^(https?:|mailto:)/i;

/** What a token becomes in the Markdown file, or null to keep it as written. */
function replacement(token: Token): string | null {
  switch (token.type) {
    case 'html':
      // Shown as text, as the HTML report shows it: no tag, no event handler, no autolink.
      return token.raw.replace(/</g, '&lt;');
    case 'image':
      // A remote image is a request made by whoever opens the file (a tracker); its alt text stays.
      return `(image: ${(token as Tokens.Image).text || 'no description'})`;
    case 'link': {
      const link = token as Tokens.Link;
      return SAFE_LINK.test(link.href.trim()) ? null : link.text.replace(/</g, '&lt;');
    }
    case 'def':
      return SAFE_LINK.test((token as Tokens.Def).href.trim()) ? null : '';
    default:
      return null;
  }
}

function unsafePieces(markdown: string): Map<string, string> {
  const pieces = new Map<string, string>();
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      const to = replacement(token);
      if (to !== null) pieces.set(token.raw, to);
      else if ('tokens' in token && token.tokens) visit(token.tokens);
      if (token.type === 'list') for (const item of (token as Tokens.List).items) visit(item.tokens);
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const cell of [...table.header, ...table.rows.flat()]) visit(cell.tokens);
      }
    }
  };
  visit(new Lexer({ gfm: true }).lex(markdown));
  return pieces;
}

/**
 * Markdown from an LLM (untrusted: it repeats whatever the error messages said) made safe to open in
 * any viewer: raw HTML shown as text, images as their alt text, links only to http(s)/mailto. The
 * pieces are found by a CommonMark/GFM lexer, so what a renderer would act on is what gets changed;
 * code spans and blocks stay as written.
 */
export function neutraliseMarkdown(markdown: string): string {
  let text = markdown;
  // A replacement can leave text that lexes anew (nested tricks): repeat until nothing is left.
  for (let pass = 0; pass < 5; pass++) {
    const pieces = unsafePieces(text);
    if (pieces.size === 0) return text;
    for (const [raw, to] of [...pieces].sort((a, b) => b[0].length - a[0].length))
      text = text.split(raw).join(to);
  }
  return text.replace(/</g, '&lt;');
}
