const PIECES = /[A-Za-z]+|\d+|\n+|[ \t]+|[^\sA-Za-z\d]/g;

/**
 * Tokens a BPE tokenizer (cl100k/o200k-like) would make of `text`, erring on the high side so a
 * prompt built to a budget stays within it: words ≈ 1 token per 4 letters, digits 1 per 3,
 * every symbol or non-ASCII character 1, spaces folded into the next word, newlines 1 per run.
 */
export function estimateTokens(text: string): number {
  let tokens = 0;
  for (const match of text.matchAll(PIECES)) {
    const piece = match[0];
    const c = piece.charCodeAt(0);
    if (c === 32 || c === 9) continue;
    if (c === 10) tokens += 1;
    else if (c >= 48 && c <= 57) tokens += Math.ceil(piece.length / 3);
    else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) tokens += Math.ceil(piece.length / 4);
    else tokens += 1;
  }
  return tokens;
}
