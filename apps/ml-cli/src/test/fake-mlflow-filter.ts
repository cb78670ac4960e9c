// The part of MLflow's search-filter grammar the fake needs: `a = 'x' AND b > 1`, with keys
// such as metrics.acc, tags.`gatehouse.run_key`, run_id. Anything else is rejected with 400,
// so a client sending a filter the fake does not understand fails its tests loudly.

export interface FilterClause {
  /** `metrics`, `params`, `tags`, `attributes`, or '' for a bare field (run_id, name). */
  readonly entity: string;
  readonly key: string;
  readonly op: string;
  readonly value: string | number;
}

const CLAUSE =
  /^(?:(metrics|params|tags|attributes|attribute|attr|metric|param|tag)\.)?(`[^`]+`|[\w.-]+)\s*(>=|<=|!=|=|>|<)\s*('(?:[^']*)'|"(?:[^"]*)"|-?[\d.]+(?:e-?\d+)?)$/i;

/** The clauses of `filter`, or undefined when it is not in the supported subset. */
export function parseFilter(filter: string): FilterClause[] | undefined {
  if (filter.trim() === '') return [];
  const clauses: FilterClause[] = [];
  for (const part of filter.split(/\s+and\s+/i)) {
    const match = CLAUSE.exec(part.trim());
    if (!match) return undefined;
    // Only the entity group is optional in CLAUSE.
    const [, rawEntity = '', rawKey = '', op = '', rawValue = ''] = match;
    const entity = rawEntity.toLowerCase().replace(/^(metric|param|tag)$/, '$1s');
    const key = rawKey.replace(/^`|`$/g, '');
    const quoted = /^['"]/.test(rawValue);
    clauses.push({
      entity: entity.startsWith('attr') ? 'attributes' : entity,
      key,
      op,
      value: quoted ? rawValue.slice(1, -1) : Number(rawValue),
    });
  }
  return clauses;
}

export function compare(
  actual: string | number | undefined,
  op: string,
  expected: string | number,
) {
  if (actual === undefined) return false;
  switch (op) {
    case '=':
      return actual === expected;
    case '!=':
      return actual !== expected;
    case '>':
      return actual > expected;
    case '<':
      return actual < expected;
    case '>=':
      return actual >= expected;
    case '<=':
      return actual <= expected;
    default:
      return false;
  }
}
