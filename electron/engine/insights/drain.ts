import { templateText, tokenize, WILDCARD } from './mask.ts';

/**
 * Drain (He et al., ICWS 2017): online log template mining with a fixed-depth prefix tree. Messages
 * are routed by token count, then by their first tokens; in the leaf, the most similar cluster takes
 * the message when enough positions agree, and positions that differ become `<*>`.
 * Input tokens are already masked (mask.ts), so ids and numbers rarely split a template.
 */
export interface DrainOptions {
  /** Tree depth counting the length level: depth 4 routes on the first 2 tokens. */
  depth?: number;
  /** Share of positions that must agree for a message to join a cluster. */
  similarity?: number;
  /** Children per node before further distinct tokens share the `<*>` child. */
  maxChildren?: number;
}

export interface DrainCluster {
  readonly id: number;
  tokens: string[];
  size: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: DrainCluster[];
}

const node = (): TreeNode => ({ children: new Map(), clusters: [] });
const hasDigit = /\d/;

/** Masked text already seen → its cluster, so a repeated message skips the tree (most of them). */
export const SEEN_LIMIT = 200_000;

export class Drain {
  readonly clusters: DrainCluster[] = [];
  private readonly root = new Map<number, TreeNode>();
  private readonly seen = new Map<string, DrainCluster>();
  private readonly depth: number;
  private readonly similarity: number;
  private readonly maxChildren: number;

  constructor(options: DrainOptions = {}) {
    this.depth = Math.max(3, options.depth ?? 4);
    this.similarity = options.similarity ?? 0.5;
    this.maxChildren = options.maxChildren ?? 100;
  }

  /**
   * Adds one masked message (mask.ts), or `count` identical ones in a row, and returns the cluster it
   * joined. Repeats of a text already seen only grow its cluster, so `count` at once equals `count` calls.
   */
  add(masked: string, count = 1): DrainCluster {
    const known = this.seen.get(masked);
    if (known) {
      known.size += count;
      return known;
    }
    const tokens = tokenize(masked);
    const leaf = this.leafFor(tokens);
    let cluster = this.bestMatch(leaf.clusters, tokens);
    if (cluster) {
      cluster.tokens = merge(cluster.tokens, tokens);
      cluster.size += count;
    } else {
      cluster = { id: this.clusters.length, tokens: [...tokens], size: count };
      this.clusters.push(cluster);
      leaf.clusters.push(cluster);
    }
    if (this.seen.size >= SEEN_LIMIT) this.seen.clear();
    this.seen.set(masked, cluster);
    return cluster;
  }

  private leafFor(tokens: readonly string[]): TreeNode {
    let current = this.root.get(tokens.length);
    if (!current) {
      current = node();
      this.root.set(tokens.length, current);
    }
    const levels = Math.min(this.depth - 2, tokens.length);
    for (let i = 0; i < levels; i++) {
      const token = tokens[i]!;
      // Tokens with digits are likely variable: route them together rather than fan the tree out.
      let key = token.includes(WILDCARD) || hasDigit.test(token) ? WILDCARD : token;
      if (!current.children.has(key) && current.children.size >= this.maxChildren) key = WILDCARD;
      let next = current.children.get(key);
      if (!next) {
        next = node();
        current.children.set(key, next);
      }
      current = next;
    }
    return current;
  }

  /** The most similar cluster of the leaf, if similar enough; ties go to the one with more exact matches. */
  private bestMatch(clusters: readonly DrainCluster[], tokens: readonly string[]): DrainCluster | null {
    let best: DrainCluster | null = null;
    let bestSimilarity = -1;
    let bestExact = -1;
    for (const cluster of clusters) {
      let exact = 0;
      let wild = 0;
      const template = cluster.tokens;
      for (let i = 0; i < template.length; i++) {
        const t = template[i]!;
        if (t === tokens[i]) exact++;
        else if (t === WILDCARD || fitsPartial(t, tokens[i]!)) wild++;
      }
      const similarity = (exact + wild) / template.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && exact > bestExact)) {
        best = cluster;
        bestSimilarity = similarity;
        bestExact = exact;
      }
    }
    // An all-wildcard template would swallow everything of its length: demand real agreement too.
    if (!best || bestSimilarity < this.similarity || (bestExact === 0 && tokens.length > 1)) return null;
    return best;
  }
}

/** Characters a kept prefix must end with and a kept suffix start with: keys and quotes, not word pieces. */
const BOUNDARY = /[^\p{L}\p{N}_]/u;

/**
 * Two different tokens as one: their common prefix and suffix kept around `<*>` where those end at a
 * delimiter (`user=root`, `user=guest` → `user=<*>`; `'Throttling.RateQuota',` → `'Throttling.<*>',`),
 * so a key, a provider's code family or a quote stays constant and only the value is masked.
 */
export function mergeToken(a: string, b: string): string {
  if (a === b) return a;
  if (a === WILDCARD || b === WILDCARD) return WILDCARD;
  const star = a.indexOf(WILDCARD);
  // A partial template token keeps its own ends where the new token still fits them.
  if (star >= 0) {
    return fitsPartial(a, b) ? a : WILDCARD;
  }
  let p = 0;
  const max = Math.min(a.length, b.length);
  while (p < max && a[p] === b[p]) p++;
  while (p > 0 && !BOUNDARY.test(a[p - 1]!)) p--;
  let s = 0;
  while (s < max - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  while (s > 0 && !BOUNDARY.test(a[a.length - s]!)) s--;
  if (p === 0 && s === 0) return WILDCARD;
  return `${a.slice(0, p)}${WILDCARD}${a.slice(a.length - s)}`;
}

/** Whether `token` fits a partial template token (`user=<*>`): its constant ends around one `<*>`. */
export function fitsPartial(template: string, token: string): boolean {
  const star = template.indexOf(WILDCARD);
  if (star < 0 || template.indexOf(WILDCARD, star + 1) >= 0) return false;
  const suffix = template.length - star - WILDCARD.length;
  return (
    token.length > star + suffix - 1 &&
    token.startsWith(template.slice(0, star)) &&
    token.endsWith(template.slice(star + WILDCARD.length))
  );
}

function merge(template: readonly string[], tokens: readonly string[]): string[] {
  let changed = false;
  const out = template.slice();
  for (let i = 0; i < out.length; i++) {
    if (out[i] === tokens[i] || out[i] === WILDCARD) continue;
    const merged = mergeToken(out[i]!, tokens[i]!);
    if (merged !== out[i]) {
      out[i] = merged;
      changed = true;
    }
  }
  return changed ? out : (template as string[]);
}

/** Same-length groups larger than this skip the pairwise merge (it is quadratic). */
const MERGE_LIMIT = 2_000;

function agreement(a: readonly string[], b: readonly string[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * The templates to report. Drain's tree keeps apart messages whose variable word sits in a routing
 * position (`Guardrail pii-filter blocked…` / `Guardrail secrets blocked…`): clusters of one length
 * that start alike and agree on most positions are merged, then clusters whose templates read the
 * same once wildcard runs collapse (`Used <*> <*>` = `Used <*>`).
 */
export function finalTemplates(
  clusters: readonly DrainCluster[],
  minAgreement = 0.8,
): { text: string; ids: number[] }[] {
  const byLength = new Map<number, DrainCluster[]>();
  for (const c of clusters) {
    const list = byLength.get(c.tokens.length);
    if (list) list.push(c);
    else byLength.set(c.tokens.length, [c]);
  }
  const byText = new Map<string, number[]>();
  for (const group of byLength.values()) {
    const merged: { tokens: string[]; ids: number[] }[] = [];
    for (const c of [...group].sort((a, b) => b.size - a.size || a.id - b.id)) {
      const into =
        group.length <= MERGE_LIMIT && c.tokens.length > 3
          ? merged.find((m) => m.tokens[0] === c.tokens[0] && agreement(m.tokens, c.tokens) >= minAgreement)
          : undefined;
      if (into) {
        into.tokens = merge(into.tokens, c.tokens);
        into.ids.push(c.id);
      } else merged.push({ tokens: c.tokens, ids: [c.id] });
    }
    for (const m of merged) {
      const text = templateText(m.tokens);
      const ids = byText.get(text);
      if (ids) ids.push(...m.ids);
      else byText.set(text, m.ids);
    }
  }
  return [...byText].map(([text, ids]) => ({ text, ids }));
}
