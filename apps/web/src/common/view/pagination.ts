export interface PaginationView {
  summary: string;
  prevHref?: string;
  nextHref?: string;
  pages: { number: number; href: string; current: boolean }[];
}

/** Previous/next and a window of up to five page links, with the summary text (already translated). */
export function paginate(
  total: number,
  page: number,
  limit: number,
  hrefFor: (page: number) => string,
  summaryFor: (from: number, to: number, total: number) => string,
): PaginationView | undefined {
  const lastPage = Math.max(1, Math.ceil(total / limit));
  const current = Math.min(Math.max(1, page), lastPage);
  const from = total === 0 ? 0 : (current - 1) * limit + 1;
  const to = Math.min(total, current * limit);
  const start = Math.max(1, Math.min(current - 2, lastPage - 4));
  const pages = [];
  for (let n = start; n <= Math.min(lastPage, start + 4); n++)
    pages.push({ number: n, href: hrefFor(n), current: n === current });
  return {
    summary: summaryFor(from, to, total),
    prevHref: current > 1 ? hrefFor(current - 1) : undefined,
    nextHref: current < lastPage ? hrefFor(current + 1) : undefined,
    pages: lastPage > 1 ? pages : [],
  };
}

/** `/admin/users?q=ada&page=2`, leaving out empty values. */
export function hrefWith(
  path: string,
  params: Record<string, string | number | undefined>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '' && !(key === 'page' && value === 1))
      search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}
