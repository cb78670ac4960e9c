import { Logger } from '@nestjs/common';
import { BackgroundWork } from './background-work';

describe('BackgroundWork', () => {
  const gate = () => {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  };

  it('starts the work after the caller returns, not during the call', () => {
    const work = jest.fn(() => Promise.resolve());
    new BackgroundWork().run('job', work);
    expect(work).not.toHaveBeenCalled();
  });

  it('settles only once every task, including one started by another, has finished', async () => {
    const sut = new BackgroundWork();
    const first = gate();
    const done: string[] = [];
    sut.run('first', async () => {
      await first.opened;
      sut.run('second', () => Promise.resolve(void done.push('second')));
      done.push('first');
    });
    let settled = false;
    const waiting = sut.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(settled).toBe(false);
    first.open();
    await waiting;
    expect(done).toEqual(['first', 'second']);
  });

  it('logs a failed task by its name and keeps going', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const sut = new BackgroundWork();
    sut.run('forgot-password', () => Promise.reject(new Error('database gone')));
    const after = jest.fn(() => Promise.resolve());
    sut.run('next', after);
    await sut.settled();
    expect(error).toHaveBeenCalledWith('forgot-password failed: database gone');
    expect(after).toHaveBeenCalled();
    error.mockRestore();
  });

  it('holds the shutdown until the pending work is done', async () => {
    const sut = new BackgroundWork();
    const slow = gate();
    let finished = false;
    sut.run('mail', async () => {
      await slow.opened;
      finished = true;
    });
    const shutdown = sut.beforeApplicationShutdown();
    setTimeout(slow.open, 5);
    await shutdown;
    expect(finished).toBe(true);
  });

  it('does not let work started during the shutdown hold it up', async () => {
    const sut = new BackgroundWork();
    const early = gate();
    sut.run('early', () => early.opened);
    const shutdown = sut.beforeApplicationShutdown();
    const late = gate(); // never opened: steady traffic would always have one of these
    sut.run('late', () => late.opened);
    early.open();
    await shutdown;
    late.open();
    await sut.settled();
  });
});
