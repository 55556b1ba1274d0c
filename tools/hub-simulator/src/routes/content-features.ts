/** Which RBM capability feature each suggested action needs on the device. */
const ACTION_FEATURES: Readonly<Record<string, string>> = {
  openUrlAction: 'ACTION_OPEN_URL',
  dialAction: 'ACTION_DIAL',
  viewLocationAction: 'ACTION_VIEW_LOCATION',
  shareLocationAction: 'ACTION_SHARE_LOCATION',
  createCalendarEventAction: 'ACTION_CREATE_CALENDAR_EVENT',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function suggestionFeatures(suggestions: unknown, into: Set<string>): void {
  if (!Array.isArray(suggestions)) return;
  for (const suggestion of suggestions) {
    const action = isRecord(suggestion) ? suggestion['action'] : undefined;
    if (!isRecord(action)) continue; // suggested replies need no device feature
    for (const [field, feature] of Object.entries(ACTION_FEATURES)) if (action[field] !== undefined) into.add(feature);
  }
}

/**
 * The device features a contentMessage needs (RBM answers 400 INVALID_ARGUMENT when the
 * device lacks one): rich cards and suggested actions, at message level or inside cards.
 */
export function requiredFeatures(contentMessage: Readonly<Record<string, unknown>>): string[] {
  const needed = new Set<string>();
  suggestionFeatures(contentMessage['suggestions'], needed);
  const richCard = contentMessage['richCard'];
  if (isRecord(richCard)) {
    if (richCard['standaloneCard'] !== undefined) needed.add('RICHCARD_STANDALONE');
    if (richCard['carouselCard'] !== undefined) needed.add('RICHCARD_CAROUSEL');
    const standalone = richCard['standaloneCard'];
    const cards = isRecord(standalone) ? [standalone['cardContent']] : isRecord(richCard['carouselCard']) ? (richCard['carouselCard']['cardContents'] as unknown[]) : [];
    for (const card of Array.isArray(cards) ? cards : []) if (isRecord(card)) suggestionFeatures(card['suggestions'], needed);
  }
  return [...needed].sort();
}
