/**
 * JSON as Python's `json.dumps` writes it by default (", " and ": " separators, non-ASCII as
 * \uXXXX), which is how MLflow's Python client writes `mlflow.log-model.history` and the
 * signature strings of an MLmodel file.
 */
export function pythonJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = Object.entries(value).map(([k, v]) => `${asciiString(k)}: ${pythonJson(v)}`);
    return `{${fields.join(', ')}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NaN';
  return JSON.stringify(value);
}

function asciiString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
