/**
 * The runtime settings of the auth-api image (apps/auth-api/Dockerfile): the API under load and
 * the argon2id reference both run with them, so the reference is the limit of that same setup.
 */
export const IMAGE_RUNTIME_ENV: Record<string, string> = {
  MALLOC_ARENA_MAX: '1',
  MALLOC_MMAP_THRESHOLD_: '67108864',
  MALLOC_TRIM_THRESHOLD_: '67108864',
  GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
  NODE_OPTIONS:
    process.env['BENCH_NODE_OPTIONS'] ?? '--max-old-space-size=160 --max-semi-space-size=4',
};
