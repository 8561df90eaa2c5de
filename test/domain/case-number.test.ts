import { checkLetter, formatCaseNumber, isValidCaseNumber, workflowIdFor } from '../../src/domain/case-number';

describe('case numbers', () => {
  it('are formatted as HW-year-serial-check', () => {
    expect(formatCaseNumber(2026, 123)).toMatch(/^HW-2026-000123-[A-HJ-NP-Y]$/);
    expect(isValidCaseNumber(formatCaseNumber(2026, 123))).toBe(true);
  });

  it('reject serials and years outside the format', () => {
    expect(() => formatCaseNumber(2026, 0)).toThrow(RangeError);
    expect(() => formatCaseNumber(2026, 1_000_000)).toThrow(RangeError);
    expect(() => formatCaseNumber(99, 1)).toThrow(RangeError);
  });

  it('catch every single mistyped digit', () => {
    for (const serial of [1, 42, 123, 99_999, 500_001, 999_999]) {
      const valid = formatCaseNumber(2026, serial);
      const digits = valid.replace(/\D/g, '');
      for (let position = 0; position < digits.length; position += 1) {
        for (let digit = 0; digit <= 9; digit += 1) {
          if (String(digit) === digits[position]) continue;
          const typo = digits.slice(0, position) + digit + digits.slice(position + 1);
          expect(checkLetter(typo)).not.toBe(checkLetter(digits));
        }
      }
    }
  });

  it('catch every swap of two different digits', () => {
    const digits = '2026314159';
    for (let i = 0; i < digits.length; i += 1) {
      for (let j = i + 1; j < digits.length; j += 1) {
        if (digits[i] === digits[j]) continue;
        const swapped = [...digits];
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        expect(checkLetter(swapped.join(''))).not.toBe(checkLetter(digits));
      }
    }
  });

  it('reject malformed numbers', () => {
    expect(isValidCaseNumber('HW-2026-123-K')).toBe(false);
    expect(isValidCaseNumber('hw-2026-000123-K')).toBe(false);
    expect(isValidCaseNumber('HW-2026-000123-I')).toBe(false);
  });

  it('name workflows by case number only', () => {
    expect(workflowIdFor('HW-2026-000123-K')).toBe('case-HW-2026-000123-K');
  });
});
