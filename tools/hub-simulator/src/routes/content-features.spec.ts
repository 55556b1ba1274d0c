import { requiredFeatures } from './content-features';

describe('requiredFeatures', () => {
  it('needs nothing for plain text or suggested replies', () => {
    expect(requiredFeatures({ text: 'hi' })).toEqual([]);
    expect(requiredFeatures({ text: 'hi', suggestions: [{ reply: { text: 'Yes', postbackData: 'y' } }] })).toEqual([]);
  });

  it('names the feature of each suggested action', () => {
    const suggestions = [{ action: { text: 'Open', postbackData: 'o', openUrlAction: { url: 'https://example.com' } } }, { action: { text: 'Call', postbackData: 'c', dialAction: { phoneNumber: '+15550100' } } }];
    expect(requiredFeatures({ text: 'hi', suggestions })).toEqual(['ACTION_DIAL', 'ACTION_OPEN_URL']);
  });

  it('needs the rich card feature and those of the actions inside cards', () => {
    const card = { title: 't', suggestions: [{ action: { text: 'Map', postbackData: 'm', viewLocationAction: {} } }] };
    expect(requiredFeatures({ richCard: { standaloneCard: { cardContent: card } } })).toEqual(['ACTION_VIEW_LOCATION', 'RICHCARD_STANDALONE']);
    expect(requiredFeatures({ richCard: { carouselCard: { cardContents: [card, card] } } })).toEqual(['ACTION_VIEW_LOCATION', 'RICHCARD_CAROUSEL']);
  });
});
