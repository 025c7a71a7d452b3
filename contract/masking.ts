// What a receipt or a log line may show of a person: enough for the citizen to recognise their
// own paper, not enough to identify them if it is left behind.

/** 阳秀梅 → 阳*梅, 阳梅 → 阳*, JOHN SMITH → J*********H */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/**
 * 440106198803151227 → 440106********1227 (the usual display of an 18-digit number); shorter
 * ones (permits, passports: H12345678 → H1*****78) keep two characters at each end, so at least
 * half of them is hidden.
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length <= 8) return '*'.repeat(chars.length);
  const [head, tail] = chars.length >= 18 ? [6, 4] : [2, 2];
  const hidden = '*'.repeat(chars.length - head - tail);
  return `${chars.slice(0, head).join('')}${hidden}${chars.slice(-tail).join('')}`;
}
