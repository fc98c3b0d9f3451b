/** How a case is labelled on its card and its page: a suggestion's topic is not said twice. */
import { caseLabel } from './reception';

it.each([
  [{ kind: 'booking', suggestionKind: null, topic: '心理与情绪' }, '接待 · 心理与情绪'],
  [{ kind: 'suggestion', suggestionKind: 'suggestion', topic: '意见建议' }, '意见建议'],
  [{ kind: 'suggestion', suggestionKind: 'complaint', topic: '意见建议' }, '投诉 · 意见建议'],
] as const)('%o reads %p', (c, text) => {
  expect(caseLabel(c as Parameters<typeof caseLabel>[0])).toBe(text);
});
