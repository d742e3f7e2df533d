/**
 * Which of a receipt's media types a request's `Accept` prefers: `application/pdf` only when it
 * ranks it above JSON (RFC 9110 quality values, the most specific range deciding); JSON
 * otherwise, and when there is no `Accept` at all.
 */
export function prefersPdf(accept: string | undefined): boolean {
  if (!accept) return false;
  const ranges = accept.split(',').flatMap((part) => {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    return range && Number.isFinite(quality) ? [{ range: range.trim(), quality }] : [];
  });
  const qualityOf = (type: string): number => {
    const [main] = type.split('/');
    const match =
      ranges.find((r) => r.range === type) ??
      ranges.find((r) => r.range === `${main}/*`) ??
      ranges.find((r) => r.range === '*/*');
    return match?.quality ?? 0;
  };
  const pdf = qualityOf('application/pdf');
  return pdf > 0 && pdf > qualityOf('application/json');
}
