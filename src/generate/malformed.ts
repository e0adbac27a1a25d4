// Broken lines for testing reject handling, derived from the event line just before them so they
// look like real damage (a cut-off write, a hand edit) rather than noise. None of them parses.

export function malformedLine(previous: string, ordinal: number): string {
  switch (ordinal % 4) {
    case 0: {
      // Truncated mid-line, at a different point each time (golden-ratio steps).
      const fraction = 0.3 + 0.5 * ((ordinal * 0.618034) % 1);
      return previous.slice(0, Math.max(1, Math.floor(previous.length * fraction)));
    }
    case 1:
      return previous.slice(0, -1) + ',}'; // trailing comma
    case 2:
      return '{artist' + previous.slice('{"artist"'.length); // unquoted key
    default:
      return previous.replace('"auth":"', '"auth":"\\x'); // invalid escape
  }
}
