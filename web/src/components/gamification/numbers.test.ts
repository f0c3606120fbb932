import { describe, expect, it } from 'vitest';
import { decimalOrNull, fieldText, numberProblems, wholeOrNull } from './numbers';

describe('numbers typed into program forms', () => {
  it('reads whole numbers, empty as null, anything else as not a number', () => {
    expect(wholeOrNull(' 250 ')).toBe(250);
    expect(wholeOrNull('-40')).toBe(-40);
    expect(wholeOrNull('')).toBeNull();
    expect(wholeOrNull('2.5')).toBeNaN();
    expect(wholeOrNull('ten')).toBeNaN();
  });

  it('reads decimals with a point or a comma', () => {
    expect(decimalOrNull('1,5')).toBe(1.5);
    expect(decimalOrNull('0.25')).toBe(0.25);
    expect(decimalOrNull(' ')).toBeNull();
    expect(decimalOrNull('1e3')).toBeNaN();
  });

  it('shows null as an empty field', () => {
    expect(fieldText(null)).toBe('');
    expect(fieldText(7)).toBe('7');
  });
});

describe('numberProblems', () => {
  it('names empty required fields and text that is not a number', () => {
    expect(
      numberProblems({
        cost: { value: null, required: true },
        stock: { value: Number.NaN },
        limit: { value: null },
        points: { value: 5, required: true },
      }),
    ).toEqual({ cost: 'required', stock: 'number' });
  });
});
