import { readPythonClientFile } from '../../test/mlflow-recordings';
import { pythonJson } from './python-json';

describe(pythonJson.name, () => {
  it("writes the Python client's mlflow.log-model.history byte for byte", () => {
    const run = JSON.parse(readPythonClientFile('run-tags.json')) as {
      response: { body: { run: { data: { tags: { key: string; value: string }[] } } } };
    };
    const tag = run.response.body.run.data.tags.find((t) => t.key === 'mlflow.log-model.history');
    expect(tag).toBeDefined();
    expect(pythonJson(JSON.parse(tag!.value))).toBe(tag!.value);
  });

  it('escapes non-ASCII as json.dumps does', () => {
    expect(pythonJson({ name: 'Länge (mm)', ok: true, n: [1, null] })).toBe(
      '{"name": "L\\u00e4nge (mm)", "ok": true, "n": [1, null]}',
    );
  });
});
