/**
 * Saves text as a file through the browser's download (a Blob link), so the content never has to
 * travel to main again. Browser shell: the browser's download; desktop app: see the report in
 * docs/architecture.md (downloads are blocked there by the security hooks).
 */
export function saveTextFile(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link; the URL may go a moment later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `2026-11-22` in local time, for file names. */
export function dateStamp(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
