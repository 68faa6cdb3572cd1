import { describe, expect, it } from 'vitest';
import { renderUntrustedMarkdown } from './markdown.ts';

describe('renderUntrustedMarkdown (LLM output is untrusted)', () => {
  it('renders ordinary Markdown: emphasis, lists, code, tables', () => {
    const html = renderUntrustedMarkdown(
      '## Cause\n\n**Azure** rate-limits `gpt-4o`:\n\n- retry\n- add a fallback\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    expect(html).toContain('<h4>Cause</h4>'); // below the page's own h2 sections
    expect(html).toContain('<strong>Azure</strong>');
    expect(html).toContain('<code>gpt-4o</code>');
    expect(html).toContain('<li>add a fallback</li>');
    expect(html).toContain('<td>1</td>');
  });

  it('shows raw HTML as text, inline and as a block', () => {
    const html = renderUntrustedMarkdown(
      'a <script>alert(1)</script> b\n\n<div onclick="x()">block</div>\n\n<img src=x onerror=alert(1)>',
    );
    expect(html).not.toMatch(/<(script|div|img)\b/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;div onclick=&quot;x()&quot;&gt;block&lt;/div&gt;');
  });

  it('never loads an image and keeps only http(s) and mailto links', () => {
    const html = renderUntrustedMarkdown(
      '![pixel](http://tracker.example/p.png) [docs](https://docs.litellm.ai/x?a=1&b="2") [x](javascript:alert(1)) [y](data:text/html,hi) [m](mailto:oncall@example.com)\n\n[r][ref]\n\n[ref]: javascript:alert(2)',
    );
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('[image: pixel]');
    expect(html).toContain(
      '<a href="https://docs.litellm.ai/x?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">docs</a>',
    );
    expect(html).toContain('<a href="mailto:oncall@example.com"');
    expect(html).not.toMatch(/javascript:|data:text/i);
  });

  it('escapes code blocks', () => {
    expect(renderUntrustedMarkdown('```\n<b>x</b>\n```')).toContain(
      '<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>',
    );
  });
});
