import { maskName, maskPhone } from './privacy';

describe('maskPhone', () => {
  it.each([
    ['13812345678', '138****5678'],
    ['138 1234 5678', '138****5678'],
    ['12345', '*****'],
    ['', ''],
    [null, ''],
  ])('%p → %p', (input, expected) => {
    expect(maskPhone(input as string | null)).toBe(expected);
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['王小明', '王*明'],
    ['欧阳娜娜', '欧**娜'],
    ['李', '李'],
  ])('%p → %p', (input, expected) => {
    expect(maskName(input)).toBe(expected);
  });
});
