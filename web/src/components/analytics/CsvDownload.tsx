/**
 * "Download CSV" for one table or chart: a link to the server's export where it covers the
 * table, else a button that writes the rows shown into a CSV file in the browser (cells that
 * a spreadsheet would take for a formula are neutralised by toCsv).
 */
import { useTranslation } from 'react-i18next';
import { toCsv } from '../../api/analytics';

export interface CsvRows {
  header: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

interface CsvDownloadProps {
  /** What is downloaded, for the accessible name ("Download CSV: <title>"). */
  title: string;
  /** The file name without `.csv`. */
  filename: string;
  /** The server's export address; when absent, `csv` is written in the browser. */
  href?: string;
  csv?: () => CsvRows;
}

function saveCsv(filename: string, text: string): void {
  const blob = new Blob(['\uFEFF', text], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${filename}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function CsvDownload({ title, filename, href, csv }: CsvDownloadProps) {
  const { t } = useTranslation();
  // The visible text starts the accessible name, which also says what is downloaded.
  const label = t('analytics.csv.download');
  const name = t('analytics.csv.downloadNamed', { title });
  if (href) {
    return (
      <a className="button small" href={href} download={`${filename}.csv`} aria-label={name}>
        {label}
      </a>
    );
  }
  return (
    <button
      type="button"
      className="button small"
      aria-label={name}
      onClick={() => {
        if (csv) {
          const { header, rows } = csv();
          saveCsv(filename, toCsv(header, rows));
        }
      }}
    >
      {label}
    </button>
  );
}
