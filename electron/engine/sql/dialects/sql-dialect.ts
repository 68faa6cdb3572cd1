import type { Dialect } from '../../../../shared/source-mapping.ts';
import type { SqlParam } from '../../db/database.ts';
import type { SqlDialect } from './dialect-types.ts';
import { MYSQL } from './mysql.ts';
import { POSTGRES } from './postgres.ts';
import { SQLITE } from './sqlite.ts';

export type { SqlDialect } from './dialect-types.ts';

const DIALECTS: Record<Dialect, SqlDialect> = { postgres: POSTGRES, mysql: MYSQL, sqlite: SQLITE };

/** Everything one engine's SQL needs, as data (STYLE: Beekeeper's dialectFor). */
export function sqlDialect(name: Dialect): SqlDialect {
  return DIALECTS[name];
}

/** Placeholders in the order values are bound, written as the dialect writes them. */
export class Params {
  readonly values: SqlParam[] = [];
  private readonly dialect: SqlDialect;
  constructor(dialect: Dialect) {
    this.dialect = sqlDialect(dialect);
  }

  add(value: SqlParam): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }

  /** `IN (…)` over a list, one placeholder per value. */
  list(values: readonly string[]): string {
    return `(${values.map((v) => this.add(v)).join(', ')})`;
  }
}
