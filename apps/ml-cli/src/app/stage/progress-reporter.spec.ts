import { at } from '../../test/at';
import { ProgressReporter } from './progress-reporter';

describe(ProgressReporter.name, () => {
  const sink = () => {
    const out: string[] = [];
    return { out, stream: { write: (text: string) => out.push(text) } };
  };

  it('prints plain lines off a terminal, with progress every quarter', () => {
    const { out, stream } = sink();
    const sut = new ProgressReporter(stream, 'info', false);
    sut.begin('train');
    sut.info('reading');
    for (let i = 1; i <= 100; i++) sut.progress('trees', i, 100);
    sut.debug('hidden at info');
    sut.warn('careful');
    expect(out).toEqual([
      '[train] reading\n',
      '[train] trees 1/100\n',
      '[train] trees 25/100\n',
      '[train] trees 50/100\n',
      '[train] trees 75/100\n',
      '[train] trees 100/100\n',
      '[train] WARN careful\n',
    ]);
  });

  it('redraws one line in place on a terminal and clears it before the next message', () => {
    const { out, stream } = sink();
    const sut = new ProgressReporter(stream, 'info', true);
    sut.begin('train');
    sut.progress('fold', 1, 2, 'accuracy 0.9');
    sut.info('next');
    const clear = '\r\u001b[2K';
    expect(at(out, 0).startsWith(`${clear}[train] fold █`)).toBe(true);
    expect(at(out, 0).endsWith('░ 1/2 accuracy 0.9')).toBe(true);
    expect(out.slice(1)).toEqual(['\r\x1b[2K', '[train] next\n']);
  });

  it('honours the log level', () => {
    const { out, stream } = sink();
    const sut = new ProgressReporter(stream, 'warn', false);
    sut.info('no');
    sut.progress('trees', 100, 100);
    sut.error('yes');
    expect(out).toEqual(['[ml-cli] ERROR yes\n']);
  });
});
