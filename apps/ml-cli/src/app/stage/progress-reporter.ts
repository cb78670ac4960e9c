import { type LogLevel } from '../../config/app-config';

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const BAR_WIDTH = 24;

export interface ReporterStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Stage output for people and for logs, always on stderr (stdout is kept for `--json` summaries
 * and predictions). On a terminal, progress is one line redrawn in place (stage, rows, folds,
 * trees); elsewhere it is plain log lines, with progress every 25%.
 */
export class ProgressReporter {
  private stage = 'ml-cli';
  private liveLine = false;
  private readonly lastQuarter = new Map<string, number>();

  constructor(
    private readonly stream: ReporterStream,
    private readonly level: LogLevel,
    readonly interactive = Boolean(stream.isTTY) && !process.env['CI'],
  ) {}

  begin(stage: string): void {
    this.stage = stage;
    this.lastQuarter.clear();
  }

  debug(message: string): void {
    this.line('debug', message);
  }

  info(message: string): void {
    this.line('info', message);
  }

  warn(message: string): void {
    this.line('warn', message);
  }

  error(message: string): void {
    this.line('error', message);
  }

  /** `label` done/total, e.g. `trees 37/100` or `fold 2/5`. */
  progress(label: string, done: number, total: number, detail = ''): void {
    if (LEVELS[this.level] > LEVELS.info) return;
    const suffix = detail ? ` ${detail}` : '';
    if (this.interactive) {
      const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : BAR_WIDTH;
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      this.stream.write(`\r\x1b[2K[${this.stage}] ${label} ${bar} ${done}/${total}${suffix}`);
      this.liveLine = true;
      if (done >= total) this.clearLive();
      return;
    }
    const quarter = total > 0 ? Math.floor((done / total) * 4) : 4;
    if (quarter > (this.lastQuarter.get(label) ?? -1)) {
      this.lastQuarter.set(label, quarter);
      this.line('info', `${label} ${done}/${total}${suffix}`);
    }
    // A finished sequence starts over if the same label comes again (one bar per forest).
    if (done >= total) this.lastQuarter.delete(label);
  }

  private line(level: Exclude<LogLevel, 'silent'>, message: string): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    this.clearLive();
    const tag = level === 'info' ? '' : `${level.toUpperCase()} `;
    this.stream.write(`[${this.stage}] ${tag}${message}\n`);
  }

  private clearLive(): void {
    if (!this.liveLine) return;
    this.stream.write('\r\x1b[2K');
    this.liveLine = false;
  }
}
