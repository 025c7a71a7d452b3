// What a receipt or a log line may show of a person: enough for the citizen to recognise their
// own paper, not enough to identify them if it is left behind.

/** 阳秀梅 → 阳*梅, 阳梅 → 阳*, JOHN SMITH → J*********H */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 440106198803151227 → 440106********1227 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id.trim());
  if (chars.length <= 8) return '*'.repeat(chars.length);
  return `${chars.slice(0, 6).join('')}${'*'.repeat(chars.length - 10)}${chars.slice(-4).join('')}`;
}
