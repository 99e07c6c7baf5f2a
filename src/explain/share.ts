/** `33.3%`: shares are printed with one decimal, trailing zero dropped. */
export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1).replace(/\.0$/, '')}%`;
}
