/** The report formats `--format` accepts. Kept apart from the renderers so `--help` loads none of them. */
export const REPORT_FORMATS = ['table', 'json', 'ndjson', 'markdown', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
