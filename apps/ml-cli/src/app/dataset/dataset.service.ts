import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { OutputStaging } from '../artifacts/output-staging';
import { FILES, OUTPUTS, PipelinePaths } from '../artifacts/pipeline-paths';
import {
  DATASET_FORMAT,
  type DatasetProfile,
  type ProcessedDataset,
} from '../artifacts/processed-dataset';
import { sha256File } from '../common/hashing';
import { toCompactJsonText, toJsonText } from '../common/json-files';
import { StageError } from '../common/stage.error';
import { type RawTable, readTableFile } from '../common/table-files';
import { checkDataColumns } from '../pipeline-config/column-check';
import { type DataSourceConfig } from '../pipeline-config/data-source.config';
import { type LoadedPipelineConfig } from '../pipeline-config/load-pipeline-config';
import { ProgressReporter } from '../stage/progress-reporter';
import { type StageSummary } from '../stage/stage-options';
import { querySql } from './sql-reader';
import { finishCleaning, typeTable } from './table-cleaner';

/**
 * make_dataset: reads the raw table (CSV, JSON or SQL), cleans it (trim, types, missing markers,
 * rows without a target, duplicates) and writes data/processed/{dataset,profile}.json.
 */
@Injectable()
export class DatasetService {
  constructor(
    private readonly paths: PipelinePaths,
    private readonly reporter: ProgressReporter,
  ) {}

  async run({ config, path: configPath }: LoadedPipelineConfig): Promise<StageSummary> {
    const { source, target, missingValues, dropDuplicates, columnTypes } = config.data;
    const imported = source.importFrom ? await this.importRaw(source) : undefined;
    const table = await this.read(source);
    this.reporter.info(
      `read ${table.rows.length} rows × ${table.columns.length} columns from ${table.location} (sha256 ${table.sha256.slice(0, 12)}…)`,
    );
    if (table.rows.length === 0) throw new StageError(`${table.location} has no rows`);
    const typed = typeTable(table.rows, table.columns, { missingValues, columnTypes });
    checkDataColumns(config, typed.columns, typed.examples, configPath);
    const cleaned = finishCleaning(typed, { target, missingValues, dropDuplicates, columnTypes });
    if (cleaned.rows.length === 0) {
      throw new StageError(
        `no rows left: every row of ${table.location} lacks the target "${target}"`,
      );
    }
    const classes =
      config.task === 'classification'
        ? countBy(cleaned.rows.map((row) => String(row[target])))
        : undefined;
    const dataset: ProcessedDataset = {
      format: DATASET_FORMAT,
      target,
      columns: cleaned.columns,
      missingValues,
      sourceSha256: table.sha256,
      rows: cleaned.rows,
    };
    const profile: DatasetProfile = {
      source: {
        format: source.format,
        location: table.location,
        ...(imported && { importedFrom: imported }),
        sha256: table.sha256,
      },
      rows: {
        in: table.rows.length,
        out: cleaned.rows.length,
        droppedMissingTarget: cleaned.droppedMissingTarget,
        droppedDuplicates: cleaned.droppedDuplicates,
      },
      columns: cleaned.profile,
      target: { name: target, ...(classes && { classes }) },
    };
    await OutputStaging.run(this.paths, 'dataset', [OUTPUTS.processed], async (staging) => {
      await staging.writeFile(FILES.dataset, toCompactJsonText(dataset));
      await staging.writeFile(FILES.profile, toJsonText(profile));
    });
    const missing = cleaned.profile
      .filter((c) => c.missing > 0)
      .map((c) => `${c.name} ${c.missing}`);
    this.reporter.info(
      `kept ${cleaned.rows.length} rows; dropped ${cleaned.droppedMissingTarget} without a target and ${cleaned.droppedDuplicates} duplicates; missing cells: ${missing.join(', ') || 'none'}`,
    );
    return {
      rowsIn: profile.rows.in,
      rowsOut: profile.rows.out,
      droppedMissingTarget: cleaned.droppedMissingTarget,
      droppedDuplicates: cleaned.droppedDuplicates,
      columns: cleaned.columns.length,
      sha256: table.sha256,
      outputs: [FILES.dataset, FILES.profile],
    };
  }

  private read(source: DataSourceConfig): Promise<RawTable> {
    if (source.format === 'sql') {
      return querySql(source.url ?? '', source.query ?? '', (p) => this.paths.resolve(p));
    }
    const path = source.path ?? '';
    return readTableFile(this.paths.resolve(path), {
      displayPath: path,
      format: source.format,
      delimiter: source.delimiter,
    });
  }

  /** Copies `importFrom` to `path` (temp file + rename) and records its sha256 beside it. */
  private async importRaw(source: DataSourceConfig): Promise<string> {
    const from = source.importFrom ?? '';
    const to = this.paths.resolve(source.path ?? '');
    const origin = this.paths.resolve(from);
    if (!existsSync(origin)) throw new StageError(`data.source.importFrom: ${from} not found`);
    const digest = await sha256File(origin);
    if (!existsSync(to) || (await sha256File(to)) !== digest) {
      await mkdir(dirname(to), { recursive: true });
      const temp = `${to}.tmp-${process.pid}`;
      await copyFile(origin, temp);
      await rename(temp, to);
      this.reporter.info(`imported ${from} → ${source.path}`);
    }
    await writeFile(`${to}.sha256`, `${digest}  ${basename(to)}\n`);
    return from;
  }
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of [...values].sort()) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
