/**
 * Where a change page goes when done: the `return` query parameter (the check page, the status
 * page while answering change requests), if it is a path of this app, else `fallback`.
 */
export const returnTo = (params: URLSearchParams, fallback: string): string => {
  const back = params.get('return');
  return back?.startsWith('/') && !back.startsWith('//') ? back : fallback;
};

/** The `return` query of a link to a change page. */
export const withReturn = (path: string, back?: string): string =>
  back ? `${path}?return=${encodeURIComponent(back)}` : path;
