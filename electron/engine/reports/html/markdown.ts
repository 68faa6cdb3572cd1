import { Marked, type Tokens } from 'marked';
import { esc } from './escape.ts';

const SAFE_LINK = /^(https?:|mailto:)/i;

/**
 * Markdown written by an LLM (untrusted: it repeats whatever the error messages said) as HTML that
 * cannot run or load anything: raw HTML is shown as text, images become their alt text (an image
 * would be a network request), links keep only http(s)/mailto targets, and headings sit below the
 * page's own.
 */
const untrusted = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return 'block' in token && token.block ? `<p>${esc(token.text)}</p>\n` : esc(token.text);
    },
    image({ text, href }: Tokens.Image) {
      return `<span class="md-image">[image: ${esc(text || href)}]</span>`;
    },
    link({ href, tokens }: Tokens.Link) {
      const label = this.parser.parseInline(tokens);
      if (!SAFE_LINK.test(href.trim())) return label;
      return `<a href="${esc(href.trim())}" rel="noopener noreferrer nofollow">${label}</a>`;
    },
    heading({ tokens, depth }: Tokens.Heading) {
      const level = Math.min(6, depth + 2);
      return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
    },
    checkbox({ checked }: Tokens.Checkbox) {
      return checked ? '☑ ' : '☐ ';
    },
  },
});

export function renderUntrustedMarkdown(markdown: string): string {
  return untrusted.parse(markdown, { async: false });
}
