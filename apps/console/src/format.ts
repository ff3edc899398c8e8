import i18n from './i18n';

/** Dates in Japan Standard Time, in the console's language; the ISO 8601 instant goes in a tooltip. */
export function formatJst(iso: string, options: { dateOnly?: boolean } = {}): string {
  const locale = i18n.language === 'en' ? 'en-GB' : 'ja-JP';
  const text = new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Tokyo',
    year: 'numeric',
    month: options.dateOnly ? 'short' : '2-digit',
    day: '2-digit',
    ...(options.dateOnly ? {} : { hour: '2-digit', minute: '2-digit', hour12: false }),
  }).format(new Date(iso));
  return options.dateOnly ? text : `${text} JST`;
}

/** A future instant `days` from now, for date inputs' defaults. */
export const daysFromNow = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** "2026-12-01" from a date input, read as the end of that day in JST. */
export const endOfJstDay = (date: string): string => new Date(`${date}T23:59:59+09:00`).toISOString();

export function download(filename: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = filename;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

export function toCsv(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) return '';
  const columns = Object.keys(rows[0]);
  const cell = (value: unknown): string => {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are handled above, what is left is a primitive
    const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    // A leading =, +, - or @ would be a formula in a spreadsheet: quote it as text.
    const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n');
}

/** A length of time split for "3 days 4 h 5 min" messages (the words come from the i18n files). */
export function durationParts(milliseconds: number): { days: number; hours: number; minutes: number } {
  const minutes = Math.max(0, Math.floor(milliseconds / 60_000));
  return { days: Math.floor(minutes / 1_440), hours: Math.floor((minutes % 1_440) / 60), minutes: minutes % 60 };
}
