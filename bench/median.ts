/** The element with the median `by` (the lower middle of an even count): the bench's runs are summed up by it. */
export function middle<T>(xs: readonly T[], by: (x: T) => number): T {
  // A measure that could not be read (NaN) sorts last, so the order is well defined.
  const key = (x: T) => {
    const v = by(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  return [...xs].sort((a, b) => key(a) - key(b))[Math.floor((xs.length - 1) / 2)];
}
