/** A refusal from the server (a non-2xx answer), as opposed to a failed connection. */
export class RefusedError extends Error {}

export const json = { 'content-type': 'application/json' };

/** POSTs JSON (as `token`'s bearer, if given) and returns the parsed answer; throws on non-2xx. */
export async function post(url: string, body?: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { ...json };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
  if (!response.ok) throw new RefusedError(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}
