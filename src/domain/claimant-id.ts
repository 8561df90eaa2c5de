/** A claimant's reference within the case: their own id, or their place in the registration. */
export function claimantIdOf(claimant: { id?: string | undefined }, index: number): string {
  return claimant.id ?? `claimant-${index + 1}`;
}
