import { configProblems } from '@gatehouse/env-config';
import { loadAppConfig } from './load-app-config';

const problemsOf = (env: Record<string, string>): string[] =>
  configProblems(() => loadAppConfig(env));

describe(loadAppConfig.name, () => {
  it('defaults to the local file store, ml.config.yaml and info logs', () => {
    const sut = loadAppConfig({});
    expect(sut.MLFLOW_TRACKING_URI).toBeUndefined();
    expect(sut.usesTrackingServer).toBe(false);
    expect(sut.fileStoreDir).toBe('mlruns');
    expect(sut.ML_CONFIG).toBe('ml.config.yaml');
    expect(sut.LOG_LEVEL).toBe('info');
    expect(sut.MLFLOW_TIMEOUT_MS).toBe(10_000);
    expect(sut.MLFLOW_MAX_RETRIES).toBe(3);
  });

  it('recognises a tracking server and file-store URIs', () => {
    expect(loadAppConfig({ MLFLOW_TRACKING_URI: 'http://localhost:5001' }).usesTrackingServer).toBe(
      true,
    );
    expect(loadAppConfig({ MLFLOW_TRACKING_URI: 'file:///tmp/my%20runs' }).fileStoreDir).toBe(
      '/tmp/my runs',
    );
    expect(loadAppConfig({ MLFLOW_TRACKING_URI: 'out/mlruns' }).fileStoreDir).toBe('out/mlruns');
  });

  it('converts numbers and treats empty values as unset', () => {
    const sut = loadAppConfig({ MLFLOW_TIMEOUT_MS: '2500', MLFLOW_MAX_RETRIES: '', ML_CONFIG: '' });
    expect(sut.MLFLOW_TIMEOUT_MS).toBe(2500);
    expect(sut.MLFLOW_MAX_RETRIES).toBe(3);
    expect(sut.ML_CONFIG).toBe('ml.config.yaml');
  });

  it('refuses credentials in MLFLOW_TRACKING_URI without echoing them', () => {
    const problems = problemsOf({ MLFLOW_TRACKING_URI: 'http://admin:hunter2-secret@mlflow:5000' });
    expect(problems).toEqual([
      'MLFLOW_TRACKING_URI: must not hold credentials: set MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (or MLFLOW_TRACKING_TOKEN) instead (got "http://***@mlflow:5000")',
    ]);
  });

  it('lists one line per problem and never echoes a secret', () => {
    const problems = problemsOf({
      MLFLOW_TRACKING_URI: 's3://bucket/runs',
      MLFLOW_TIMEOUT_MS: 'soon',
      LOG_LEVEL: 'loud',
      MLFLOW_TRACKING_PASSWORD: 'hunter2-secret',
    });
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('MLFLOW_TRACKING_URI:'))).toContain(
      '"s3://bucket/runs"',
    );
    expect(problems.find((p) => p.startsWith('MLFLOW_TIMEOUT_MS:'))).toContain('"soon"');
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toContain('"loud"');
    expect(problems.find((p) => p.startsWith('MLFLOW_TRACKING_USERNAME:'))).toMatch(/must be set/);
    expect(problems.join('\n')).not.toContain('hunter2-secret');
  });
});
