import { Lexer, type Token, type Tokens } from 'marked';
import { Fragment, useMemo, type ReactNode } from 'react';
import { bridge } from '../bridge/bridge.ts';

/**
 * Markdown from the LLM, drawn as React elements from marked's tokens. It is untrusted text: raw
 * HTML is shown as text, never parsed, and links open through the bridge's safeOpenExternal.
 */
export function Markdown({ text }: { text: string }) {
  const tokens = useMemo(() => Lexer.lex(text, { gfm: true }), [text]);
  return <div className="markdown">{blocks(tokens)}</div>;
}

function blocks(tokens: Token[]): ReactNode[] {
  return tokens.map((t, i) => <Fragment key={i}>{block(t)}</Fragment>);
}

function block(t: Token): ReactNode {
  switch (t.type) {
    case 'heading': {
      const h = t as Tokens.Heading;
      const Tag = `h${Math.min(6, h.depth + 2)}` as 'h3';
      return <Tag>{inline(h.tokens)}</Tag>;
    }
    case 'paragraph':
      return <p>{inline((t as Tokens.Paragraph).tokens)}</p>;
    case 'list': {
      const l = t as Tokens.List;
      const items = l.items.map((item, i) => <li key={i}>{blocksOrInline(item.tokens)}</li>);
      return l.ordered ? (
        <ol start={typeof l.start === 'number' ? l.start : undefined}>{items}</ol>
      ) : (
        <ul>{items}</ul>
      );
    }
    case 'code':
      return (
        <pre className="md-code">
          <code>{(t as Tokens.Code).text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote>{blocks((t as Tokens.Blockquote).tokens)}</blockquote>;
    case 'hr':
      return <hr />;
    case 'table': {
      const table = t as Tokens.Table;
      return (
        <div className="md-table">
          <table>
            <thead>
              <tr>
                {table.header.map((c, i) => (
                  <th key={i}>{inline(c.tokens)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((c, i) => (
                    <td key={i}>{inline(c.tokens)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case 'space':
      return null;
    case 'text': {
      const text = t as Tokens.Text;
      return <p>{text.tokens ? inline(text.tokens) : text.text}</p>;
    }
    default:
      // html, def and anything unknown: shown as the text it is.
      return <p>{t.raw}</p>;
  }
}

/** List items hold either block tokens (loose lists) or bare text tokens. */
function blocksOrInline(tokens: Token[]): ReactNode {
  const isBlock = tokens.some((t) =>
    ['paragraph', 'list', 'code', 'blockquote', 'table', 'heading'].includes(t.type),
  );
  return isBlock ? blocks(tokens) : inline(tokens);
}

function inline(tokens: Token[] | undefined): ReactNode[] {
  return (tokens ?? []).map((t, i) => <Fragment key={i}>{inlineOne(t)}</Fragment>);
}

function inlineOne(t: Token): ReactNode {
  switch (t.type) {
    case 'text':
    case 'escape': {
      const text = t as Tokens.Text;
      return text.tokens ? inline(text.tokens) : text.text;
    }
    case 'strong':
      return <strong>{inline((t as Tokens.Strong).tokens)}</strong>;
    case 'em':
      return <em>{inline((t as Tokens.Em).tokens)}</em>;
    case 'del':
      return <del>{inline((t as Tokens.Del).tokens)}</del>;
    case 'codespan':
      return <code>{(t as Tokens.Codespan).text}</code>;
    case 'br':
      return <br />;
    case 'link': {
      const link = t as Tokens.Link;
      if (!/^https?:\/\//i.test(link.href)) return inline(link.tokens);
      return (
        <a
          href={link.href}
          onClick={(e) => {
            e.preventDefault();
            bridge().openExternal(link.href);
          }}
          rel="noreferrer noopener"
        >
          {inline(link.tokens)}
        </a>
      );
    }
    default:
      return t.raw;
  }
}
