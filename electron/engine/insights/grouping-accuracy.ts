/**
 * Grouping accuracy (GA) as defined by Zhu et al., "Tools and Benchmarks for Automated Log Parsing"
 * (ICSE-SEIP 2019): a message is parsed correctly when the group it was put in holds exactly the
 * messages of its true group; GA is the share of such messages.
 */
export function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number {
  if (predicted.length !== truth.length)
    throw new Error('groupingAccuracy: one label per message on both sides');
  if (predicted.length === 0) return 1;
  const members = (labels: readonly string[]) => {
    const out = new Map<string, number[]>();
    labels.forEach((l, i) => {
      const list = out.get(l);
      if (list) list.push(i);
      else out.set(l, [i]);
    });
    return out;
  };
  const byPredicted = members(predicted);
  let correct = 0;
  for (const [, indices] of members(truth)) {
    // The true group is found when its first message's predicted group holds exactly its messages.
    const group = byPredicted.get(predicted[indices[0]!]!)!;
    if (group.length === indices.length && indices.every((i) => predicted[i] === predicted[indices[0]!]))
      correct += indices.length;
  }
  return correct / predicted.length;
}
