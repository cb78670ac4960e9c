import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { BackgroundWork } from '../../src/app/account/background-work';
import type { RunningApp } from '../support/test-app';
import { checkResponse, type Finding, STACK_TRACE } from './checks';
import { OperationFixtures } from './fixtures';
import { captureLog, logProblems } from './log-capture';
import { type Mutation, mutationsFor } from './mutations';
import { type OpenApiDocument, type Operation, operationsOf } from './openapi';
import { render } from './request-draft';
import { changedTables, comparedTables, type Snapshot, takeSnapshot } from './row-snapshot';
import { send } from './transport';

/** The knobs, from the environment (see README, "Bad input"). */
export interface CampaignOptions {
  seed: number;
  /** Mutated requests per operation (each operation also gets its baseline request). */
  runs: number;
  /** Only operations whose operationId contains this. */
  only?: string;
  trace: boolean;
  reportPath?: string;
}

export const DEFAULT_SEED = 20_251_111;
export const DEFAULT_RUNS = 50;

export function campaignOptions(env = process.env): CampaignOptions {
  return {
    seed: Number(env['CAMPAIGN_SEED'] ?? DEFAULT_SEED),
    runs: Number(env['CAMPAIGN_RUNS'] ?? DEFAULT_RUNS),
    only: env['CAMPAIGN_ONLY'] || undefined,
    trace: env['CAMPAIGN_TRACE'] === '1',
    reportPath: env['CAMPAIGN_REPORT'] || undefined,
  };
}

export interface RecordedFinding extends Finding {
  operationId: string;
  kind: string;
  label: string;
  request: string;
}

export interface CampaignResult {
  database: string;
  seed: number;
  runs: number;
  operations: number;
  requests: number;
  durationMs: number;
  /** Per operation: responses by status, findings by category. */
  byOperation: Record<
    string,
    { statuses: Record<number, number>; findings: Record<string, number> }
  >;
  /** Findings by category over the whole campaign. */
  byCategory: Record<string, number>;
  findings: RecordedFinding[];
}

/** A seed per operation, so CAMPAIGN_ONLY replays exactly the requests of the full run. */
const seedFor = (seed: number, operationId: string) =>
  [...operationId].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, seed);

const BASELINE: Mutation = {
  kind: 'baseline',
  label: 'valid request',
  invalid: false,
  apply: () => undefined,
};

/**
 * The rows once a 202's work is done: 202 Accepted answers before the work (forgot-password
 * looks the account up afterwards, so timing tells nothing); its writes belong to it, not to
 * the next request.
 */
async function settledSnapshot(sut: RunningApp, tables: string[]): Promise<Snapshot> {
  await sut.app.get(BackgroundWork, { strict: false }).settled();
  return takeSnapshot(sut.dataSource, tables);
}

/**
 * Runs the campaign against a running app: for each operation of its OpenAPI document, a valid
 * baseline request and `runs` mutations of it drawn by fast-check, each checked as it returns.
 */
export async function runCampaign(
  sut: RunningApp,
  databaseName: string,
  options: CampaignOptions,
): Promise<CampaignResult> {
  const started = Date.now();
  const document = (await sut.http.get<OpenApiDocument>('/docs-json')).body;
  const operations = operationsOf(document).filter(
    (op) => !options.only || op.operationId.includes(options.only),
  );
  const port = Number(new URL(sut.http.baseUrl).port);
  const log = captureLog(sut.app);
  const tables = await comparedTables(sut.dataSource);
  const result: CampaignResult = {
    database: databaseName,
    seed: options.seed,
    runs: options.runs,
    operations: operations.length,
    requests: 0,
    durationMs: 0,
    byOperation: {},
    byCategory: {},
    findings: [],
  };
  const record = (op: Operation, mutation: Mutation, request: string, finding: Finding) => {
    const counts = result.byOperation[op.operationId] ?? { statuses: {}, findings: {} };
    counts.findings[finding.category] = (counts.findings[finding.category] ?? 0) + 1;
    result.byCategory[finding.category] = (result.byCategory[finding.category] ?? 0) + 1;
    result.findings.push({
      ...finding,
      operationId: op.operationId,
      kind: mutation.kind,
      label: mutation.label,
      request,
    });
  };

  let before: Snapshot | undefined;
  for (const op of operations) {
    const fixtures = new OperationFixtures(sut, op);
    const base = await fixtures.baseline();
    const mutations = fc.sample(
      mutationsFor(
        op,
        { body: base.body ?? {}, pathParams: base.pathParams },
        sut.config.BODY_LIMIT_BYTES,
      ),
      { seed: seedFor(options.seed, op.operationId), numRuns: options.runs },
    );
    result.byOperation[op.operationId] = { statuses: {}, findings: {} };
    log.take();
    before = undefined;
    for (const mutation of [BASELINE, ...mutations]) {
      const draft = await fixtures.baseline();
      mutation.apply(draft);
      const wire = render(op, draft);
      const described = `${wire.method} ${wire.target.slice(0, 120)} [${mutation.kind}: ${mutation.label}]`;
      before ??= await takeSnapshot(sut.dataSource, tables);
      result.requests++;
      let findings: Finding[];
      let status = 0;
      try {
        const response = await send(port, wire);
        status = response.status;
        findings = checkResponse(op, response, mutation.invalid);
        if (status >= 400 && status < 500) {
          const after = await takeSnapshot(sut.dataSource, tables);
          const changed = changedTables(before, after);
          if (changed.length > 0)
            findings.push({
              category: 'rows-changed',
              detail: `${status} changed ${changed.join(', ')}`,
            });
          before = after;
        } else {
          before = status === 202 ? await settledSnapshot(sut, tables) : undefined;
        }
      } catch (error) {
        findings = [{ category: 'no-answer', detail: String(error) }];
        before = undefined;
      }
      for (const line of logProblems(log.take(), STACK_TRACE))
        findings.push({ category: 'log', detail: line.slice(0, 400) });
      const counts = result.byOperation[op.operationId] ?? { statuses: {}, findings: {} };
      counts.statuses[status] = (counts.statuses[status] ?? 0) + 1;
      for (const finding of findings) record(op, mutation, described, finding);
      if (options.trace)
        process.stdout.write(
          `${status} ${described}${findings.length ? ` !! ${findings.map((f) => f.category).join(',')}` : ''}\n`,
        );
    }
  }
  result.durationMs = Date.now() - started;
  if (options.reportPath) writeReport(options.reportPath, result);
  return result;
}

/** CAMPAIGN_REPORT=path: one JSON report per database, `path` with the database before `.json`. */
function writeReport(path: string, result: CampaignResult): void {
  const file = path.endsWith('.json')
    ? `${path.slice(0, -5)}-${result.database}.json`
    : `${path}-${result.database}.json`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(result, null, 2));
}

export const summaryOf = (r: CampaignResult) =>
  `bad-input campaign [${r.database}]: ${r.operations} operations, ${r.requests} requests, ` +
  `seed ${r.seed}, ${r.runs} runs per operation, ${(r.durationMs / 1000).toFixed(1)} s, ` +
  `findings ${JSON.stringify(r.byCategory)}`;
