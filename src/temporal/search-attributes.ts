/** Search attributes the dev server registers and runs set, so the Web UI can filter training runs. */
export const SEARCH_ATTRIBUTES = {
  AgiStrategy: 'Keyword',
  AgiSampleCount: 'Int',
  AgiOutcome: 'Keyword',
} as const;
