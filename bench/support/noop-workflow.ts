/** The bare baseline the intake benchmark compares Homeward with: a workflow that does nothing. */
export async function benchNoop(): Promise<void> {}
