import { AsyncLocalStorage } from 'node:async_hooks';
import { tickBatch } from './tick-batch';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('tickBatch', () => {
  /** A loader that records each batch it is given and answers every key with `key!`. */
  const recordingLoader = () => {
    const batches: string[][] = [];
    const load = tickBatch<string, string>(
      (keys) => {
        batches.push(keys);
        return Promise.resolve(keys.map((key) => `${key}!`));
      },
      (key) => key,
      3,
    );
    return { batches, load };
  };

  it('answers the lookups of one turn with one load, each with its own value', async () => {
    const { batches, load } = recordingLoader();
    const answers = await Promise.all([load('a'), load('b'), load('c')]);
    expect(answers).toEqual(['a!', 'b!', 'c!']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('looks up an equal key once and gives every caller the answer', async () => {
    const { batches, load } = recordingLoader();
    expect(await Promise.all([load('a'), load('a'), load('b')])).toEqual(['a!', 'a!', 'b!']);
    expect(batches).toEqual([['a', 'b']]);
  });

  it('splits a turn larger than the batch size', async () => {
    const { batches, load } = recordingLoader();
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(await Promise.all(keys.map(load))).toEqual(keys.map((key) => `${key}!`));
    expect(batches).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('starts a new batch for lookups made in a later turn', async () => {
    const { batches, load } = recordingLoader();
    const first = load('a');
    await nextTurn();
    const second = load('a');
    expect(await Promise.all([first, second])).toEqual(['a!', 'a!']);
    expect(batches).toEqual([['a'], ['a']]);
  });

  it('fails only the lookups of the batch whose load failed', async () => {
    let calls = 0;
    const load = tickBatch<string, string>(
      (keys) => (++calls === 1 ? Promise.reject(new Error('db down')) : Promise.resolve(keys)),
      (key) => key,
      2,
    );
    const results = await Promise.allSettled([load('a'), load('b'), load('c')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(new Error('db down'));
  });

  it('fails the lookups when the loader throws instead of rejecting', async () => {
    const load = tickBatch<string, string>(
      () => {
        throw new Error('bad sql');
      },
      (key) => key,
    );
    await expect(load('a')).rejects.toThrow('bad sql');
  });

  it("loads outside the first caller's async context, and each caller keeps its own", async () => {
    const context = new AsyncLocalStorage<string>();
    const seenByLoader: (string | undefined)[] = [];
    const load = tickBatch<string, string>(
      (keys) => {
        seenByLoader.push(context.getStore());
        return Promise.resolve(keys);
      },
      (key) => key,
    );
    const lookup = (request: string) =>
      context.run(request, async () => {
        await load(request);
        return context.getStore();
      });
    expect(await Promise.all([lookup('request-1'), lookup('request-2')])).toEqual([
      'request-1',
      'request-2',
    ]);
    expect(seenByLoader).toEqual([undefined]);
  });
});
