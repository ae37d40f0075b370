/**
 * Request-size limits shared by next.config.ts (Next's own limits) and proxy.ts (the early 4xx).
 * Every server action takes a few short fields (the largest: a password of ≤ 1024 characters, an
 * intent token, an app name), so 16 KiB is generous.
 * @see https://nextjs.org/docs/app/api-reference/config/next-config-js/serverActions#bodysizelimit
 */
export const MAX_ACTION_BODY_BYTES = 16 * 1024;
