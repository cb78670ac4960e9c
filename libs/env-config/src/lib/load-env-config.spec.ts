import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, Max, Min, MinLength } from 'class-validator';
import { ConfigError, configKeys, configProblems, loadEnvConfig } from './load-env-config';

class SampleConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT = 8000;

  @IsDefined({ message: 'API_TOKEN is required' })
  @IsString()
  @MinLength(12)
  API_TOKEN?: string;

  @IsString()
  NAME = 'gatehouse';
}

const SECRETS = new Set(['API_TOKEN']);

const problems = (env: Record<string, string>): string[] =>
  configProblems(() => loadEnvConfig(SampleConfig, env, SECRETS));

describe('loadEnvConfig', () => {
  it('lists the variables a class declares, with or without a default', () => {
    expect(configKeys(SampleConfig)).toEqual(['PORT', 'API_TOKEN', 'NAME']);
  });

  it('reads declared variables, converts them, keeps defaults and freezes the result', () => {
    const sut = loadEnvConfig(
      SampleConfig,
      { PORT: '9000', API_TOKEN: 'x'.repeat(12), OTHER: '1' },
      SECRETS,
    );
    expect(sut).toMatchObject({ PORT: 9000, API_TOKEN: 'x'.repeat(12), NAME: 'gatehouse' });
    expect(sut).not.toHaveProperty('OTHER');
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('treats an empty value as unset', () => {
    expect(problems({ API_TOKEN: '' })).toEqual(['API_TOKEN: API_TOKEN is required']);
  });

  it('reports every problem, one line each, echoing values except secrets', () => {
    expect(problems({ PORT: 'eighty', API_TOKEN: 'short' })).toEqual([
      'PORT: PORT must be an integer number (got "eighty")',
      'API_TOKEN: API_TOKEN must be longer than or equal to 12 characters',
    ]);
  });

  it('hides the user info of a URL it echoes', () => {
    expect(
      problems({ NAME: '', PORT: 'http://user:hunter2@host:1', API_TOKEN: 'x'.repeat(12) }),
    ).toEqual(['PORT: PORT must be an integer number (got "http://***@host:1")']);
  });

  it("gives a spec the ConfigError's lines, and throws when there is none", () => {
    expect(problems({})).toEqual(['API_TOKEN: API_TOKEN is required']);
    expect(() => problems({ API_TOKEN: 'x'.repeat(12) })).toThrow('expected a ConfigError');
    expect(() =>
      configProblems(() => {
        throw new RangeError('not a config problem');
      }),
    ).toThrow(RangeError);
  });

  it('takes a title and names each variable once when asked (ml-cli)', () => {
    let error: unknown;
    try {
      loadEnvConfig(
        SampleConfig,
        { PORT: '0' },
        { secretKeys: SECRETS, title: 'Invalid environment', nameOnce: true },
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'Invalid environment:\n  - PORT: must not be less than 1 (got "0")\n  - API_TOKEN: is required',
    );
  });
});
