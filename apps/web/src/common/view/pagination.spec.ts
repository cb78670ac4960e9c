import { hrefWith, paginate } from './pagination';

const href = (n: number) => `/p?page=${n}`;
const summary = (from: number, to: number, total: number) => `${from}-${to}/${total}`;

describe(paginate.name, () => {
  it('shows a window of five pages around the current one', () => {
    const sut = paginate(200, 6, 20, href, summary);
    expect(sut?.pages.map((p) => p.number)).toEqual([4, 5, 6, 7, 8]);
    expect(sut?.pages.find((p) => p.current)?.number).toBe(6);
    expect(sut).toMatchObject({
      summary: '101-120/200',
      prevHref: '/p?page=5',
      nextHref: '/p?page=7',
    });
  });

  it('has no links for a single page, and clamps a page past the end', () => {
    expect(paginate(3, 1, 20, href, summary)).toMatchObject({
      pages: [],
      summary: '1-3/3',
      prevHref: undefined,
      nextHref: undefined,
    });
    expect(paginate(45, 99, 20, href, summary)).toMatchObject({
      summary: '41-45/45',
      nextHref: undefined,
    });
    expect(paginate(0, 1, 20, href, summary)?.summary).toBe('0-0/0');
  });
});

describe(hrefWith.name, () => {
  it('leaves out empty values and page 1', () => {
    expect(hrefWith('/admin/users', { q: 'ada lovelace', page: 1 })).toBe(
      '/admin/users?q=ada+lovelace',
    );
    expect(hrefWith('/admin/audit', { userId: undefined, type: '', page: 3 })).toBe(
      '/admin/audit?page=3',
    );
  });
});
