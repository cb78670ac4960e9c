import { type ValidationError } from 'class-validator';
import { elementAt } from '../common/element-at';

const MAX_SHOWN = 60;

/** `"Adelie"`, `[1,2]`, … shortened so one problem stays on one line. */
export function showValue(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** The settings a section's class declares (a fresh instance: the target holds the unknown key too). */
function allowedKeys(target: object | undefined): string {
  if (!target) return '';
  const Section = target.constructor as new () => object;
  const keys = Object.keys(Section === Object ? target : new Section());
  return keys.length > 0 ? ` (allowed: ${keys.join(', ')})` : ' (this section takes no settings)';
}

/**
 * class-validator's nested errors as `path: reason (got value)` lines, e.g.
 * `split.testSize: must be a positive number (got -1)` or `model.paramz: unknown setting (allowed: …)`.
 */
export function describeValidationErrors(
  errors: readonly ValidationError[],
  prefix = '',
): string[] {
  return errors.flatMap((error) => {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const constraints = error.constraints ?? {};
    const own: string[] = [];
    if (constraints['whitelistValidation']) {
      own.push(`${path}: unknown setting${allowedKeys(error.target)}`);
    } else if (Object.keys(constraints).length > 0) {
      const message = constraints['isDefined'] ?? Object.values(constraints).at(-1) ?? 'is invalid';
      const reason = message.startsWith(`${error.property} `)
        ? message.slice(error.property.length + 1)
        : message;
      const got = error.value === undefined ? '' : ` (got ${showValue(error.value)})`;
      own.push(`${path}: ${reason}${got}`);
    }
    return [...own, ...describeValidationErrors(error.children ?? [], path)];
  });
}

/** Edit distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  const cell = (j: number) => elementAt(row, j, 'Edit distance row');
  for (let i = 1; i <= a.length; i++) {
    let previous = cell(0);
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = cell(j);
      row[j] = Math.min(current + 1, cell(j - 1) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return cell(b.length);
}

/** `unknown column "Specie" (did you mean "Species"? columns: Species, Island, …)`. */
export function unknownColumn(name: string, columns: readonly string[]): string {
  const lower = name.toLowerCase();
  const closest = [...columns]
    .map((column) => ({ column, d: distance(lower, column.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)[0];
  const hint =
    closest && closest.d <= Math.max(2, Math.floor(name.length / 3))
      ? `did you mean "${closest.column}"? `
      : '';
  return `unknown column "${name}" (${hint}columns: ${columns.join(', ')})`;
}
