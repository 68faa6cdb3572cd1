const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e] ?? m;
  });
}

/** The rows of the last result set of `mysql --xml` output; NULL is `xsi:nil`, every other value text. */
export function parseMysqlXml(xml: string): Record<string, string | null>[] {
  const sets = xml.split('<resultset ');
  const last = sets.length > 1 ? sets[sets.length - 1]! : '';
  const rows: Record<string, string | null>[] = [];
  for (const row of last.matchAll(/<row>([\s\S]*?)<\/row>/g)) {
    const record: Record<string, string | null> = {};
    for (const f of row[1]!.matchAll(/<field name="([^"]*)"(?: xsi:nil="true" \/>|>([\s\S]*?)<\/field>)/g)) {
      record[decode(f[1]!)] = f[2] === undefined ? null : decode(f[2]);
    }
    rows.push(record);
  }
  return rows;
}
