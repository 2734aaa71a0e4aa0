/** The element with the median `by` (the lower middle of an even count): the bench's runs are summed up by it. */
export function middle<T>(xs: readonly T[], by: (x: T) => number): T {
  return [...xs].sort((a, b) => by(a) - by(b))[Math.floor((xs.length - 1) / 2)];
}
