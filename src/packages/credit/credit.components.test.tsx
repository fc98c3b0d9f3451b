/** StarLevel and Distribution (H5 flavour) in jsdom, fed by the same pure rules the server uses. */
import { render } from '@tarojs/test-utils-react/dist/pure';
import { DEFAULT_THRESHOLDS, distribution, starLevelFor } from '@shared/credit/credit.rules';
import StarLevel from './components/StarLevel';
import Distribution from './components/Distribution';

describe('StarLevel', () => {
  it.each([
    [0, 0, '尚未获得星级', '再学习 4 课时（参加现场课程或完成线上微课），即可达到★'],
    [6, 1, '已达到 1 星', '再学习 2 课时（参加现场课程或完成线上微课），即可达到★★'],
    [40, 5, '已达到 5 星', '已达到最高星级，感谢您的坚持学习！'],
  ])('%p hours → %p stars', (hours, level, line, hint) => {
    const star = starLevelFor({ hours, sessions: 0, collective: 0 }, DEFAULT_THRESHOLDS);
    const { container } = render(<StarLevel star={star} />, {});
    const root = container.querySelector('[data-testid="star-level"]')!;
    expect(root.getAttribute('data-level')).toBe(String(level));
    expect(root.textContent).toContain(line);
    expect(container.querySelector('[data-testid="star-hint"]')!.textContent).toBe(hint);
  });
});

describe('Distribution', () => {
  it('shows families per level, never names', () => {
    const counts = distribution([0, 0, 1, 3, 5, 5, 5]);
    const { container } = render(<Distribution counts={counts} />, {});
    const text = container.querySelector('[data-testid="star-distribution"]')!.textContent;
    expect(text).toBe('2未评星11星02星13星04星35星');
  });
});
